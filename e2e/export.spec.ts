import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { test, expect } from './fixtures.ts';
import { decodeModel } from '../src/onnx/decode.ts';
import { decodePng } from '../src/training/png.ts';
import { BatchNormPage } from './batch-norm.page.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';
import { TrainingPage } from './training.page.ts';

async function exportFrom(page: Page, panel: string, kind: string): Promise<Buffer> {
  await page.getByTestId(`export-${panel}`).locator('summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${panel}`).locator(`button[data-export="${kind}"]`).click(),
  ]);
  return readFileSync((await download.path())!);
}

test('the paint panel exports PNG, SVG, JSON, a PyTorch snippet and .onnx that all parse', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1&inH=4&inW=4&input=noise&kernel=gaussian');
  await expect.poll(() => app.value('status')).toBe('ready');

  const png = await exportFrom(page, 'paint', 'png');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.readUInt32BE(16)).toBeGreaterThan(200); // width in px

  const svg = (await exportFrom(page, 'paint', 'svg')).toString();
  expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // The whole panel: every heatmap (input 4×4, kernel 3×3, output 8×8) and the panel's title as text. On screen
  // the cells and printed values are canvases; the SVG gets every cell as a vector rect (under the cell borders)
  // and every value as text, coloured like the screen.
  expect(svg).toContain('Paint: each input pixel stamps the kernel');
  const groups = [...svg.matchAll(/<g class="cell-fills"[^>]*>(.*?)<\/g>/g)].map((m) => m[1]);
  expect(groups.map((g) => g.match(/<rect /g)?.length)).toEqual([16, 9, 64]);
  const fills = groups[2];
  const cells = [...fills.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" fill="([^"]+)"/g)];
  expect(cells.length).toBe(64);
  expect(cells[63].slice(1, 3)).toEqual(['7', '7']);
  expect(new Set(cells.map((c) => c[3])).size).toBeGreaterThan(4);
  const printed = [...svg.matchAll(/<g class="values"[^>]*>(.*?)<\/g>/g)].map((m) => m[1]).find((g) => g.match(/<text /g)?.length === 64) ?? '';
  const texts = [...printed.matchAll(/<text [^>]*x="(\d+)" y="(\d+)"[^>]*>([^<]+)<\/text>/g)];
  expect(texts.length).toBe(64);
  expect(texts[63].slice(1, 3)).toEqual(['300', '300']); // centre of the last 40-px cell
  for (const t of texts) expect(t[3]).toMatch(/^[−-]?\d+(\.\d+)?$/);
  // What the screen shows is what the export says: each pixel of the cells canvas has its rect's colour (the canvas
  // goes through a 256-step colour table), and the values canvas has text on it at device resolution.
  const screen = await page.getByTestId('paint-output').evaluate((el) => {
    const read = (c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data];
    const cellsCanvas = el.querySelector<HTMLCanvasElement>('canvas.cells')!;
    const valuesCanvas = el.querySelector<HTMLCanvasElement>('canvas.values')!;
    return { size: [cellsCanvas.width, cellsCanvas.height], px: read(cellsCanvas), valuesSize: [valuesCanvas.width, valuesCanvas.height], inked: read(valuesCanvas).filter((v, i) => i % 4 === 3 && v > 0).length };
  });
  expect(screen.size).toEqual([8, 8]);
  cells.forEach((c, i) => {
    const hex = c[3].match(/^#(..)(..)(..)$/);
    const rgb = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : c[3].match(/\d+/g)!.map(Number);
    for (let k = 0; k < 3; k++) expect(Math.abs(screen.px[i * 4 + k] - rgb[k])).toBeLessThanOrEqual(3);
  });
  expect(screen.valuesSize).toEqual([320, 320]);
  expect(screen.inked).toBeGreaterThan(64 * 10); // dozens of inked pixels per printed value
  expect(screen.inked).toBeLessThan(320 * 320 / 4);
  // Cells sit on a unit grid scaled to the cell size: without this their borders would be cells wide.
  expect(svg).toMatch(/<path class="grid" d="M0 0H8[^"]*"[^>]*vector-effect:non-scaling-stroke/);

  const json = JSON.parse((await exportFrom(page, 'paint', 'json')).toString());
  expect(json.format).toBe('layer-lab/v2');
  expect(json.panel.branches[0].ops[0].op).toBe('ConvTranspose2d');
  expect(json.panel.branches[0].ops[0].weight.shape).toEqual([1, 1, 3, 3]);
  expect(json.panel.branches[0].output.shape).toEqual([1, 1, 8, 8]);
  expect(json.state.inH).toBe(4);

  const py = (await exportFrom(page, 'paint', 'pytorch')).toString();
  expect(py).toContain('nn.ConvTranspose2d(1, 1, kernel_size=(3, 3), stride=(2, 2)');
  const w0 = json.panel.branches[0].ops[0].weight.data[0] as number;
  expect(py).toContain(String(Number(Math.fround(w0).toPrecision(9))).slice(0, 6));

  const model = decodeModel(new Uint8Array(await exportFrom(page, 'paint', 'onnx')));
  expect(model.graph.nodes[0].opType).toBe('ConvTranspose');
  expect(model.graph.initializers.map((t) => t.name)).toContain('layer.0.weight');
});

