/**
 * An N×C×H×W batch as a 3-D stack of tiles (three.js): `renderTensorTiles(el, data, options)`.
 *
 * Each channel is a floor holding its N maps (a contact sheet), floors stacked channel 0 on top; each tile is one
 * H×W feature map coloured by the same ColorScale as the 2-D heatmaps. The selected channel's floor is opaque and
 * boxed — the N·H·W values that share one mean and one variance in BatchNorm2d — the others fade; a thin box
 * runs through the floors at the selected sample (its C maps).
 * Rendering happens on demand (data change, orbit, key), never in a loop; `preserveDrawingBuffer: true` lets tests
 * and screenshots read the canvas; `disposeTensorTiles(el)` frees every WebGL object.
 */
import {
  BoxGeometry, DataTexture, DoubleSide, EdgesGeometry, LineBasicMaterial, LineSegments, Mesh, MeshBasicMaterial,
  NearestFilter, PerspectiveCamera, PlaneGeometry, Raycaster, RGBAFormat, Scene, SRGBColorSpace, Vector2, Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { rampTable, type ColorScale } from './color.ts';
import { setAttr, setProp, setText } from '../util/dom.ts';
import { hasWebGL, rendererOptions } from './webgl.ts';
import './charts.css';

export interface TensorTilesData {
  shape: readonly [number, number, number, number];
  values: ArrayLike<number>;
}

export interface TensorTilesOptions {
  label: string;
  scale: ColorScale;
  selectedChannel: number;
  /** Outline this sample's row of tiles. */
  selectedSample?: number | null;
  /**
   * The tiles drawn opaque, the rest faded — by default the selected channel's floor (BatchNorm's statistics). With
   * it, the floor's outline is left out: the normalization page shows other norms' groups this way.
   */
  shared?: (n: number, c: number) => boolean;
  /** Labels drawn beside each channel's floor. */
  channelNames?: readonly string[];
  width?: number;
  height?: number;
  /** Clicking a tile (or keys 1…C) asks for its channel to be selected. */
  onSelectChannel?: (channel: number) => void;
  testId?: string;
}

export interface TileLayout {
  /** Centre of tile (n, c), index n·C + c. Tiles lie flat (in x–z), tileW × tileH world units. */
  centres: [number, number, number][];
  tileW: number;
  tileH: number;
  /** Samples per row on each channel's floor. */
  cols: number;
  rows: number;
  /** Box around channel c's floor (all its N tiles): centre and size, for the outline. */
  floor: (c: number) => { centre: [number, number, number]; size: [number, number, number] };
  /** Box through every floor at sample n: the sample's C maps. */
  sample: (n: number) => { centre: [number, number, number]; size: [number, number, number] };
  /** Bounding-sphere radius, for framing the camera. */
  radius: number;
}

/**
 * Where each tile goes. Every channel is one horizontal floor holding its N maps as a contact sheet; the floors are
 * stacked, channel 0 on top. One floor is exactly what BatchNorm2d reduces to one μ and one σ². Pure, so the
 * geometry is testable without WebGL.
 */
export function tileLayout(shape: readonly [number, number, number, number]): TileLayout {
  const [N, C, H, W] = shape;
  const tileW = W >= H ? 1 : W / H;
  const tileH = H >= W ? 1 : H / W;
  const gap = 0.12;
  const cols = Math.ceil(Math.sqrt(N));
  const rows = Math.ceil(N / cols);
  const floorW = cols * tileW + (cols - 1) * gap;
  const floorD = rows * tileH + (rows - 1) * gap;
  const floorGap = Math.max(0.6, 0.26 * Math.max(floorW, floorD));
  const yOf = (c: number) => ((C - 1) / 2 - c) * floorGap;
  const xOf = (n: number) => ((n % cols) - (cols - 1) / 2) * (tileW + gap);
  const zOf = (n: number) => (Math.floor(n / cols) - (rows - 1) / 2) * (tileH + gap);
  const centres: [number, number, number][] = [];
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) centres.push([xOf(n), yOf(c), zOf(n)]);
  }
  const pad = 0.1;
  return {
    centres, tileW, tileH, cols, rows,
    floor: (c) => ({ centre: [0, yOf(c), 0], size: [floorW + 2 * pad, 0.04, floorD + 2 * pad] }),
    sample: (n) => ({ centre: [xOf(n), 0, zOf(n)], size: [tileW + pad, (C - 1) * floorGap + 0.12, tileH + pad] }),
    radius: Math.hypot(floorW, (C - 1) * floorGap, floorD) / 2,
  };
}

