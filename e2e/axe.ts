import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core's serious and critical violations on the page, one line each (rule, help, the first three nodes).
 *
 * `skipSvgShapes`: the shapes inside SVG figures are presentational (each figure is labelled as a whole); the SVG
 * roots, every control and all HTML text are still checked. Excluded as `svg > *` (each root's children, which takes
 * their subtrees with them), not `svg *`: axe tests every node against every excluded node, so a long exclusion
 * list makes the scan slow.
 *
 * Legacy mode runs axe in the page itself: the default opens a blank page to merge per-frame results, which costs
 * seconds a scan and buys nothing on pages without iframes (none of the app's have any).
 */
export async function seriousViolations(page: Page, { skipSvgShapes = false } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).setLegacyMode(true);
  if (skipSvgShapes) builder = builder.exclude('svg > *');
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
}