test('exports refuse with a message while the layer is invalid', async ({ app, page }) => {
  // A link with this layer is corrected as it is read (state/schema.ts withCheck): make it invalid with the control.
  const ct = new ConvTransposePage(page);
  await ct.open();
  await ct.set('opH', 2);
  await expect.poll(() => app.value('status')).toBe('error');
  await page.getByTestId('export-paint').locator('summary').click();
  await page.getByTestId('export-paint').locator('button[data-export="json"]').click();
  await expect(page.getByTestId('notice').filter({ hasText: 'Export failed: there is no valid layer' })).toBeVisible();
});

test('presenter keys (present=1) step the stride, keep the layer valid and reset', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1&present=1');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press(']');
  await expect.poll(async () => (await app.state<{ sH: number }>()).sH).toBe(3);
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect.poll(async () => (await app.state<{ sH: number; opH: number }>())).toMatchObject({ sH: 1, opH: 0 });
  await expect.poll(() => app.value('status')).toBe('ready');
  await page.keyboard.press('r');
  await expect.poll(async () => (await app.state<{ sH: number; opH: number }>())).toMatchObject({ sH: 2, opH: 1 });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('anim-play')).toHaveAttribute('aria-pressed', 'true');
});

test('the batch-norm explorer exports its BatchNorm2d layer as a PyTorch snippet and .onnx', async ({ app, page }) => {
  await new BatchNormPage(app).open('v=1&gamma=2,1,1,1&mode=eval&steps=20');
  const py = (await exportFrom(page, 'histograms', 'pytorch')).toString();
  expect(py).toContain('nn.BatchNorm2d(4, eps=0.00001, momentum=0.1)');
  expect(py).not.toContain('.train()'); // eval mode: the Sequential stays in eval()
  expect(py).toMatch(/m\.weight\.copy_\(torch\.tensor\(\[\s+2, 1, 1, 1,/);
  const model = decodeModel(new Uint8Array(await exportFrom(page, 'histograms', 'onnx')));
  expect(model.graph.nodes[0].opType).toBe('BatchNormalization');
});

test('the scatter plots draw their dots on a canvas, and an SVG export holds every dot as a circle', async ({ app, page }) => {
  await new BatchNormPage(app).open('v=1&n=2&size=12');
  const panel = page.locator('section.panel[data-panel="scatter"]');
  await panel.scrollIntoViewIfNeeded();
  const before = page.getByTestId('scatter-before');
  // Every one of the N·H·W = 288 positions is a dot; the label says so.
  await expect(before).toHaveAttribute('aria-label', /: 288 points$/);
  const screen = await before.evaluate((svg) => {
    const canvas = svg.parentElement!.querySelector<HTMLCanvasElement>('canvas.scatter-dots')!;
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
    return { circlesOnScreen: svg.querySelectorAll('circle').length, inked, size: [canvas.width, canvas.height] };
  });
  expect(screen.circlesOnScreen).toBe(0);
  expect(screen.inked).toBeGreaterThan(288 * 3); // a few pixels per dot, overlaps aside
  expect(screen.inked).toBeLessThan(screen.size[0] * screen.size[1]);
  const svg = (await exportFrom(page, 'scatter', 'svg')).toString();
  // The whole panel: all three plots (before, after, whitened), each with every dot.
  const plots = svg.match(/<g class="pts"[^>]*>.*?<\/g>/g) ?? [];
  expect(plots).toHaveLength(3);
  const dots = plots[0] ?? '';
  expect(dots).toMatch(/fill-opacity="0.35"/);
  expect(dots).toMatch(/clip-path="url\(#scatter-clip-\d+\)"/);
  expect(svg).toMatch(/<clipPath id="scatter-clip-\d+"[^>]*><rect/);
  expect([...dots.matchAll(/<circle cx="[\d.]+" cy="[\d.]+" r="1.8"/g)]).toHaveLength(288);
  expect(dots).toMatch(/fill="#59a14f"/); // the x channel's colour (vertical edges)
});

const python = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
const torchMissing = python.error ? '/usr/bin/python3 is not installed' : python.status !== 0 ? 'python3 has no torch module' : null;

interface JsonBranch { name: string; output: { shape: number[]; data: (number | null)[] } }

/**
 * Every export the panel's menu offers, each checked: the PNG is the whole panel at ×2 (its size, ink, and dark
 * pixels where the title is), the SVG parses and carries the title (or the menu says "PNG only" for a WebGL panel),
 * the JSON parses, the .onnx has shapes on every output and reproduces the JSON's numbers — the page's — in ONNX
 * Runtime, and the .py is collected for python3-torch. Returns the menu's entries.
 */
async function checkPanelExports(page: Page, id: string, scripts: string[]): Promise<string[]> {
  const panel = page.locator(`section.panel[data-panel="${id}"]`);
  await panel.scrollIntoViewIfNeeded();
  // Lazy panels draw when they come into view: wait for the page to say every panel on screen is drawn.
  await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready' || window.__layerLab.explorer.status === 'error');
  const menu = page.getByTestId(`export-${id}`);
  await menu.locator('summary').click();
  const all = await menu.locator('button[data-export]:visible').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.export!));
  // Every panel offers its embed code (copied to the clipboard: e2e/embed.spec.ts); every other entry downloads a file.
  expect(all.at(-1), `${id}: Copy embed code`).toBe('embed');
  const kinds = all.filter((k) => k !== 'embed');
  const refused = await menu.locator('[data-export="svg-refused"]').isVisible();
  if (refused) await expect(menu.locator('[data-export="svg-refused"]')).toContainText('PNG only');
  expect(refused !== kinds.includes('svg'), `${id}: SVG offered or refused`).toBe(true);
  await menu.locator('summary').click();
  const geometry = await panel.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const h = el.querySelector('h2, h3')!;
    const t = h.getBoundingClientRect();
    return { w: box.width, h: box.height, title: h.textContent!.trim(), tx: t.left - box.left, ty: t.top - box.top, tw: t.width, th: t.height };
  });
  let json: { panel: { branches: JsonBranch[]; input: { shape: number[]; data: number[] } } } | null = null;
  for (const kind of kinds) {
    const bytes = await exportFrom(page, id, kind);
    if (kind === 'png') {
      const img = await decodePng(new Uint8Array(bytes));
      // The panel is measured before its exports run; a sub-pixel change of its layout in between (a badge or a
      // lazy re-render settling) moves ceil(height) by one CSS pixel, so allow that much.
      expect(img.width, `${id}: PNG width`).toBeGreaterThanOrEqual(Math.floor(geometry.w * 2) - 2);
      expect(img.height, `${id}: PNG height`).toBeGreaterThanOrEqual(Math.floor(geometry.h * 2) - 2);
      const c = img.channels;
      const lum = (x: number, y: number) => { const i = (y * img.width + x) * c; return (img.data[i] + img.data[i + 1] + img.data[i + 2]) / 3; };
      const bg = lum(1, 1);
      let differs = 0;
      for (let y = 0; y < img.height; y += 4) for (let x = 0; x < img.width; x += 4) if (Math.abs(lum(x, y) - bg) > 30) differs++;
      expect(differs / ((img.width / 4) * (img.height / 4)), `${id}: PNG is not blank`).toBeGreaterThan(0.01);
      let ink = 0;
      for (let y = Math.round(geometry.ty * 2); y < Math.round((geometry.ty + geometry.th) * 2); y++) {
        for (let x = Math.round(geometry.tx * 2); x < Math.round((geometry.tx + geometry.tw) * 2); x++) if (lum(x, y) < bg - 100) ink++;
      }
      expect(ink, `${id}: the title is drawn in the PNG`).toBeGreaterThan(200);
    } else if (kind === 'svg') {
      const text = bytes.toString();
      const ok = await page.evaluate((t) => !new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror'), text);
      expect(ok, `${id}: SVG parses`).toBe(true);
      expect(text).toContain(geometry.title.split(' ').slice(0, 3).join(' '));
    } else if (kind === 'json') {
      json = JSON.parse(bytes.toString());
      expect(json!.panel.branches.length).toBeGreaterThan(0);
    } else if (kind === 'pytorch') {
      expect(bytes.toString()).toContain('import torch');
      scripts.push(bytes.toString());
    } else if (kind === 'onnx') {
      const model = decodeModel(new Uint8Array(bytes));
      for (const o of model.graph.outputs) expect(o.shape?.every((d) => typeof d === 'number'), `${id}: ${o.name} has a shape`).toBe(true);
      expect(json, 'JSON comes before .onnx in the menu').not.toBeNull();
      const { input, branches } = json!.panel;
      const session = await ort.InferenceSession.create(new Uint8Array(bytes));
      const res = await session.run({ X: new ort.Tensor('float32', Float32Array.from(input.data), input.shape) });
      for (const b of branches) {
        const y = res[branches.length === 1 ? 'Y' : `Y_${b.name}`];
        expect(y.dims).toEqual(b.output.shape);
        const got = y.data as Float32Array;
        let worst = 0;
        b.output.data.forEach((v, i) => { if (v !== null) worst = Math.max(worst, Math.abs(got[i] - v)); });
        expect(worst, `${id}/${b.name}: max |ORT − page|`).toBeLessThan(1e-4);
      }
    }
  }
  return kinds;
}

