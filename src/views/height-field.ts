/**
 * A grid of numbers as a 3-D surface (three.js): `renderHeightField(el, data, options)`.
 *
 * Heights are the values normalised to the largest |value|, colours come from the same ColorScale as the 2-D
 * heatmaps, so the two views read alike. Rendering happens on demand — after a data change, an orbit drag or a
 * hover — never in a perpetual loop. The WebGL objects live in a WeakMap keyed by the element, so calling
 * again updates the same scene; `disposeHeightField(el)` frees everything (call it on cleanup).
 * `preserveDrawingBuffer: true` lets tests and screenshots read the canvas.
 */
import {
  BufferAttribute, BufferGeometry, Color, DoubleSide, Mesh, MeshBasicMaterial, MeshLambertMaterial, AmbientLight,
  DirectionalLight, PerspectiveCamera, Raycaster, Scene, SphereGeometry, Vector2, WebGLRenderer, LineSegments,
  EdgesGeometry, LineBasicMaterial, BoxGeometry,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { ColorScale } from './color.ts';
import type { Cell, GridData } from './heatmap.ts';
import { hasWebGL, rendererOptions } from './webgl.ts';
import { setAttr } from '../util/dom.ts';

export { hasWebGL };

export interface HeightFieldOptions {
  label: string;
  scale: ColorScale;
  width?: number;
  height?: number;
  /** Height of the tallest |value| relative to the grid's larger side (default 0.35). */
  relief?: number;
  activeCell?: Cell | null;
  onHover?: (cell: Cell | null) => void;
  testId?: string;
}

interface SceneState {
  renderer: WebGLRenderer;
  scene: Scene;
  camera: PerspectiveCamera;
  controls: OrbitControls;
  mesh: Mesh<BufferGeometry, MeshLambertMaterial>;
  frame: LineSegments;
  marker: Mesh<SphereGeometry, MeshBasicMaterial>;
  data: GridData;
  heights: Float32Array;
  options: HeightFieldOptions;
  shapeKey: string;
  lastHover: string;
  render: () => void;
}

const scenes = new WeakMap<HTMLElement, SceneState>();

/** Surface vertices sit at cell centres; a single row or column is doubled so there is always a surface. */
function gridSize(data: GridData): { r: number; c: number } {
  return { r: Math.max(2, data.rows), c: Math.max(2, data.cols) };
}

function buildGeometry(data: GridData): BufferGeometry {
  const { r, c } = gridSize(data);
  const geom = new BufferGeometry();
  geom.setAttribute('position', new BufferAttribute(new Float32Array(r * c * 3), 3));
  geom.setAttribute('color', new BufferAttribute(new Float32Array(r * c * 3), 3));
  const index: number[] = [];
  for (let i = 0; i < r - 1; i++) {
    for (let j = 0; j < c - 1; j++) {
      const a = i * c + j;
      index.push(a, a + c, a + 1, a + 1, a + c, a + c + 1);
    }
  }
  geom.setIndex(index);
  return geom;
}

function valueAt(data: GridData, i: number, j: number): number {
  const v = data.values[Math.min(i, data.rows - 1) * data.cols + Math.min(j, data.cols - 1)];
  return Number.isFinite(v) ? v : 0;
}

function updateGeometry(s: SceneState): void {
  const { data, options } = s;
  const { r, c } = gridSize(data);
  const side = Math.max(r, c);
  let maxAbs = 0;
  for (let i = 0; i < data.rows * data.cols; i++) {
    const v = data.values[i];
    if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const relief = (options.relief ?? 0.35) * side;
  const pos = s.mesh.geometry.getAttribute('position') as BufferAttribute;
  const col = s.mesh.geometry.getAttribute('color') as BufferAttribute;
  const color = new Color();
  s.heights = new Float32Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = valueAt(data, i, j);
      const h = maxAbs > 0 ? (v / maxAbs) * relief : 0;
      const k = i * c + j;
      s.heights[k] = h;
      // x to the right, y up (height), z towards the viewer = down the rows, as a heatmap seen from the front.
      pos.setXYZ(k, j - (c - 1) / 2, h, i - (r - 1) / 2);
      color.setStyle(options.scale(v));
      col.setXYZ(k, color.r, color.g, color.b);
    }
  }
  pos.needsUpdate = true;
  col.needsUpdate = true;
  s.mesh.geometry.computeVertexNormals();
  s.mesh.geometry.computeBoundingSphere();
  s.mesh.geometry.computeBoundingBox();
}

function placeMarker(s: SceneState): void {
  const a = s.options.activeCell;
  const { r, c } = gridSize(s.data);
  if (!a || a.row >= s.data.rows || a.col >= s.data.cols) {
    s.marker.visible = false;
    return;
  }
  s.marker.visible = true;
  s.marker.position.set(a.col - (c - 1) / 2, s.heights[a.row * c + a.col] + 0.15, a.row - (r - 1) / 2);
  s.marker.scale.setScalar(Math.max(0.35, Math.max(r, c) / 40));
}

