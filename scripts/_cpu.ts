// CPU time per call (user+system of this process), robust to being descheduled on a loaded machine.
import { benchCases } from './bench-cases.ts';
import { setBackend, ready } from '../src/kernels/index.ts';
setBackend('wasm'); await ready();
const ids = (process.argv[2] ?? 'G').split(',');
const reps = Number(process.argv[3] ?? 50);
for (const c of benchCases().filter((c) => ids.includes(c.id))) {
  for (let i = 0; i < 20; i++) c.ours();
  const per: number[] = [];
  for (let b = 0; b < 9; b++) {
    const u0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) c.ours();
    const u = process.cpuUsage(u0);
    per.push((u.user + u.system) / reps / 1000);
  }
  per.sort((a, b) => a - b);
  console.log(c.id, 'cpu ms/run median', per[4].toFixed(3), 'min', per[0].toFixed(3));
}
