import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { decodeModel } from '../src/onnx/decode.ts';
import { BatchNormPage } from './batch-norm.page.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

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
  // The largest figure is the 8×8 output. On screen its cells and printed values are canvases; the SVG gets every
  // cell as a vector rect (under the cell borders) and every value as text, coloured like the screen.
  const fills = svg.match(/<g class="cell-fills"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
  const cells = [...fills.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" fill="([^"]+)"/g)];
  expect(cells.length).toBe(64);
  expect(cells[63].slice(1, 3)).toEqual(['7', '7']);
  expect(new Set(cells.map((c) => c[3])).size).toBeGreaterThan(4);
  const printed = svg.match(/<g class="values"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
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
  expect(json.format).toBe('layer-lab/v1');
  expect(json.layer.kind).toBe('ConvTranspose2d');
  expect(json.layer.weight.shape).toEqual([1, 1, 3, 3]);
  expect(json.layer.output.shape).toEqual([1, 1, 8, 8]);
  expect(json.state.inH).toBe(4);

  const py = (await exportFrom(page, 'paint', 'pytorch')).toString();
  expect(py).toContain('nn.ConvTranspose2d(1, 1, kernel_size=(3, 3), stride=(2, 2)');
  const w0 = json.layer.weight.data[0] as number;
  expect(py).toContain(String(Number(Math.fround(w0).toPrecision(9))).slice(0, 6));

  const model = decodeModel(new Uint8Array(await exportFrom(page, 'paint', 'onnx')));
  expect(model.graph.nodes[0].opType).toBe('ConvTranspose');
  expect(model.graph.initializers.map((t) => t.name)).toContain('W');
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
  expect(py).toContain('layer.train(False)');
  expect(py).toMatch(/layer\.weight\.copy_\(torch\.tensor\(\[\s+2, 1, 1, 1,/);
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
  // A panel's SVG export is its largest figure: here the first of three plots of one size, "before".
  const plots = svg.match(/<g class="pts"[^>]*>.*?<\/g>/g) ?? [];
  expect(plots).toHaveLength(1);
  const dots = plots[0] ?? '';
  expect(dots).toMatch(/fill-opacity="0.35"/);
  expect(dots).toMatch(/clip-path="url\(#scatter-clip-\d+\)"/);
  expect(svg).toMatch(/<clipPath id="scatter-clip-\d+"[^>]*><rect/);
  expect([...dots.matchAll(/<circle cx="[\d.]+" cy="[\d.]+" r="1.8"/g)]).toHaveLength(288);
  expect(dots).toMatch(/fill="#59a14f"/); // the x channel's colour (vertical edges)
});
