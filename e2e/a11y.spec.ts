import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

/** axe-core on every page and in embed mode: no serious or critical violations. */
const pages: [string, string][] = [
  ['start page', '#/'],
  ['transposed-convolution explorer', '#/conv-transpose'],
  ['batch-normalization explorer', '#/batch-norm'],
  ['transposed-convolution embed', '#/conv-transpose?v=1&embed=1&panel=checkerboard'],
  ['batch-normalization embed, dark', '#/batch-norm?v=1&embed=1&theme=dark'],
];

for (const [name, hash] of pages) {
  test(`${name} has no serious or critical accessibility violations`, async ({ app, page }) => {
    await app.open(hash);
    await page.waitForTimeout(300);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`)).toEqual([]);
  });
}
