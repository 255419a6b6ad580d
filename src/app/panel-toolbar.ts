/**
 * Adds an "Export" menu to every explorer panel (`section.panel[data-panel]`): a PNG of the whole panel as seen,
 * an SVG of it where it is vector ("PNG only" where it shows WebGL), and — where the explorer offers a source for
 * that panel — JSON, a PyTorch script and .onnx of what the panel shows — and the iframe code that embeds it.
 * Entries that cannot work are not shown.
 * Panels that appear later (re-renders, embeds) get one too.
 */
import type { LayerSnapshot, SnapshotSources } from '../explorers/types.ts';
import { embedCode } from './embed-code.ts';
import { download, panelPng, panelSvg, vectorRefusal } from './export/image.ts';

export interface ExportSources {
  routeId: string;
  /** The explorer's sources, read when a menu is built (explorers register them while mounting). */
  sources: () => SnapshotSources;
  state: () => unknown;
  onnx: (s: LayerSnapshot) => Promise<Uint8Array>;
  /** The page's link with every change written (the URL catches up with the state only once it rests). */
  link: () => string;
  report: (message: string) => void;
}

export function attachPanelToolbars(root: HTMLElement, src: ExportSources): () => void {
  const add = () => {
    for (const panel of root.querySelectorAll<HTMLElement>('section.panel[data-panel]')) {
      if (panel.querySelector(':scope > .panel-export')) continue;
      panel.prepend(buildMenu(panel, src));
    }
  };
  add();
  const mo = new MutationObserver(add);
  mo.observe(root, { childList: true, subtree: true });
  return () => mo.disconnect();
}

function buildMenu(panel: HTMLElement, src: ExportSources): HTMLElement {
  const id = panel.dataset.panel!;
  const base = `layer-lab-${src.routeId}-${id}`;
  const details = document.createElement('details');
  details.className = 'panel-export';
  details.dataset.testid = `export-${id}`;
  const summary = document.createElement('summary');
  summary.textContent = 'Export';
  summary.setAttribute('aria-label', `Export the ${id} panel`);
  const menu = document.createElement('div');
  menu.className = 'panel-export-menu';
  const item = (label: string, kind: string, run: () => Promise<void> | void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.export = kind;
    b.addEventListener('click', async () => {
      details.open = false;
      try {
        await run();
      } catch (err) {
        src.report(`Export failed: ${(err as Error).message}`);
      }
    });
    menu.append(b);
    return b;
  };
  item('PNG image (×2)', 'png', async () => download(`${base}.png`, await panelPng(panel)));
  const svg = item('SVG (vector)', 'svg', () => download(`${base}.svg`, panelSvg(panel), 'image/svg+xml'));
  // Said in place of the SVG entry when the panel shows a WebGL view (which can appear after the menu is built).
  const pngOnly = document.createElement('p');
  pngOnly.className = 'panel-export-note';
  pngOnly.dataset.export = 'svg-refused';
  // On the click that opens the menu (keyboard activation of a summary clicks it too), not on 'toggle', which
  // fires a task later: the menu must never show both entries.
  summary.addEventListener('click', () => {
    if (details.open) return;
    const refusal = vectorRefusal(panel);
    svg.hidden = refusal !== null;
    pngOnly.hidden = refusal === null;
    pngOnly.textContent = refusal ?? '';
  });
  pngOnly.hidden = true;
  menu.append(pngOnly);
  const sources = src.sources();
  const source = sources[id] ?? sources['*'];
  if (source) {
    const needSnapshot = async () => {
      const s = await source();
      if (!s) throw new Error('there is no valid layer to export (fix the highlighted parameter first)');
      return s;
    };
    // The writers replay the graph with our kernels (export-graph.ts): loaded on the first export, not at start-up.
    item('JSON (parameters + tensors)', 'json', async () => {
      const { snapshotJson } = await import('./export/json.ts');
      download(`${base}.json`, snapshotJson(await needSnapshot(), src.state()), 'application/json');
    });
    item('PyTorch script (.py)', 'pytorch', async () => {
      const { pytorchSnippet } = await import('./export/pytorch.ts');
      download(`${base}.py`, pytorchSnippet(await needSnapshot()), 'text/x-python');
    });
    item('ONNX model (.onnx)', 'onnx', async () => {
      const bytes = await src.onnx(await needSnapshot());
      download(`${base}.onnx`, new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
    });
  }
  item('Copy embed code', 'embed', async () => {
    const title = panel.querySelector('h2')?.textContent ?? id;
    const box = panel.getBoundingClientRect();
    const code = embedCode(src.link(), id, `Layer Lab: ${title}`, box.height / Math.max(1, box.width));
    await navigator.clipboard.writeText(code.html);
    src.report(`Embed code copied (${code.width}×${code.height}): paste it into a page, a slide or a blog post.`);
  });
  details.append(summary, menu);
  return details;
}
