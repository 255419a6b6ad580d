/**
 * Cross-checking against ONNX Runtime Web in the browser, and "bring your own .onnx": parity badges turn green in
 * both explorers; a model chosen through the file input lists its nodes, each checked against ORT; a node opens in
 * its explorer with its real weights (numbers asserted against the file, read here with the app's own reader);
 * bad files give one message, log no console error (the fixture fails the test on any) and leave the model listed.
 */
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { BatchNormPage } from './batch-norm.page.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';
import { MODELS, ModelPage } from './onnx.page.ts';
import { encodeModel, extractLayer, readOnnxModel } from '../src/onnx/index.ts';
import { mulberry32 } from '../src/state/random-query.ts';

const ORT = { timeout: 45_000 };
const dcgan = readOnnxModel(new Uint8Array(readFileSync(`${MODELS}dcgan-block.onnx`))).model;

test.describe('parity badges with default settings', () => {
  test('the transposed-convolution explorer: green', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    const badge = ct.panel('paint').locator('.parity-slot[data-op="ConvTranspose"]').getByTestId('parity-badge');
    await expect(badge).toHaveAttribute('data-status', 'ok', ORT);
    await expect(badge).toContainText('ONNX Runtime: max |diff|');
  });

  test('the batch-normalization explorer: green', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    await expect(bn.panel('histograms').getByTestId('parity-badge')).toHaveAttribute('data-status', 'ok', ORT);
  });
});

