import { benchCases } from './bench-cases.ts';
import { setBackend, ready } from '../src/kernels/index.ts';
setBackend('wasm'); await ready();
const ids = (process.argv[2] ?? 'G').split(',');
for (const c of benchCases().filter((c) => ids.includes(c.id))) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 4000) { c.ours(); n++; }
  console.log(c.id, ((performance.now() - t0) / n).toFixed(3), 'ms/run');
}
