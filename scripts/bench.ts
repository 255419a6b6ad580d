/**
 * `npm run bench`: our kernels (JavaScript path and WebAssembly path) against ONNX Runtime Web (wasm backend,
 * one thread) on the same inputs, in the same process. Runs are interleaved in a shuffled order each round,
 * so that load from other processes hits all three alike; the table reports medians and the ratios to ORT.
 *
 *   npm run bench                     all cases
 *   npm run bench -- --case A,B       some cases
 *   npm run bench -- --seconds 8      time budget per case (default 5; at least 15 rounds)
 *   npm run bench -- --json           machine-readable results on stdout as well
 *   npm run bench -- --markdown       only the machine, the versions and the table, ready for docs/benchmarks.md
 *
 * The script runs with `--experimental-wasm-relaxed-simd` (package.json), so Node 20 picks the same
 * relaxed-SIMD build as Chromium; without the flag it uses the plain SIMD128 build.
 */
import * as ort from 'onnxruntime-web';
import { cpus, loadavg } from 'node:os';
import { backendStatus, maxAbsDiff, ready, setBackend } from '../src/kernels/index.ts';
import { benchCases, type BenchCase } from './bench-cases.ts';
import { arg, median } from './bench-util.ts';

type Impl = 'js' | 'wasm' | 'ort';
const IMPLS: Impl[] = ['js', 'wasm', 'ort'];

interface Result {
  id: string;
  label: string;
  rounds: number;
  ms: Record<Impl, number>;
  /** Fastest single run of each: less disturbed by other processes than the median on a busy machine. */
  best: Record<Impl, number>;
  gflops: Record<Impl, number | null>;
  maxDiff: Record<'js' | 'wasm', number>;
}

async function benchCase(c: BenchCase, seconds: number): Promise<Result> {
  const session = await ort.InferenceSession.create(c.model.bytes, { executionProviders: ['wasm'] });
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(c.model.feeds)) feeds[name] = new ort.Tensor('float32', t.data, t.shape);
  const outName = c.model.outputNames[0];
  const runOrt = async (): Promise<Float32Array> => (await session.run(feeds))[outName].data as Float32Array;
  const run: Record<Impl, () => Promise<Float32Array> | Float32Array> = {
    js: () => {
      setBackend('js');
      return c.ours();
    },
    wasm: () => {
      setBackend('wasm');
      return c.ours();
    },
    ort: runOrt,
  };
  // Warm up every path (JIT tiers, ORT's first-run allocations) and check that all three agree.
  const reference = await runOrt();
  const maxDiff = { js: 0, wasm: 0 };
  for (let i = 0; i < 5; i++) {
    for (const impl of IMPLS) {
      const out = await run[impl]();
      if (impl !== 'ort') maxDiff[impl] = Math.max(maxDiff[impl], maxAbsDiff(out, reference));
    }
  }
  const times: Record<Impl, number[]> = { js: [], wasm: [], ort: [] };
  const start = performance.now();
  let rounds = 0;
  while (rounds < 15 || (performance.now() - start < seconds * 1000 && rounds < 400)) {
    const order = [...IMPLS].sort(() => Math.random() - 0.5);
    for (const impl of order) {
      const t0 = performance.now();
      await run[impl]();
      times[impl].push(performance.now() - t0);
    }
    rounds++;
  }
  await session.release();
  const ms = { js: median(times.js), wasm: median(times.wasm), ort: median(times.ort) };
  const best = { js: Math.min(...times.js), wasm: Math.min(...times.wasm), ort: Math.min(...times.ort) };
  const gf = (t: number): number | null => (c.flops === null ? null : c.flops / t / 1e6);
  return { id: c.id, label: c.label, rounds, ms, best, gflops: { js: gf(ms.js), wasm: gf(ms.wasm), ort: gf(ms.ort) }, maxDiff };
}

function table(results: Result[]): string {
  const f = (x: number, d = 3): string => x.toFixed(d);
  const g = (x: number | null): string => (x === null ? '—' : x.toFixed(1));
  const lines = [
    '| case | layer | JS ms | wasm ms | ORT ms | GFLOP/s JS / wasm / ORT | JS/ORT | wasm/ORT | best-run ratios JS, wasm | max abs diff vs ORT (JS, wasm) | rounds |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(`| ${r.id} | ${r.label} | ${f(r.ms.js)} | ${f(r.ms.wasm)} | ${f(r.ms.ort)} | ` +
      `${g(r.gflops.js)} / ${g(r.gflops.wasm)} / ${g(r.gflops.ort)} | ${f(r.ms.js / r.ms.ort, 2)} | ${f(r.ms.wasm / r.ms.ort, 2)} | ` +
      `${f(r.best.js / r.best.ort, 2)}, ${f(r.best.wasm / r.best.ort, 2)} | ` +
      `${r.maxDiff.js.toExponential(1)}, ${r.maxDiff.wasm.toExponential(1)} | ${r.rounds} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  ort.env.wasm.numThreads = 1;
  setBackend('wasm');
  await ready();
  const status = backendStatus();
  if (status.active !== 'wasm') throw new Error(`wasm kernels unavailable: ${status.error ?? 'unknown reason'}`);
  const wanted = arg('case')?.split(',').map((s) => s.trim().toUpperCase());
  const seconds = Number(arg('seconds') ?? 5);
  const cases = benchCases().filter((c) => !wanted || wanted.includes(c.id));
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version} (V8 ${process.versions.v8}), ` +
    `onnxruntime-web ${ort.env.versions.web ?? '?'} wasm 1 thread, our wasm build: ${status.variant}`;
  const markdown = process.argv.includes('--markdown');
  if (!markdown) {
    console.log(`# Layer Lab kernel benchmark, ${new Date().toISOString()}`);
    console.log(`${machine}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  }
  const results: Result[] = [];
  for (const c of cases) {
    results.push(await benchCase(c, seconds));
    process.stderr.write(`${c.id} done\n`);
  }
  if (markdown) {
    // A document keeps what describes the run, not when or under what load it happened.
    console.log(`Machine: ${machine}; ${seconds} s per case, at least 15 interleaved rounds.\n`);
    console.log(table(results));
    console.log('\nTimes are medians in ms; ratios below 1 mean faster than ONNX Runtime Web.');
    return;
  }
  console.log(table(results));
  console.log(`\nTimes are medians of interleaved runs (GFLOP/s from the medians); ratios < 1 mean faster than ONNX Runtime Web.`);
  console.log(`Best-run ratios compare each implementation's fastest run. Load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
}

await main();
