import { benchCases } from '/work/main/scripts/bench-cases.ts';
import { setBackend, ready } from '/work/main/src/kernels/index.ts';
setBackend('wasm'); await ready();
const ids = (process.argv[2] ?? 'A,B,C,E,F,G').split(',');
const reps = Number(process.argv[3] ?? 200);
for (const c of benchCases().filter((c) => ids.includes(c.id))) {
  for (let i = 0; i < 20; i++) c.ours();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); c.ours(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  console.log(c.id, 'median', t[t.length >> 1].toFixed(3), 'p10', t[Math.floor(t.length * 0.1)].toFixed(3), 'min', t[0].toFixed(3));
}
