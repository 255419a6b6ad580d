import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { float32Text } from './numbers.ts';
import { pytorchSnippet } from './pytorch.ts';
import { snapshotJson, tensorFromJson } from './json.ts';
import { panelCases } from './panel-cases.ts';

function seeded(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648) * 2 - 1;
  }
  return a;
}

/** Every number in the snippet, read back as float32. */
function numbersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/-?\d+\.?\d*(e[-+]?\d+)?/g)].map((m) => Math.fround(Number(m[0]))));
}

const python = (() => {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(exe, ['-c', 'import sys'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  return null;
})();
const torchAvailable = python !== null && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const cases = panelCases();

describe('float32Text', () => {
  it('writes the shortest text that reads back as the same float32', () => {
    for (const v of seeded(1000, 9)) expect(Math.fround(Number(float32Text(v)))).toBe(Math.fround(v));
    expect(float32Text(0.1)).toBe('0.1');
    expect(float32Text(NaN)).toBe('nan');
  });
});

describe('pytorchSnippet', () => {
  it.each(cases.slice(0, 2))('%s carries every weight, input and output value exactly', (_name, snap) => {
    const text = pytorchSnippet(snap);
    const nums = numbersIn(text);
    const op = snap.branches[0].ops[0];
    if (op.op !== 'ConvTranspose2d') throw new Error('expected a transposed conv');
    for (const a of [op.weight.data, op.bias ?? new Float32Array(), snap.input.data, snap.branches[0].output.data]) {
      for (const v of a) expect(nums.has(Math.fround(v)), `${v} missing`).toBe(true);
    }
    expect(text).toMatch(/nn\.ConvTranspose2d\(\d, \d, kernel_size=/);
  });

  it('writes a training-mode batch norm in train() and checks its running statistics', () => {
    const [, snap] = cases.find(([n]) => n === 'batch norm: training mode (the default)')!;
    const text = pytorchSnippet(snap);
    expect(text).toContain('nn.BatchNorm2d(4, eps=0.00001, momentum=0.1)');
    expect(text).toContain('layer[0].train()');
    expect(text).toContain('layer[0].running_var');
  });

  it('replays the running statistics step by step on the running-statistics panel', () => {
    const [, snap] = cases.find(([n]) => n === 'batch norm: running statistics')!;
    const text = pytorchSnippet(snap);
    expect(text).toContain('replayed over 5 training steps');
    expect(text).toMatch(/page_means = torch\.tensor\(\[[^\]]+\], dtype=torch\.float32\)\.reshape\(6, 4\)/);
  });

  it.skipIf(python === null)('is syntactically valid Python for every panel', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-py-'));
    for (const [i, [, snap]] of cases.entries()) {
      const file = join(dir, `s${i}.py`);
      writeFileSync(file, pytorchSnippet(snap));
      execFileSync(python!, ['-c', `import ast,sys; ast.parse(open(sys.argv[1]).read())`, file]);
    }
  });

  it.skipIf(!torchAvailable)('runs in PyTorch and reproduces every panel’s numbers (python3 with torch present)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-py-'));
    const files = cases.map(([, snap], i) => {
      const file = join(dir, `run${i}.py`);
      writeFileSync(file, pytorchSnippet(snap));
      return file;
    });
    // One interpreter for all scripts: importing torch dominates the time.
    const out = execFileSync(python!, ['-c', 'import runpy,sys\nfor f in sys.argv[1:]: runpy.run_path(f)', ...files], { encoding: 'utf8' });
    expect(out.match(/all outputs match Layer Lab/g)).toHaveLength(cases.length);
    expect(out).toContain('running statistics replayed: 5 steps match');
  }, 120_000);
});

describe('snapshotJson', () => {
  it('parses back to the same tensors', () => {
    const [, snap] = cases[0];
    const parsed = JSON.parse(snapshotJson(snap, { stride: 2 }));
    expect(parsed.format).toBe('layer-lab/v2');
    expect(parsed.state).toEqual({ stride: 2 });
    expect(tensorFromJson(parsed.panel.input).data).toEqual(snap.input.data);
    expect(tensorFromJson(parsed.panel.branches[0].output).shape).toEqual(snap.branches[0].output.shape);
    const op = snap.branches[0].ops[0];
    if (op.op !== 'ConvTranspose2d') throw new Error('expected a transposed conv');
    expect(tensorFromJson(parsed.panel.branches[0].ops[0].weight).data).toEqual(op.weight.data);
  });
});
