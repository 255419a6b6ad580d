/**
 * Adds an "Export" menu to every explorer panel (`section.panel[data-panel]`): PNG, SVG (d3 panels), JSON of the
 * parameters and tensors, a PyTorch snippet and the layer as .onnx. Panels that appear later (re-renders,
 * embeds) get one too.
 */
import type { LayerSnapshot } from '../explorers/types.ts';
import { download, panelPng, standaloneSvg } from './export/image.ts';
import { snapshotJson } from './export/json.ts';
import { pytorchSnippet } from './export/pytorch.ts';

export interface ExportSources {
  routeId: string;
  snapshot: () => LayerSnapshot | null;
  state: () => unknown;
  onnx: (s: LayerSnapshot) => Promise<Uint8Array>;
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
  };
  const needSnapshot = () => {
    const s = src.snapshot();
    if (!s) throw new Error('there is no valid layer to export (fix the highlighted parameter first)');
    return s;
  };
  item('PNG image', 'png', async () => download(`${base}.png`, await panelPng(panel)));
  item('SVG (vector)', 'svg', () => {
    const svgs = [...panel.querySelectorAll('svg')].filter((s) => !s.ownerSVGElement && s.getBoundingClientRect().width > 0);
    if (svgs.length === 0) throw new Error('this panel has no vector graphics; use PNG');
    // The largest SVG is the panel's figure; small ones are icons or legends.
    const main = svgs.reduce((a, b) => (area(b) > area(a) ? b : a));
    download(`${base}.svg`, standaloneSvg(main), 'image/svg+xml');
  });
  item('JSON (parameters + tensors)', 'json', () =>
    download(`${base}.json`, snapshotJson(needSnapshot(), src.state()), 'application/json'),
  );
  item('PyTorch snippet (.py)', 'pytorch', () => download(`${base}.py`, pytorchSnippet(needSnapshot()), 'text/x-python'));
  item('ONNX model (.onnx)', 'onnx', async () => {
    const bytes = await src.onnx(needSnapshot());
    download(`${base}.onnx`, new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  });
  details.append(summary, menu);
  return details;
}

function area(el: Element): number {
  const r = el.getBoundingClientRect();
  return r.width * r.height;
}
