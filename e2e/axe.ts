import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core's serious and critical violations on the page, one line each (rule, help, the first three nodes).
 *
 * `skipSvgShapes`: the shapes inside SVG figures are presentational (each figure is labelled as a whole); the SVG
 * roots, every control and all HTML text are still checked. Excluded as `svg > *` (each root's children, which takes
 * their subtrees with them), not `svg *`: axe tests every node against every excluded node, and when the scatter
 * plots' dots were SVG circles the ≈ 4000 nodes `svg *` listed made the batch-norm scan ≈ 4 s slower here. (Dots and
 * heatmap cells are canvases now; each explorer has ≈ 400 SVG shapes.)
 *
 * Legacy mode runs axe in the page itself: the default opens a blank page to merge per-frame results, which costs
 * ≈ 3 s a scan here and buys nothing on pages without iframes (none of the app's have any).
 */
export async function seriousViolations(page: Page, { skipSvgShapes = false } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).setLegacyMode(true);
  if (skipSvgShapes) builder = builder.exclude('svg > *');
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
}