function runScripts(scripts: string[]): void {
  if (torchMissing) return;
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-py-'));
  const files = scripts.map((s, i) => {
    const f = join(dir, `s${i}.py`);
    writeFileSync(f, s);
    return f;
  });
  const r = spawnSync('/usr/bin/python3', ['-c', 'import runpy,sys\nfor f in sys.argv[1:]: runpy.run_path(f)', ...files], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.match(/all outputs match Layer Lab/g)).toHaveLength(scripts.length);
}

const ALL = ['png', 'svg', 'json', 'pytorch', 'onnx'];
const IMAGES_ONLY = ['png', 'svg'];

test(`every transposed-conv panel's exports match the panel${torchMissing ? ` (.py not run: ${torchMissing})` : ''}`, async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open('#/conv-transpose?v=1&shootSize=24');
  await expect.poll(() => app.value('status')).toBe('ready');
  const scripts: string[] = [];
  for (const id of ['shape', 'paint', 'zero-insertion', 'matrix', 'overlap', 'checkerboard', 'not-inverse']) {
    expect(await checkPanelExports(page, id, scripts), id).toEqual(ALL);
  }
  expect(await checkPanelExports(page, 'height-field', scripts)).toEqual(['png', 'json', 'pytorch', 'onnx']);
  runScripts(scripts);
});