interface TilesState extends TileSet {
  renderer: WebGLRenderer;
  camera: PerspectiveCamera;
  controls: OrbitControls;
  outline: LineSegments<EdgesGeometry, LineBasicMaterial>;
  sampleOutline: LineSegments<EdgesGeometry, LineBasicMaterial>;
  shapeKey: string;
  options: TensorTilesOptions;
  channels: number;
  layout: TileLayout | null;
  labels: HTMLElement;
  render: () => void;
}

/** Put each channel's name beside the right edge of its floor, wherever the camera has gone. */
function placeLabels(s: TilesState): void {
  const L = s.layout;
  const names = s.options.channelNames ?? [];
  if (!L) return;
  const canvas = s.renderer.domElement;
  const w = canvas.clientWidth;
  const hgt = canvas.clientHeight;
  while (s.labels.childElementCount < s.channels) s.labels.append(document.createElement('span'));
  while (s.labels.childElementCount > s.channels) s.labels.lastElementChild!.remove();
  const v = new Vector3();
  for (let c = 0; c < s.channels; c++) {
    const f = L.floor(c);
    v.set(f.centre[0] + f.size[0] / 2, f.centre[1], f.centre[2]).project(s.camera);
    const el = s.labels.children[c] as HTMLElement;
    setText(el, names[c] ?? `channel ${c}`);
    setProp(el, 'className', c === s.options.selectedChannel ? 'selected' : '');
    el.style.left = `${((v.x + 1) / 2) * w + 6}px`;
    el.style.top = `${((1 - v.y) / 2) * hgt}px`;
    el.hidden = v.z > 1;
  }
}

const states = new WeakMap<HTMLElement, TilesState>();

function tileTexture(values: ArrayLike<number>, offset: number, H: number, W: number, scale: ColorScale, table: Uint8Array, old?: DataTexture | null): DataTexture {
  const px = old && old.image.width === W && old.image.height === H ? (old.image.data as Uint8Array) : new Uint8Array(W * H * 4);
  const [d0, d1] = scale.domain;
  const span = d1 - d0;
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const v = values[offset + r * W + c];
      // Texture rows run bottom-up: flip so the tile reads like the heatmap.
      const o = ((H - 1 - r) * W + c) * 4;
      if (!Number.isFinite(v)) {
        px[o] = px[o + 1] = px[o + 2] = 189;
      } else {
        const t = span > 0 ? Math.min(1, Math.max(0, (v - d0) / span)) : 0.5;
        const k = Math.round(t * 255) * 3;
        px[o] = table[k];
        px[o + 1] = table[k + 1];
        px[o + 2] = table[k + 2];
      }
      px[o + 3] = 255;
    }
  }
  if (old && old.image.data === px) {
    old.needsUpdate = true;
    return old;
  }
  old?.dispose();
  const tex = new DataTexture(px, W, H, RGBAFormat);
  tex.magFilter = NearestFilter;
  tex.minFilter = NearestFilter;
  tex.colorSpace = SRGBColorSpace;
  tex.needsUpdate = true;
  return tex;
}

