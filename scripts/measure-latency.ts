/**
 * `npm run measure:latency`: how long a slider move takes to reach the screen, in Chromium, at the explorers'
 * default sizes. Not a test — nothing asserts a time; it prints a table (see docs/testing.md).
 *
 * The app marks each state change in the input event (`layerlab:input`) and the paint after the render that shows
 * it (`layerlab:painted`), and measures between them (`layerlab:input-to-paint`, src/explorers/runtime/latency-marks.ts).
 * This script moves controls with real key presses (arrow keys on number fields and range sliders, a select's
 * options) and reads those measures:
 *
 * - "single": one move, then wait for its paint, for the page to settle (every panel drawn, the slow analyses
 *   done — runtime/protocol.ts — and the ONNX Runtime checks finished) and for an idle period of the browser (the
 *   latency of a deliberate step from a quiet page);
 * - "burst": a move every animation frame, as fast as a held key or a drag (includes moves superseded before their
 *   own result came — latest wins — counted until the newer result was painted).
 *
 * No fixed pauses: each wait is for a condition, so a slow machine is measured, not raced.
 *
 *   npm run measure:latency                          build into a temporary folder, serve it, measure
 *   npm run measure:latency -- --url http://127.0.0.1:4173/   measure a running preview instead
 *   npm run measure:latency -- --moves 40 --json     moves per interaction (default 30); JSON on stdout as well
 *   npm run measure:latency -- --compare             also with compute on the main thread (worker script blocked,
 *                                                    so the explorers fall back), for comparison
 *   npm run measure:latency -- --explorer batch-norm only one explorer
 *   npm run measure:latency -- --no-settle           single moves that wait for their paint and an idle period, not
 *                                                    for the page to settle (analyses, ONNX Runtime checks)
 *
 * Chromium: $CHROMIUM_PATH or /usr/bin/chromium (e2e/find-browser.ts), headless. `@playwright/test` drives it (it
 * is playwright-core's launcher, and the package we already depend on).
 */
import { chromium, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, NO_BROWSER_MESSAGE } from '../e2e/find-browser.ts';

const MEASURE = 'layerlab:input-to-paint';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
};

interface Interaction {
  explorer: 'conv-transpose' | 'batch-norm';
  label: string;
  /** data-testid of the control. */
  testId: string;
  /** The two keys that move it forward and back (alternated, so the value stays near the default). */
  keys: [string, string];
}

const INTERACTIONS: Interaction[] = [
  { explorer: 'conv-transpose', label: 'input height 8 ↔ 9 (number field)', testId: 'ctl-inH', keys: ['ArrowUp', 'ArrowDown'] },
  { explorer: 'conv-transpose', label: 'stride 2 ↔ 3 (number field; new shoot-out)', testId: 'ctl-sH', keys: ['ArrowUp', 'ArrowDown'] },
  { explorer: 'conv-transpose', label: 'kernel preset box ↔ bilinear (select; new shoot-out)', testId: 'ctl-kernel', keys: ['ArrowDown', 'ArrowUp'] },
  { explorer: 'batch-norm', label: 'γ of channel 0 (range slider)', testId: 'gamma-0-range', keys: ['ArrowRight', 'ArrowLeft'] },
  { explorer: 'batch-norm', label: 'batch size N 8 ↔ 9 (range slider; new batch)', testId: 'n-range', keys: ['ArrowRight', 'ArrowLeft'] },
  { explorer: 'batch-norm', label: 'map size 24 ↔ 25 (range slider; new batch)', testId: 'size-range', keys: ['ArrowRight', 'ArrowLeft'] },
];

interface Row {
  mode: 'worker' | 'main thread';
  explorer: string;
  interaction: string;
  pattern: 'single' | 'burst';
  moves: number;
  measures: number;
  median: number;
  p90: number;
  max: number;
  /** How long key events waited before their handlers ran (main thread busy): median, p90. */
  delayMedian: number;
  delayP90: number;
  computeMs: number | null;
  renderMs: number | null;
  where: string;
}

async function waitSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const e = (window as unknown as { __layerLab?: { explorer: Record<string, unknown> } }).__layerLab?.explorer;
    if (!e) return false;
    // Quiet: every panel drawn, no analysis pending (the explorer runtime's 'ready'), and no ONNX Runtime check
    // still running in its worker.
    const parity = (e.parity ?? {}) as Record<string, Record<string, string>>;
    const checking = Object.values(parity).some((ops) => Object.values(ops).includes('loading'));
    return !checking && e.status === 'ready';
  }, null, { timeout: 60_000 });
}

