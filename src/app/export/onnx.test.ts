import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { batchNorm2d } from '../../kernels/index.ts';
import { decodeModel } from '../../onnx/decode.ts';
import { outputName, traceBranch } from '../../onnx/export-graph.ts';
import { exportOnnx } from './onnx.ts';
import { panelCases } from './panel-cases.ts';

/** Largest |a − b|, NaN equal to NaN (a diverged network's output). */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return Number.isNaN(m) ? Infinity : m;
}

const python = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
const checkerMissing = python.error ? '/usr/bin/python3 is not installed'
  : python.status !== 0 ? 'python3 has no onnx module (Debian: apt-get install python3-onnx)' : null;

const cases = panelCases();

describe('exportOnnx: every panel’s .onnx reproduces the page in ONNX Runtime', () => {
  it.each(cases)('%s', async (_name, snap) => {
    const bytes = await exportOnnx(snap);
    const session = await ort.InferenceSession.create(bytes);
    const res = await session.run({ X: new ort.Tensor('float32', snap.input.data, snap.input.shape) });
    for (const b of snap.branches) {
      const y = res[outputName(snap, b)];
      expect(y.dims, b.name).toEqual(b.output.shape);
      expect(maxDiff(y.data as Float32Array, b.output.data), `${b.name}: max |ORT − page|`).toBeLessThan(1e-4);
      // A training-mode batch norm also returns the running statistics PyTorch's layer would hold after this batch.
      traceBranch(snap.input, b.ops).forEach((t, i) => {
        if (!t.running) return;
        expect(maxDiff(res[`${b.name}_bn${i}_running_mean`].data as Float32Array, t.running.mean)).toBeLessThan(1e-5);
        expect(maxDiff(res[`${b.name}_bn${i}_running_var`].data as Float32Array, t.running.variance)).toBeLessThan(1e-5);
      });
    }
  });

  it('writes batch norm in training mode as BatchNormalization with training_mode = 1, normalising with the batch', async () => {
    const [, snap] = cases.find(([n]) => n === 'batch norm: training mode (the default)')!;
    const model = decodeModel(await exportOnnx(snap));
    const bn = model.graph.nodes.find((n) => n.opType === 'BatchNormalization')!;
    expect(bn.attributes.find((a) => a.name === 'training_mode')?.i).toBe(1);
    expect(model.graph.outputs.map((o) => o.name)).toEqual(['layer_bn0_running_mean', 'layer_bn0_running_var', 'Y']);
    expect(model.graph.outputs.every((o) => o.shape?.every((d) => typeof d === 'number'))).toBe(true);
    // The eval-mode layer (running statistics) would be far from what the page shows in training mode.
    const op = snap.branches[0].ops[0];
    if (op.op !== 'BatchNorm2d') throw new Error('expected a batch norm');
    const asEval = batchNorm2d(snap.input, { ...op, training: false }).output;
    expect(maxDiff(asEval.data, snap.branches[0].output.data)).toBeGreaterThan(0.1);
  });

  it('exports the shoot-out’s four upsamplers as four outputs of one model', async () => {
    const [, snap] = cases.find(([n]) => n === 'transposed conv: the shoot-out')!;
    const model = decodeModel(await exportOnnx(snap));
    expect(model.graph.outputs.map((o) => o.name)).toEqual(['Y_transposed', 'Y_nearest', 'Y_bilinear', 'Y_subpixel']);
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['ConvTranspose', 'Resize', 'Conv', 'Resize', 'Conv', 'Conv', 'DepthToSpace']);
  });

  it.skipIf(checkerMissing !== null)(`passes onnx.checker.check_model(full_check=True)${checkerMissing ? ` — skipped: ${checkerMissing}` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-onnx-'));
    const files: string[] = [];
    for (const [i, [, snap]] of cases.entries()) {
      const file = join(dir, `case${i}.onnx`);
      writeFileSync(file, await exportOnnx(snap));
      files.push(file);
    }
    const script = 'import onnx,sys\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint("ok", len(sys.argv) - 1)';
    const r = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`ok ${cases.length}`);
  });
});