test.describe('bring your own .onnx', () => {
  test('a shipped model chosen through the file input lists its nodes, each green against ONNX Runtime', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    await expect(m.page.getByRole('link', { name: 'Open .onnx' })).toHaveAttribute('aria-current', 'page');
    await m.load(`${MODELS}dcgan-block.onnx`);
    const p = await m.published();
    expect(p).toMatchObject({ status: 'ready', error: null, fileName: 'dcgan-block.onnx', reference: null });
    expect(p.layers.map((l) => [l.opType, l.inputShape, l.outputShape])).toEqual([
      ['ConvTranspose', [1, 8, 4, 4], [1, 4, 8, 8]],
      ['BatchNormalization', [1, 4, 8, 8], [1, 4, 8, 8]],
    ]);
    await expect(m.node(0)).toContainText('strides=[2, 2]');
    await expect(m.node(0)).toContainText('up.weight [8, 4, 4, 4]');
    await expect(m.node(1)).toContainText('bn.running_var [4]');
    await expect(m.badge(0)).toHaveAttribute('data-status', 'ok', ORT);
    await expect(m.badge(1)).toHaveAttribute('data-status', 'ok', ORT);
  });

  test('its ConvTranspose opens in the explorer with the node\'s shape, weights and a green badge', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    await m.load(`${MODELS}dcgan-block.onnx`);
    await m.openNode(0, 'conv-transpose');
    const ct = new ConvTransposePage(page);
    await ct.waitComputed();
    expect(await ct.outShape()).toEqual([1, 4, 8, 8]);
    expect(await ct.value('imported')).toMatchObject({ full: { inChannels: 8, outChannels: 4, groups: 1 }, slice: null });
    await expect(page.getByTestId('onnx-layer')).toContainText('from dcgan-block.onnx');
    await expect(ct.control('cin')).toHaveValue('8');
    await expect(ct.control('cin')).toBeDisabled();
    await expect(ct.control('kernel')).toHaveValue('onnx');
    // The shown kernel is the file's w[0, 0] (first three significant digits in the fields).
    const w = extractLayer(dcgan, 0);
    if (w.op !== 'ConvTranspose') throw new Error('expected a ConvTranspose');
    await expect(page.getByTestId('kernel-cell-1-2')).toHaveValue(String(Number(w.weight.data[1 * 4 + 2].toPrecision(3))));
    const badge = ct.panel('paint').locator('.parity-slot[data-op="ConvTranspose"]').getByTestId('parity-badge');
    await expect(badge).toHaveAttribute('data-status', 'ok', ORT);
    // Back on the model page the model is still listed, the node highlighted.
    await page.goBack();
    await m.app.waitReady();
    await expect(m.node(0)).toHaveClass(/mp-last-opened/);
  });

  test('its BatchNormalization opens in the batch-norm explorer with the node\'s γ, β and running statistics, green', async ({ app, page }) => {
    const m = new ModelPage(page);
    await m.open();
    await m.load(`${MODELS}dcgan-block.onnx`);
    // Once checked, the node opens with the activation that reached it when the model ran on the sample input.
    await expect(m.badge(1)).toHaveAttribute('data-status', 'ok', ORT);
    await m.openNode(1, 'batch-norm');
    const bn = new BatchNormPage(app);
    await bn.waitComputed();
    const node = extractLayer(dcgan, 1);
    if (node.op !== 'BatchNormalization') throw new Error('expected a BatchNormalization');
    expect(await bn.num('source')).toBe('onnx');
    expect(await bn.num('mode')).toBe('eval');
    expect(await bn.num('shape')).toEqual([8, 4, 24, 24]);
    // γ and β travel in the link as the shortest decimals that are the same float32 values.
    expect((await bn.num<number[]>('gamma')).map(Math.fround)).toEqual(Array.from(node.options.weight!));
    expect((await bn.num<number[]>('beta')).map(Math.fround)).toEqual(Array.from(node.options.bias!));
    expect(await bn.num<number[]>('usedMean')).toEqual(Array.from(node.options.runningMean!));
    expect(await bn.num<number[]>('usedVar')).toEqual(Array.from(node.options.runningVar!));
    // The data has the statistics of the activation that really reached the node (not its running statistics).
    await expect(page.getByTestId('onnx-layer')).toContainText('the activation that reaches this node');
    for (const s of await bn.num<number[]>('xhatStd')) expect(s).toBeGreaterThan(0);
    await expect(page.getByTestId('onnx-layer')).toContainText('BatchNormalization');
    await expect(bn.panel('histograms').getByTestId('parity-badge')).toHaveAttribute('data-status', 'ok', ORT);
  });

  test('a Conv opens as its transpose, and a reference model\'s link reloads it', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    await page.getByTestId('ref-resize-conv-block').click();
    await expect(m.node(2)).toContainText('Conv');
    await expect(page).toHaveURL(/ref=resize-conv-block/);
    await expect(m.badge(2)).toHaveAttribute('data-status', 'ok', ORT);
    await page.reload();
    await m.app.waitReady();
    await expect(m.node(2)).toBeVisible();
    expect((await m.published()).reference).toBe('resize-conv-block');
    await m.openNode(2, 'conv-transpose');
    const ct = new ConvTransposePage(page);
    await ct.waitComputed();
    expect(await ct.outShape()).toEqual([1, 4, 10, 10]); // the Conv maps 4 → 3 channels on 10×10: its transpose 3 → 4
    await expect(page.getByTestId('onnx-layer')).toContainText('Opened as its transpose');
    await expect(ct.panel('paint').locator('.parity-slot[data-op="ConvTranspose"]').getByTestId('parity-badge')).toHaveAttribute('data-status', 'ok', ORT);
  });

  test('truncated, random, layer-less and too-large files: one clear message each, no console error, the model stays listed', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    await m.load(`${MODELS}dcgan-block.onnx`);
    const bytes = readFileSync(`${MODELS}dcgan-block.onnx`);
    const stillListed = async () => {
      await expect(m.node(0)).toBeVisible();
      await expect(page.getByTestId('onnx-model')).toContainText('dcgan-block.onnx');
    };

    await m.load({ name: 'cut.onnx', buffer: bytes.subarray(0, 1000) });
    await expect(m.error).toBeVisible();
    await expect(m.error).toContainText(/^Could not open "cut\.onnx": malformed .*truncated/);
    await stillListed();

    const rand = mulberry32(7);
    await m.load({ name: 'noise.onnx', buffer: Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256))) });
    await expect(m.error).toContainText(/^Could not open "noise\.onnx": /);
    await stillListed();

    const reluOnly = encodeModel({
      irVersion: 8, producerName: 'test', producerVersion: '', opsetImports: [{ domain: '', version: 17 }],
      graph: { name: 'g', nodes: [{ name: '', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['y'], attributes: [] }], initializers: [], inputs: [], outputs: [], valueInfo: [] },
    });
    await m.load({ name: 'relu.onnx', buffer: Buffer.from(reluOnly) });
    await expect(m.error).toContainText('Could not use "relu.onnx": This model has no ConvTranspose, Conv or BatchNormalization node (it has Relu).');
    await stillListed();

    await m.dropGenerated('huge.onnx', 51 * 1024 * 1024);
    await expect(m.error).toContainText('Could not open "huge.onnx": the file is 51.0 MB; Layer Lab opens models up to 50 MB');
    await stillListed();
    expect((await m.published()).fileName).toBe('dcgan-block.onnx');

    // A good file clears the message.
    await m.load(`${MODELS}odd-conv-transpose.onnx`);
    await expect(m.error).toBeHidden();
    await expect(page.getByTestId('onnx-model')).toContainText('odd-conv-transpose.onnx');
  });

  test('after a reload the node is gone from memory: both explorers fall back with a notice', async ({ app, page }) => {
    const m = new ModelPage(page);
    await m.open();
    await m.load(`${MODELS}dcgan-block.onnx`);
    await m.openNode(0, 'conv-transpose');
    await page.reload();
    await app.waitReady();
    await expect(page.getByTestId('notice').filter({ hasText: 'The ONNX model is not loaded in this tab' })).toBeVisible();
    expect((await app.state<{ kernel: string }>()).kernel).toBe('box');
    await app.open('#/batch-norm?v=1&source=onnx&mode=eval');
    await expect(page.getByTestId('notice').filter({ hasText: 'showing the sample photographs' })).toBeVisible();
    expect((await app.state<{ source: string }>()).source).toBe('photos');
  });
});

test.describe('the model page itself', () => {
  test('no serious or critical accessibility violations, with a model listed (light and dark)', async ({ page }) => {
    const m = new ModelPage(page);
    for (const theme of ['light', 'dark']) {
      await m.open(`ref=dcgan-block&theme=${theme}`);
      await expect(m.badge(1)).toHaveAttribute('data-status', 'ok', ORT);
      expect((await seriousViolations(page)).map((v) => `${theme}: ${v}`)).toEqual([]);
    }
  });
});