function frameCamera(s: SceneState): void {
  const { r, c } = gridSize(s.data);
  const side = Math.max(r, c);
  s.camera.position.set(0, side * 0.95, side * 1.25);
  s.camera.near = side / 100;
  s.camera.far = side * 10;
  s.camera.updateProjectionMatrix();
  s.controls.target.set(0, 0, 0);
  s.controls.update();
  s.frame.geometry.dispose();
  s.frame.geometry = new EdgesGeometry(new BoxGeometry(c - 1, 0.001, r - 1));
}

function createScene(el: HTMLElement, data: GridData, options: HeightFieldOptions): SceneState {
  const width = options.width ?? 360;
  const height = options.height ?? 280;
  const renderer = new WebGLRenderer(rendererOptions());
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
  renderer.setSize(width, height);
  renderer.setClearColor(0x000000, 0);
  const canvas = renderer.domElement;
  canvas.setAttribute('role', 'img');
  canvas.tabIndex = 0;
  el.append(canvas);

  const scene = new Scene();
  scene.add(new AmbientLight(0xffffff, 1.6));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(0.4, 1, 0.6);
  scene.add(sun);
  const camera = new PerspectiveCamera(40, width / height, 0.1, 1000);
  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = false;
  controls.enablePan = false;
  const mesh = new Mesh(buildGeometry(data), new MeshLambertMaterial({ vertexColors: true, side: DoubleSide }));
  scene.add(mesh);
  const frame = new LineSegments(new BufferGeometry(), new LineBasicMaterial({ color: 0x888888 }));
  scene.add(frame);
  const marker = new Mesh(new SphereGeometry(0.5, 16, 12), new MeshBasicMaterial({ color: 0xf59e0b }));
  marker.visible = false;
  scene.add(marker);

  const state: SceneState = {
    renderer, scene, camera, controls, mesh, frame, marker, data, options,
    heights: new Float32Array(0), shapeKey: `${data.rows}x${data.cols}`, lastHover: '',
    render: () => renderer.render(scene, camera),
  };
  controls.addEventListener('change', state.render);

  const raycaster = new Raycaster();
  const ndc = new Vector2();
  canvas.addEventListener('pointermove', (ev) => {
    const s = scenes.get(el);
    if (!s?.options.onHover || ev.buttons !== 0) return;
    const rect = canvas.getBoundingClientRect();
    ndc.set(((ev.clientX - rect.left) / rect.width) * 2 - 1, -((ev.clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, s.camera);
    const hit = raycaster.intersectObject(s.mesh, false)[0];
    const { r, c } = gridSize(s.data);
    let cell: Cell | null = null;
    if (hit) {
      const col = Math.round(hit.point.x + (c - 1) / 2);
      const row = Math.round(hit.point.z + (r - 1) / 2);
      if (row >= 0 && row < s.data.rows && col >= 0 && col < s.data.cols) cell = { row, col };
    }
    const key = cell ? `${cell.row},${cell.col}` : '';
    if (key !== s.lastHover) {
      s.lastHover = key;
      s.options.onHover(cell);
    }
  });
  canvas.addEventListener('pointerleave', () => {
    const s = scenes.get(el);
    if (s?.options.onHover && s.lastHover !== '') {
      s.lastHover = '';
      s.options.onHover(null);
    }
  });
  scenes.set(el, state);
  frameCamera(state);
  return state;
}

export function renderHeightField(el: HTMLElement, data: GridData, options: HeightFieldOptions): void {
  if (!hasWebGL()) {
    if (!el.querySelector('.height-field-fallback')) {
      const p = document.createElement('p');
      p.className = 'height-field-fallback';
      p.textContent = 'This browser has no WebGL, so the 3-D view is not available; the 2-D views show the same numbers.';
      el.replaceChildren(p);
    }
    return;
  }
  let s = scenes.get(el);
  if (!s) s = createScene(el, data, options);
  const shapeKey = `${data.rows}x${data.cols}`;
  s.data = data;
  s.options = options;
  if (shapeKey !== s.shapeKey) {
    s.mesh.geometry.dispose();
    s.mesh.geometry = buildGeometry(data);
    s.shapeKey = shapeKey;
    frameCamera(s);
  }
  const canvas = s.renderer.domElement;
  setAttr(canvas, 'aria-label', `${options.label}: 3-D surface of a ${data.rows}×${data.cols} grid; drag to orbit, scroll to zoom`);
  if (options.testId) setAttr(canvas, 'data-testid', options.testId);
  updateGeometry(s);
  placeMarker(s);
  s.render();
}

/** Only move the hover marker (cheap: no geometry update). */
export function setHeightFieldActiveCell(el: HTMLElement, cell: Cell | null): void {
  const s = scenes.get(el);
  if (!s) return;
  s.options = { ...s.options, activeCell: cell };
  placeMarker(s);
  s.render();
}

export function disposeHeightField(el: HTMLElement): void {
  const s = scenes.get(el);
  if (!s) return;
  s.controls.dispose();
  s.mesh.geometry.dispose();
  s.mesh.material.dispose();
  s.frame.geometry.dispose();
  (s.frame.material as LineBasicMaterial).dispose();
  s.marker.geometry.dispose();
  s.marker.material.dispose();
  s.renderer.dispose();
  s.renderer.forceContextLoss();
  s.renderer.domElement.remove();
  scenes.delete(el);
}