function createState(el: HTMLElement, options: TensorTilesOptions): TilesState {
  const width = options.width ?? 420;
  const height = options.height ?? 300;
  const renderer = new WebGLRenderer(rendererOptions());
  renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
  renderer.setSize(width, height);
  renderer.setClearColor(0x000000, 0);
  const canvas = renderer.domElement;
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  const wrap = document.createElement('div');
  wrap.className = 'tensor-tiles';
  const labels = document.createElement('div');
  labels.className = 'tensor-labels';
  labels.setAttribute('aria-hidden', 'true');
  wrap.append(canvas, labels);
  el.append(wrap);
  const scene = new Scene();
  const camera = new PerspectiveCamera(35, width / height, 0.05, 200);
  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = false;
  controls.enablePan = false;
  const outline = new LineSegments(new EdgesGeometry(new BoxGeometry(1, 1, 1)), new LineBasicMaterial({ color: 0xf59e0b }));
  const sampleOutline = new LineSegments(new EdgesGeometry(new BoxGeometry(1, 1, 1)), new LineBasicMaterial({ color: 0x5d636e }));
  scene.add(outline, sampleOutline);
  const s: TilesState = {
    renderer, scene, camera, controls, tiles: [], unitSquare: new PlaneGeometry(1, 1), outline, sampleOutline, shapeKey: '', options, channels: 0,
    layout: null, labels,
    render: () => {
      renderer.render(scene, camera);
      placeLabels(s);
    },
  };
  controls.addEventListener('change', s.render);

  const raycaster = new Raycaster();
  const ndc = new Vector2();
  let down: [number, number] | null = null;
  canvas.addEventListener('pointerdown', (ev) => {
    down = [ev.clientX, ev.clientY];
  });
  canvas.addEventListener('click', (ev) => {
    // A drag that orbits the view is not a click on a tile.
    if (down && Math.hypot(ev.clientX - down[0], ev.clientY - down[1]) > 4) return;
    const st = states.get(el);
    if (!st?.options.onSelectChannel) return;
    const rect = canvas.getBoundingClientRect();
    ndc.set(((ev.clientX - rect.left) / rect.width) * 2 - 1, -((ev.clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, st.camera);
    const hit = raycaster.intersectObjects(st.tiles, false)[0];
    if (hit) st.options.onSelectChannel((hit.object.userData as { channel: number }).channel);
  });
  canvas.addEventListener('keydown', (ev) => {
    const st = states.get(el);
    if (!st) return;
    const digit = Number(ev.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= st.channels && st.options.onSelectChannel) {
      st.options.onSelectChannel(digit - 1);
      return;
    }
    // Orbit with the arrow keys (OrbitControls' own keys pan, which we disable).
    const rot: Record<string, [number, number]> = { ArrowLeft: [-0.15, 0], ArrowRight: [0.15, 0], ArrowUp: [0, -0.12], ArrowDown: [0, 0.12] };
    const r = rot[ev.key];
    if (!r) return;
    ev.preventDefault();
    const offset = new Vector3().subVectors(st.camera.position, st.controls.target);
    const radius = offset.length();
    let theta = Math.atan2(offset.x, offset.z) + r[0];
    let phi = Math.acos(Math.min(1, Math.max(-1, offset.y / radius))) + r[1];
    phi = Math.min(Math.PI - 0.1, Math.max(0.1, phi));
    theta = ((theta + Math.PI) % (2 * Math.PI)) - Math.PI;
    st.camera.position.set(
      st.controls.target.x + radius * Math.sin(phi) * Math.sin(theta),
      st.controls.target.y + radius * Math.cos(phi),
      st.controls.target.z + radius * Math.sin(phi) * Math.cos(theta),
    );
    st.controls.update();
  });
  states.set(el, s);
  return s;
}

/** The tile meshes of one view, in the scene, all on one shared unit square. */
export interface TileSet {
  scene: Scene;
  tiles: Mesh<PlaneGeometry, MeshBasicMaterial>[];
  unitSquare: PlaneGeometry;
}

/**
 * Fit the tiles to a new shape: tile n·C + c is sample n of channel c, at its place in `tileLayout(shape)`. Meshes
 * and their materials are kept and only added or removed at the end: disposing every material releases their
 * shader program, and the next render would compile it again. Kept tiles keep their texture until the caller
 * refills it.
 */
export function fitTiles(set: TileSet, shape: readonly [number, number, number, number]): TileLayout {
  const L = tileLayout(shape);
  const [N, C] = shape;
  while (set.tiles.length > N * C) {
    const t = set.tiles.pop()!;
    set.scene.remove(t);
    t.material.map?.dispose();
    t.material.dispose();
  }
  while (set.tiles.length < N * C) {
    const m = new Mesh(set.unitSquare, new MeshBasicMaterial({ side: DoubleSide, transparent: true }));
    m.rotation.x = -Math.PI / 2; // lie flat, the map's top row at the far side
    set.tiles.push(m);
    set.scene.add(m);
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const m = set.tiles[n * C + c];
      m.position.set(...L.centres[n * C + c]);
      m.scale.set(L.tileW, L.tileH, 1);
      m.userData = { channel: c, sample: n };
    }
  }
  return L;
}

/** A new shape: the tiles fitted to it, and the camera framing all of them again. */
function rebuildTiles(s: TilesState, shape: readonly [number, number, number, number]): void {
  const L = fitTiles(s, shape);
  s.layout = L;
  const C = shape[1];
  s.channels = C;
  // Camera: in front, above and a little to the right, far enough to see every floor.
  const dist = (L.radius / Math.sin((s.camera.fov * Math.PI) / 360)) * 1.0;
  const dir = new Vector3(0.42, 0.62, 0.66).normalize();
  s.camera.position.copy(dir.multiplyScalar(dist));
  s.camera.near = dist / 100;
  s.camera.far = dist * 10;
  s.camera.updateProjectionMatrix();
  s.controls.target.set(0, 0, 0);
  s.controls.update();
}

export function renderTensorTiles(el: HTMLElement, data: TensorTilesData, options: TensorTilesOptions): void {
  if (!hasWebGL()) {
    if (!el.querySelector('.height-field-fallback')) {
      const p = document.createElement('p');
      p.className = 'height-field-fallback';
      p.textContent = 'This browser has no WebGL, so the 3-D view is not available; the heatmaps show the same numbers.';
      el.replaceChildren(p);
    }
    return;
  }
  const s = states.get(el) ?? createState(el, options);
  s.options = options;
  const [N, C, H, W] = data.shape;
  const key = data.shape.join('x');
  if (key !== s.shapeKey) {
    rebuildTiles(s, data.shape);
    s.shapeKey = key;
  }
  const table = rampTable(options.scale.interpolator);
  const L = tileLayout(data.shape);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const m = s.tiles[n * C + c];
      const before = m.material.map;
      m.material.map = tileTexture(data.values, (n * C + c) * H * W, H, W, options.scale, table, before as DataTexture | null);
      const selected = options.shared ? options.shared(n, c) : c === options.selectedChannel;
      m.material.opacity = selected ? 1 : 0.3;
      m.material.depthWrite = selected;
      m.renderOrder = selected ? 1 : 0;
      // Only a new texture object changes the material's program; refreshing pixels in place (texture.needsUpdate)
      // or opacity does not, and flagging the material anyway re-validates its shader on every slider move.
      if (m.material.map !== before) m.material.needsUpdate = true;
    }
  }
  const floor = L.floor(Math.min(C - 1, Math.max(0, options.selectedChannel)));
  s.outline.visible = !options.shared;
  s.outline.position.set(...floor.centre);
  s.outline.scale.set(...floor.size);
  const sample = options.selectedSample;
  s.sampleOutline.visible = sample != null && sample >= 0 && sample < N;
  if (s.sampleOutline.visible) {
    const box = L.sample(sample!);
    s.sampleOutline.position.set(...box.centre);
    s.sampleOutline.scale.set(...box.size);
  }
  const canvas = s.renderer.domElement;
  setAttr(canvas, 'aria-label',
    `${options.label}: ${C} channel floors of ${N} maps (${H}×${W}) each, in 3-D; channel ${options.selectedChannel + 1} highlighted. ` +
    'Drag or use the arrow keys to orbit, scroll to zoom, click a tile or press 1–' + C + ' to select its channel.');
  if (options.testId) setAttr(canvas, 'data-testid', options.testId);
  s.render();
}

export function disposeTensorTiles(el: HTMLElement): void {
  const s = states.get(el);
  if (!s) return;
  for (const t of s.tiles) {
    t.material.map?.dispose();
    t.material.dispose();
  }
  s.unitSquare.dispose();
  s.outline.geometry.dispose();
  s.outline.material.dispose();
  s.sampleOutline.geometry.dispose();
  s.sampleOutline.material.dispose();
  s.controls.dispose();
  s.renderer.dispose();
  s.renderer.forceContextLoss();
  s.renderer.domElement.parentElement?.remove();
  states.delete(el);
}