/**
 * Until the browser has an idle period (no task waiting, time left before the next frame), so the last move's
 * garbage and deferred work are not charged to the next. With nothing animating, idle periods are not tied to the
 * frame clock, so the next key press lands at no fixed point of a frame.
 */
async function idle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 })));
}

/** Until the next animation frame begins. */
async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

const measureCount = (page: Page): Promise<number> => page.evaluate((name) => performance.getEntriesByName(name).length, MEASURE);

async function readMeasures(page: Page): Promise<number[]> {
  return page.evaluate((name) => performance.getEntriesByName(name).map((m) => m.duration), MEASURE);
}

/** What the explorer published about its last repaint: compute time (where it ran) and the render's main-thread time. */
async function timings(page: Page): Promise<{ ms: number | null; renderMs: number | null; where: string }> {
  return page.evaluate(() => {
    const e = (window as unknown as { __layerLab: { explorer: Record<string, unknown> } }).__layerLab.explorer;
    const c = e.compute as { ms?: number; renderMs?: number | null; where?: string } | undefined;
    return { ms: c?.ms ?? null, renderMs: c?.renderMs ?? null, where: c?.where ?? '?' };
  });
}

/** Input delay of each key press: from the event's timestamp to its first handler (recorded by an init script). */
const INPUT_DELAY_SCRIPT = `window.__keyDelays = [];
window.addEventListener('keydown', (e) => window.__keyDelays.push(performance.now() - e.timeStamp), true);`;
const takeDelays = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const w = window as unknown as { __keyDelays: number[] };
    return w.__keyDelays.splice(0);
  });

async function measure(page: Page, it: Interaction, moves: number, mode: Row['mode']): Promise<Row[]> {
  const control = page.getByTestId(it.testId);
  await control.scrollIntoViewIfNeeded();
  await control.focus();
  const rows: Row[] = [];
  for (const pattern of ['single', 'burst'] as const) {
    await waitSettled(page);
    await idle(page);
    await page.evaluate((name) => performance.clearMeasures(name), MEASURE);
    const computeTimes: number[] = [];
    const renderTimes: number[] = [];
    let where = '?';
    await takeDelays(page);
    for (let i = 0; i < moves; i++) {
      const key = it.keys[i % 2];
      if (pattern === 'single') {
        const before = await measureCount(page);
        await page.keyboard.press(key);
        await page.waitForFunction(([name, n]) => performance.getEntriesByName(name as string).length > (n as number), [MEASURE, before], { timeout: 30_000 });
        const t = await timings(page);
        if (t.ms !== null) computeTimes.push(t.ms);
        if (t.renderMs !== null) renderTimes.push(t.renderMs);
        where = t.where;
        if (!flag('no-settle')) await waitSettled(page);
        await idle(page);
      } else {
        await page.keyboard.press(key);
        await nextFrame(page);
      }
    }
    // Wait until every move has been painted (moves superseded by a later one are painted with it).
    await page.waitForFunction(([name, n]) => performance.getEntriesByName(name as string).length >= (n as number), [MEASURE, moves], { timeout: 60_000 });
    const ms = await readMeasures(page);
    const delays = await takeDelays(page);
    if (pattern === 'burst') where = rows[0]?.where ?? (await timings(page)).where;
    rows.push({
      mode, explorer: it.explorer, interaction: it.label, pattern, moves, measures: ms.length,
      median: quantile(ms, 0.5), p90: quantile(ms, 0.9), max: Math.max(...ms),
      delayMedian: quantile(delays, 0.5), delayP90: quantile(delays, 0.9),
      computeMs: computeTimes.length ? quantile(computeTimes, 0.5) : null,
      renderMs: renderTimes.length ? quantile(renderTimes, 0.5) : null, where,
    });
  }
  return rows;
}

/**
 * The floor on this page: a key press whose handler only changes one line of text (no state, no compute, no
 * panel drawn), timed the same way — mark in the handler, mark in a task posted from the next animation frame.
 * What is left is the browser's own input → frame cost with this page's DOM, canvases and WebGL on screen.
 */
