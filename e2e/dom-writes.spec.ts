import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { BatchNormPage } from './batch-norm.page.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

/**
 * Slider steps write to the page only what changed (src/util/dom.ts): an attribute or text rewritten with the value
 * it already had still makes the browser restyle the element (an SVG gradient stop re-lays-out what it fills), and
 * on these machines that work is most of a step's frame. A MutationObserver collects every write that left its
 * value as it was — an attribute whose old value is its value when the records are delivered, a text replaced by
 * the same text (or a text node given the data it had), or a structure made again in the same shape — over whole
 * steps: the input's own repaint, the pending analyses and the off-screen panels drawn in the background afterwards.
 */
async function watchSameValueWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sameWrites: string[] };
    w.__sameWrites = [];
    const where = (node: Node, what: string) => {
      const el = node instanceof Element ? node : node.parentElement;
      const panel = el?.closest('[data-panel]')?.getAttribute('data-panel') ?? 'page';
      const cls = el && el.classList.length > 0 ? `.${[...el.classList].join('.')}` : '';
      return `${panel}: ${el?.tagName.toLowerCase() ?? '?'}${cls} ${what}`;
    };
    const shape = (n: Node): string =>
      n instanceof Element ? `${n.tagName}(${[...n.childNodes].map(shape).join(',')})` : n.nodeType === Node.TEXT_NODE ? 't' : '';
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.oldValue === (r.target as Element).getAttribute(r.attributeName!)) {
          w.__sameWrites.push(where(r.target, `[${r.attributeName}]`));
        }
        const [gone] = r.removedNodes;
        const [came] = r.addedNodes;
        if (r.type === 'childList' && r.removedNodes.length === 1 && r.addedNodes.length === 1 &&
          gone.nodeType === Node.TEXT_NODE && came.nodeType === Node.TEXT_NODE && gone.nodeValue === came.nodeValue) {
          w.__sameWrites.push(where(r.target, 'text'));
        }
        if (r.type === 'characterData' && r.oldValue === r.target.nodeValue) w.__sameWrites.push(where(r.target, 'text data'));
        // A structure made again, the same shape with new numbers (a table's rows, a list): the browser drops the old
        // nodes from layout and styles and lays out the new ones; rewriting the texts in place costs a text change.
        const removedShape = [...r.removedNodes].map(shape).join(',');
        if (r.type === 'childList' && r.removedNodes.length > 0 && [...r.removedNodes].some((n) => n instanceof Element) &&
          removedShape === [...r.addedNodes].map(shape).join(',')) {
          w.__sameWrites.push(where(r.target, `rebuilt as the same ${removedShape.slice(0, 40)}`));
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true, characterDataOldValue: true });
  });
}

const sameWrites = (page: Page) =>
  page.evaluate(() => [...new Set((window as unknown as { __sameWrites: string[] }).__sameWrites)]);

test('transposed conv: steps of a field and a preset rewrite nothing with the value it had, nor remake a structure in the same shape', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open();
  await ct.expectReady();
  await watchSameValueWrites(page);
  for (const [key, keys] of [['inH', ['ArrowUp', 'ArrowDown']], ['sH', ['ArrowUp', 'ArrowDown']], ['kernel', ['ArrowDown', 'ArrowUp']]] as const) {
    await ct.control(key).focus();
    for (const k of keys) {
      await page.keyboard.press(k);
      await ct.waitComputed();
      await ct.expectReady();
    }
  }
  expect(await sameWrites(page)).toEqual([]);
});

test('batch norm: steps of a γ slider, the batch size and the map size rewrite nothing with the value it had, nor remake a structure in the same shape', async ({ app, page }) => {
  const bn = new BatchNormPage(app);
  await bn.open();
  await watchSameValueWrites(page);
  for (const id of ['gamma-0-range', 'n-range', 'size-range']) {
    await bn.testId(id).focus();
    for (const k of ['ArrowRight', 'ArrowLeft']) await bn.afterChange(() => page.keyboard.press(k));
  }
  expect(await sameWrites(page)).toEqual([]);
});
