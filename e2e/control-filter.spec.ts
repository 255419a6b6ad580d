import { CONTROL_IDS } from '../src/state/control-filter.ts';
import { test, expect } from './fixtures.ts';

/** Every page publishes the explorer runtime's ready contract. */
const READY: Record<keyof typeof CONTROL_IDS, string> = {
  'conv-transpose': 'status',
  'batch-norm': 'status',
  training: 'status',
  normalization: 'status',
  model: 'status',
};

test.describe('lock= and hide= links', () => {
  for (const [page, ids] of Object.entries(CONTROL_IDS) as [keyof typeof CONTROL_IDS, readonly string[]][]) {
    test(`${page}: every documented control id is on the page, and the first two lock and hide`, async ({ app, page: p }) => {
      const [locked, hidden] = ids;
      await app.open(`#/${page}?v=1&lock=${locked}&hide=${hidden}`);
      await p.waitForFunction((k) => window.__layerLab.explorer[k] !== undefined, READY[page]);
      for (const id of ids) await expect(p.locator(`[data-control="${id}"]`).first(), id).toBeAttached();
      const lockGroup = p.locator(`[data-control="${locked}"]`).first();
      await expect(lockGroup).toHaveAttribute('aria-disabled', 'true');
      await expect(lockGroup).toHaveAttribute('title', 'locked by this link');
      for (const input of await lockGroup.locator('input, select, button').all()) await expect(input).toBeDisabled();
      for (const g of await p.locator(`[data-control="${hidden}"]`).all()) await expect(g).toBeHidden();
      await expect(p.getByTestId('notices')).not.toContainText('unknown control');
    });
  }

  test('the transposed-conv page: locks survive re-renders, an emptied section goes, unknown ids give a notice', async ({ app, page }) => {
    await app.open('#/conv-transpose?v=1&lock=stride,padding&hide=show,strde');
    await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready');
    await expect(page.getByTestId('notices')).toContainText('hide: unknown control strde was ignored (this page’s controls: channels, kernel');
    await expect(page.getByTestId('ctl-sH')).toBeDisabled();
    await expect(page.getByTestId('ctl-pT')).toBeDisabled();
    // The explorer re-synchronises every control on each render (and enables inputs as it goes): still locked.
    await page.getByTestId('ctl-kernel').selectOption('gaussian');
    await page.waitForFunction(() => (window.__layerLab.state?.() as { kernel: string }).kernel === 'gaussian');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await expect(page.getByTestId('ctl-sH')).toBeDisabled();
    await expect(page.getByTestId('ctl-kH')).toBeEnabled();
    // "Show" held only the hidden group: the whole section is gone; the lock/hide keys stay in the link.
    await expect(page.locator('fieldset.ct-section', { has: page.locator('legend', { hasText: /^Show$/ }) })).toBeHidden();
    await expect(page).toHaveURL(/lock=stride%2Cpadding|lock=stride,padding/);
  });

  test('Copy as lesson step puts the route, the changed state and the focused panel on the clipboard', async ({ app, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.open('#/conv-transpose?v=1&sH=3&sW=3&opH=2&opW=2');
    await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready');
    await page.locator('section[data-panel="matrix"]').scrollIntoViewIfNeeded();
    await page.locator('section[data-panel="matrix"] h2').click();
    await page.getByTestId('copy-step').click();
    await expect(page.getByTestId('notices')).toContainText('Lesson step copied');
    const step = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
    expect(step.route).toBe('conv-transpose');
    expect(step.state).toEqual({ sH: 3, sW: 3, opH: 2, opW: 2 });
    expect(typeof step.text).toBe('string');
    expect(['matrix', 'overlap', 'zero-insertion', 'paint', 'shape']).toContain(step.panel);
  });
});