async function measureFloor(page: Page, explorer: Interaction['explorer'], moves: number, mode: Row['mode']): Promise<Row> {
  await waitSettled(page);
  await page.evaluate(() => {
    const line = document.createElement('output');
    line.style.cssText = 'position:fixed;right:8px;bottom:8px;font:12px monospace;background:#fff';
    document.body.append(line);
    let n = 0;
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'F8') return;
      const start = performance.now();
      line.textContent = `floor ${++n}`;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => performance.measure('layerlab:floor', { start, end: performance.now() });
        ch.port2.postMessage(null);
      });
    }, true);
  });
  await takeDelays(page);
  for (let i = 0; i < moves; i++) {
    await page.keyboard.press('F8');
    await page.waitForFunction((n) => performance.getEntriesByName('layerlab:floor').length > n, i);
    await idle(page);
  }
  const ms = await page.evaluate(() => performance.getEntriesByName('layerlab:floor').map((m) => m.duration));
  const delays = await takeDelays(page);
  return {
    mode, explorer, interaction: 'floor: a key press that changes one line of text (no compute, no panel)', pattern: 'single', moves,
    measures: ms.length, median: quantile(ms, 0.5), p90: quantile(ms, 0.9), max: Math.max(...ms),
    delayMedian: quantile(delays, 0.5), delayP90: quantile(delays, 0.9), computeMs: null, renderMs: null, where: '—',
  };
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no server at ${url} after 60 s`);
}

async function main(): Promise<void> {
  const browser = findChromium();
  if (!browser) throw new Error(NO_BROWSER_MESSAGE);
  const moves = Number(arg('moves') ?? 30);
  let url = arg('url');
  let server: ChildProcess | null = null;
  let outDir: string | null = null;
  if (!url) {
    // Our own build and port, so a preview other people are using (port 4173, dist/) is left alone.
    outDir = mkdtempSync(join(tmpdir(), 'layerlab-latency-'));
    const port = arg('port') ?? '4391';
    // Vite's own entry point run by this Node (not through npx), so that killing the server kills the server.
    const vite = join('node_modules', 'vite', 'bin', 'vite.js');
    for (const cmd of [['scripts/build-wasm.mjs'], [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']]) {
      const r = spawnSync(process.execPath, cmd, { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed`);
    }
    server = spawn(process.execPath, [vite, 'preview', '--outDir', outDir, '--port', port, '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
    const stop = server;
    process.on('exit', () => stop.kill());
    url = `http://127.0.0.1:${port}/`;
    await waitForServer(url, server);
  }
  const chrome = await chromium.launch({
    executablePath: browser.path, headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const chromiumVersion = chrome.version();
  const rows: Row[] = [];
  try {
    const modes: Row['mode'][] = flag('compare') ? ['worker', 'main thread'] : ['worker'];
    for (const mode of modes) {
      for (const explorer of (['conv-transpose', 'batch-norm'] as const).filter((e) => !arg('explorer') || arg('explorer') === e)) {
        const context = await chrome.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        await page.addInitScript(INPUT_DELAY_SCRIPT);
        // Blocking the worker scripts makes the explorers fall back to computing on the main thread.
        if (mode === 'main thread') await page.route(/\.worker-[^/]*\.js(\?.*)?$/, (route) => route.abort());
        page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
        await page.goto(new URL(`#/${explorer}`, url).href);
        await waitSettled(page);
        for (const it of INTERACTIONS.filter((i) => i.explorer === explorer)) {
          rows.push(...await measure(page, it, moves, mode));
          const last = rows[rows.length - 1];
          process.stderr.write(`${mode} · ${explorer} · ${it.label}: done (${last.where})\n`);
        }
        if (mode === 'worker') rows.push(await measureFloor(page, explorer, moves, mode));
        await context.close();
      }
    }
  } finally {
    await chrome.close();
    server?.kill();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }

  const f = (v: number | null) => (v === null || Number.isNaN(v) ? '—' : v.toFixed(1));
  console.log(`\nInput → paint latency, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ` +
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Chromium ${chromiumVersion} headless, ${moves} moves each\n`);
  console.log('| compute in | explorer | interaction | pattern | input → paint median | p90 | max | key input delay median · p90 | compute (median) | render (median) |');
  console.log('|---|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.where} | ${r.explorer} | ${r.interaction} | ${r.pattern} | ${f(r.median)} | ${f(r.p90)} | ${f(r.max)} | ` +
      `${f(r.delayMedian)} · ${f(r.delayP90)} | ${f(r.computeMs)} | ${f(r.renderMs)} |`);
  }
  console.log('\nAll times in ms. compute: the repaint\'s compute where it ran (the worker; the page for γ/β steps and cheap repaint passes; with --compare, the page); render: the ' +
    'explorer\'s main-thread time drawing the panels on screen from that result (style, layout and paint come on top).');
  if (flag('json')) console.log(JSON.stringify(rows, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
