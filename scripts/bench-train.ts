/**
 * `npm run bench:train`: one optimisation step (forward in training mode, loss, backward, Adam) of the training
 * page's networks — every upsampler of the checkerboard demo and the classifier with and without BN at the page's
 * default sizes, plus a DCGAN-generator-like upsampler at 64 channels (scripts/bench-train-nets.ts) — on our
 * kernels, and, when `/usr/bin/python3` can import torch, the same networks in PyTorch on the CPU with one thread.
 *
 * Both sides start from identical weights and batches: this script writes them to a temporary folder for
 * scripts/bench_train.py, checks that the losses of the first 5 steps agree (same computation), then interleaves
 * rounds of timed steps on both sides and reports per-step medians and the fastest step of each.
 *
 *   npm run bench:train                         all networks
 *   npm run bench:train -- --net convT4,dcgan   some networks
 *   npm run bench:train -- --seconds 4          time budget per network (default 3; at least 8 rounds)
 *   npm run bench:train -- --backend js         our JavaScript kernels instead of wasm
 *   npm run bench:train -- --markdown           only the machine, the versions and the table, for docs/benchmarks.md
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { backendStatus, ready, setBackend } from '../src/kernels/index.ts';
import { describe, trainer, trainNets, type TrainNet } from './bench-train-nets.ts';
import { arg, median } from './bench-util.ts';

const PYTHON = '/usr/bin/python3';
const CHECK_STEPS = 5;

/** The PyTorch child process: one command line in, one JSON line out. */
class Torch {
  private readonly replies: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (e: Error) => void } | null = null;
  private exited: Error | null = null;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(line);
      } else this.replies.push(line);
    });
    child.stderr.pipe(process.stderr);
    child.once('exit', (code) => {
      this.exited = new Error(`bench_train.py exited (${code})`);
      this.waiting?.reject(this.exited);
      this.waiting = null;
    });
  }

  static start(folder: string): Torch {
    return new Torch(spawn(PYTHON, ['scripts/bench_train.py', folder], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  next<T>(): Promise<T> {
    const line = this.replies.shift();
    if (line !== undefined) return Promise.resolve(JSON.parse(line) as T);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve: (l) => resolve(JSON.parse(l) as T), reject };
    });
  }

  ask<T>(command: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    return this.next<T>();
  }

  stop(): void {
    this.child.stdin.end();
  }
}

function torchAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

interface Row {
  net: TrainNet;
  ours: number[];
  torch: number[];
  /** Largest |ours − PyTorch| / |PyTorch| over the first CHECK_STEPS losses. */
  lossRelDiff: number | null;
  lossesOurs: number[];
  lossesTorch: number[] | null;
}

async function benchNet(net: TrainNet, torch: Torch | null, seconds: number): Promise<Row> {
  const fresh = trainer(net);
  const lossesOurs = Array.from({ length: CHECK_STEPS }, () => fresh.step());
  const lossesTorch = torch ? await torch.ask<number[]>(`losses ${net.id} ${CHECK_STEPS}`) : null;
  const lossRelDiff = lossesTorch ? Math.max(...lossesOurs.map((l, i) => Math.abs(l - lossesTorch[i]) / Math.abs(lossesTorch[i]))) : null;

  const t = trainer(net);
  // Warm-up (JIT tiers, wasm memory growth, PyTorch's allocator), then about 40 ms of steps per side and round.
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    t.step();
    warm.push(performance.now() - t0);
  }
  const perRound = Math.max(1, Math.min(50, Math.round(40 / Math.min(...warm))));
  if (torch) await torch.ask(`time ${net.id} 3`);
  const ours: number[] = [];
  const theirs: number[] = [];
  const start = performance.now();
  let rounds = 0;
  while (rounds < 8 || (performance.now() - start < seconds * 1000 && rounds < 400)) {
    const oursFirst = Math.random() < 0.5;
    if (torch && !oursFirst) theirs.push(...(await torch.ask<number[]>(`time ${net.id} ${perRound}`)));
    for (let i = 0; i < perRound; i++) {
      const t0 = performance.now();
      t.step();
      ours.push(performance.now() - t0);
    }
    if (torch && oursFirst) theirs.push(...(await torch.ask<number[]>(`time ${net.id} ${perRound}`)));
    rounds++;
  }
  return { net, ours, torch: theirs, lossRelDiff, lossesOurs, lossesTorch };
}

