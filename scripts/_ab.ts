import { benchCases } from './bench-cases.ts';
import { setBackend, ready } from '../src/kernels/index.ts';
setBackend('wasm'); await ready();
const ids = (process.argv[2] ?? 'G').split(',');
const configs = (process.argv[3] ?? '1e9,98304').split(',');
const reps = Number(process.argv[4] ?? 150);
for (const c of benchCases().filter((c) => ids.includes(c.id))) {
  const t: number[][] = configs.map(() => []);
  for (let i = 0; i < 10; i++) c.ours();
  for (let r = 0; r < reps; r++) {
    configs.forEach((cfg, k) => { process.env.LAYERLAB_BLOCK = cfg; const t0 = performance.now(); c.ours(); t[k].push(performance.now() - t0); });
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(c.id, configs.map((cfg, k) => `${cfg}: med ${med(t[k]).toFixed(3)} min ${Math.min(...t[k]).toFixed(3)}`).join(' | '));
}
