/**
 * What the 3-D views need to know about WebGL before they create a renderer: whether there is any, and whether it
 * is a software rasteriser (SwiftShader, llvmpipe — headless Chromium, machines without a GPU driver). There,
 * 4× multisampling makes every frame several times slower (each redraw is also read back to the software
 * compositor), so the views draw without antialiasing; on a GPU they keep it. Probed once, with one small context.
 */
export interface WebGLSupport {
  available: boolean;
  /** The renderer string when the browser exposes it (WEBGL_debug_renderer_info), else ''. */
  renderer: string;
  software: boolean;
}

let probed: WebGLSupport | null = null;

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function webglSupport(): WebGLSupport {
  if (probed) return probed;
  probed = { available: false, renderer: '', software: false };
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      probed = { available: true, renderer, software: SOFTWARE.test(renderer) };
      gl.getExtension('WEBGL_lose_context')?.loseContext(); // browsers cap live contexts; this one has done its job
    }
  } catch {
    // no WebGL: the views show their text fallback
  }
  return probed;
}

/** Whether this browser can make a WebGL context at all (checked once, before three.js would log an error). */
export const hasWebGL = (): boolean => webglSupport().available;

/** Renderer options for the 3-D views: antialias only where the GPU does it; the canvas stays readable for tests. */
export function rendererOptions(): { antialias: boolean; preserveDrawingBuffer: true; alpha: true } {
  return { antialias: !webglSupport().software, preserveDrawingBuffer: true, alpha: true };
}