function table(rows: Row[], withTorch: boolean): string {
  const f = (x: number, d = 3): string => x.toFixed(d);
  const lines = withTorch
    ? ['| network | ours ms/step | PyTorch ms/step | ratio (median) | ratio (best step) | loss agreement, first 5 steps (max rel. diff) |',
      '|---|---:|---:|---:|---:|---:|']
    : ['| network | ours ms/step | best step ms |', '|---|---:|---:|'];
  for (const r of rows) {
    const ours = median(r.ours);
    if (!withTorch) {
      lines.push(`| ${r.net.label} | ${f(ours)} | ${f(Math.min(...r.ours))} |`);
      continue;
    }
    const theirs = median(r.torch);
    lines.push(`| ${r.net.label} | ${f(ours)} | ${f(theirs)} | ${f(ours / theirs, 2)} | ` +
      `${f(Math.min(...r.ours) / Math.min(...r.torch), 2)} | ${r.lossRelDiff === null ? '—' : r.lossRelDiff.toExponential(1)} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const backend = arg('backend') === 'js' ? 'js' : 'wasm';
  setBackend(backend);
  await ready();
  const status = backendStatus();
  if (status.active !== backend) throw new Error(`${backend} kernels unavailable: ${status.error ?? 'unknown reason'}`);
  const wanted = arg('net')?.split(',').map((s) => s.trim());
  const seconds = Number(arg('seconds') ?? 3);
  const nets = trainNets().filter((n) => !wanted || wanted.includes(n.id));
  if (nets.length === 0) throw new Error(`no network named ${wanted?.join(', ')} (have ${trainNets().map((n) => n.id).join(', ')})`);

  let torch: Torch | null = null;
  let folder: string | null = null;
  let torchInfo = 'PyTorch comparison skipped: /usr/bin/python3 cannot import torch (and numpy)';
  if (torchAvailable()) {
    folder = mkdtempSync(join(tmpdir(), 'bench-train-'));
    const floats: number[] = [];
    const specs = nets.map((n) => describe(n, floats));
    writeFileSync(join(folder, 'nets.json'), JSON.stringify(specs));
    writeFileSync(join(folder, 'data.f32'), new Uint8Array(Float32Array.from(floats).buffer));
    torch = Torch.start(folder);
    const hello = await torch.next<{ torch: string; threads: number }>();
    torchInfo = `PyTorch ${hello.torch} CPU, ${hello.threads} thread`;
  }
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}, our kernels: ` +
    `${backend === 'wasm' ? `wasm (${status.variant})` : 'JavaScript'}; ${torchInfo}`;
  const markdown = process.argv.includes('--markdown');
  if (!markdown) {
    console.log(`# Layer Lab training-step benchmark`);
    console.log(`${machine}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  }
  const rows: Row[] = [];
  try {
    for (const n of nets) {
      rows.push(await benchNet(n, torch, seconds));
      process.stderr.write(`${n.id} done\n`);
    }
  } finally {
    torch?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
  if (markdown) {
    // A document keeps what describes the run, not when or under what load it happened.
    console.log(`Machine: ${machine}; ${seconds} s per network.\n`);
    console.log(table(rows, torch !== null));
    console.log('\nms/step: medians over all timed steps, the two sides alternating in rounds; ratios below 1 mean faster than PyTorch.');
    return;
  }
  console.log(table(rows, torch !== null));
  console.log(`\nms/step: median over all timed steps` + (torch
    ? `; rounds of steps alternate between the two sides in random order. Ratios < 1 mean faster than PyTorch; "best step" compares each side's fastest step.`
    : '.'));
  if (process.argv.includes('--losses')) {
    for (const r of rows) console.log(r.net.id, 'ours', r.lossesOurs.join(' '), '| PyTorch', r.lossesTorch?.join(' ') ?? '—');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
