import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { BatchNormPage } from './batch-norm.page.ts';

test('the batch-norm explorer has no serious or critical axe violations', async ({ app, page }) => {
  test.setTimeout(120_000);
  const bn = new BatchNormPage(app);
  await bn.open('steps=10');
  const result = await new AxeBuilder({ page }).include('[data-testid="bn-explorer"]').analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
});