test('every batch-norm panel’s exports match the panel, training mode included', async ({ app, page }) => {
  test.setTimeout(180_000);
  await new BatchNormPage(app).open('v=1&size=12&steps=3');
  const scripts: string[] = [];
  for (const id of ['histograms', 'feature-maps', 'scatter', 'identity', 'running-stats', 'pitfalls', 'folding']) {
    expect(await checkPanelExports(page, id, scripts), id).toEqual(ALL);
  }
  expect(await checkPanelExports(page, 'tensor-3d', scripts)).toEqual(['png', 'json', 'pytorch', 'onnx']);
  expect(scripts.find((s) => s.includes('folded conv'))).toContain('nn.Conv2d(3, 4');
  expect(scripts.find((s) => s.includes('replayed over 3 training steps'))).toBeTruthy();
  runScripts(scripts);
});

test('every training panel’s exports: the networks’ current weights, and images only where there is no network', async ({ app, page }) => {
  test.setTimeout(240_000);
  const tp = new TrainingPage(app);
  await tp.open();
  await tp.button('board', 'step').click();
  await tp.waitStep('board', 1);
  const scripts: string[] = [];
  for (const id of ['checkerboard-training', 'artifact-score', 'bn-race', 'activations']) {
    expect(await checkPanelExports(page, id, scripts), id).toEqual(ALL);
  }
  for (const id of ['critic-gradient', 'lr-sweep', 'lipschitz']) expect(await checkPanelExports(page, id, scripts), id).toEqual(IMAGES_ONLY);
  expect(scripts[0]).toContain('after 1 training steps');
  runScripts([scripts[0], scripts[2]]);
});
