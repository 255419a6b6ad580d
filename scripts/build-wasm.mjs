// Compiles the AssemblyScript kernels in src/kernels/wasm/ into two modules next to them (not committed):
//   build/kernels-simd.wasm     SIMD128 (runs wherever WebAssembly SIMD does)
//   build/kernels-relaxed.wasm  + relaxed SIMD (fused multiply-add); chosen at load time when the engine
//                               validates it (Chromium, Node with --experimental-wasm-relaxed-simd).
// Skips the work when both outputs are newer than every source; `--force` rebuilds anyway.
import asc from 'assemblyscript/asc';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src/kernels/wasm');
const outDir = join(srcDir, 'build');
const entry = join(srcDir, 'index.ts');
const builds = [
  { file: 'kernels-simd.wasm', features: ['simd'] },
  { file: 'kernels-relaxed.wasm', features: ['simd', 'relaxed-simd'] },
];

const newestSource = Math.max(
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  ...readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => statSync(join(srcDir, f)).mtimeMs),
);
const upToDate = builds.every(({ file }) => {
  try {
    return statSync(join(outDir, file)).mtimeMs > newestSource;
  } catch {
    return false;
  }
});
if (upToDate && !process.argv.includes('--force')) {
  console.log('build:wasm: up to date');
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
for (const { file, features } of builds) {
  const args = [
    entry, '--outFile', join(outDir, file),
    '-O3', '--runtime', 'stub', '--noAssert',
    ...features.flatMap((f) => ['--enable', f]),
  ];
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`build:wasm: ${file} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build:wasm: ${file} ${statSync(join(outDir, file)).size} bytes`);
}
