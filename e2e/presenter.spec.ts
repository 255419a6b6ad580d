import { test, expect } from './fixtures.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';
import { TrainingPage } from './training.page.ts';
import { BatchNormPage } from './batch-norm.page.ts';
import { seriousViolations } from './axe.ts';

type Ct = { sH: number; sW: number; opH: number; opW: number; kH: number; inH: number };
const ctrl = process.platform === 'darwin' ? 'Meta' : 'Control';

test.describe('presenter mode', () => {
  test('outside presenter mode the arrows, space and r do not touch the layer, and ↓ scrolls', async ({ app, page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    const before = await app.state<Ct>();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (const k of ['ArrowRight', 'ArrowLeft', ']', '[', 'r']) await page.keyboard.press(k);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await app.state<Ct>()).toEqual(before);
    await expect(page.getByTestId('presenter-bar')).toHaveCount(0);
  });

  test('present=1: one panel at a time, ← → move between panels, [ ] step the stride and [ then ] returns exactly', async ({ app, page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open('present=1');
    const start = await app.state<Ct>();
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]);
    await expect(page.getByTestId('presenter-where')).toContainText('panel 1 of 8');
    await expect(page.locator('section.panel[data-panel]:visible')).toHaveCount(1);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('presenter-where')).toContainText('panel 2 of 8');
    await expect(page.locator('section.panel[data-panel="paint"]')).toBeVisible();
    await expect(page.locator('section.panel[data-panel="shape"]')).toBeHidden();
    expect(await app.state<Ct>()).toEqual(start); // panels are not state
    // The settings column gives way to the figure until c asks for it.
    await expect(page.getByTestId('ctl-sH')).toBeHidden();
    await page.keyboard.press('c');
    await expect(page.getByTestId('ctl-sH')).toBeVisible();
    await page.keyboard.press('c');
    await expect(page.getByTestId('ctl-sH')).toBeHidden();

    await page.keyboard.press('[');
    await expect.poll(() => app.state<Ct>()).toMatchObject({ sH: 1, sW: 1, opH: 0, opW: 0 });
    await ct.waitComputed();
    expect(await ct.outShape()).toEqual([1, 1, 8, 8]);
    await page.keyboard.press(']');
    await expect.poll(() => app.state<Ct>()).toEqual(start);
    await ct.waitComputed();
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]);

    // "Keep the output size": the input size and output padding adapt so 16×16 stays.
    await page.keyboard.press('o');
    await page.keyboard.press(']');
    await expect.poll(() => app.state<Ct>()).toMatchObject({ sH: 3, inH: 6, opH: 0 });
    await ct.waitComputed();
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]);

    // The overlay documents the keys; Esc leaves presenter mode (and the link forgets it).
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay')).toContainText('stride − / +');
    await expect(page.getByTestId('help-overlay')).toContainText('keep the output size');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('presenter-bar')).toHaveCount(0);
    await expect(page).not.toHaveURL(/present=1/);
    await expect(page.locator('section.panel[data-panel="shape"]')).toBeVisible();
  });

  test('embedded with present=1 (a slide deck): the keys work, the chosen panels all stay, no bar, arrows left alone', async ({ app, page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open('embed=1&present=1&panel=paint,overlap');
    await expect(page.locator('section.panel[data-panel]:visible')).toHaveCount(2);
    await expect(page.getByTestId('presenter-bar')).toHaveCount(0);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(']');
    await expect.poll(() => app.state<Ct>()).toMatchObject({ sH: 3 });
    await expect(page.locator('section.panel[data-panel]:visible')).toHaveCount(2);
  });

  test('presenter mode, with its help open, has no serious or critical accessibility violations', async ({ page }) => {
    test.setTimeout(120_000);
    const ct = new ConvTransposePage(page);
    await ct.open('present=1');
    expect(await seriousViolations(page, { skipSvgShapes: true })).toEqual([]);
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay')).toBeVisible();
    expect(await seriousViolations(page, { skipSvgShapes: true })).toEqual([]);
  });

  test('the Present button turns presenter mode on and keeps it in the link', async ({ app, page }) => {
    await app.open('#/batch-norm?v=1');
    await page.getByTestId('present-toggle').click();
    await expect(page.getByTestId('presenter-bar')).toBeVisible();
    await expect(page).toHaveURL(/present=1/);
    await page.locator('body').press(']');
    await expect.poll(async () => (await app.state<{ gamma: number[] }>()).gamma[0]).toBeCloseTo(1.1, 6);
    await page.keyboard.press('.');
    await expect.poll(async () => (await app.state<{ steps: number }>()).steps).toBe(1);
  });

  test('Ctrl+Z undoes a slider change and redo brings it back', async ({ app, page }) => {
    await new BatchNormPage(app).open('v=1');
    const slider = page.getByTestId('gamma-0-range');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await app.state<{ gamma: number[] }>()).gamma[0]).toBeCloseTo(1.01, 6);
    await page.keyboard.press(`${ctrl}+z`);
    await expect.poll(async () => (await app.state<{ gamma: number[] }>()).gamma[0]).toBe(1);
    await expect(slider).toHaveValue('1');
    await page.keyboard.press(`${ctrl}+Shift+z`);
    await expect.poll(async () => (await app.state<{ gamma: number[] }>()).gamma[0]).toBeCloseTo(1.01, 6);
    await page.keyboard.press(`${ctrl}+z`);
    await page.keyboard.press(`${ctrl}+y`);
    await expect.poll(async () => (await app.state<{ gamma: number[] }>()).gamma[0]).toBeCloseTo(1.01, 6);
  });

  test('r resets undoably (and says so); Back restores the state before the reset', async ({ app, page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open('kH=5&kW=5&present=1');
    await page.keyboard.press('r');
    await expect.poll(() => app.state<Ct>()).toMatchObject({ kH: 3 });
    await expect(page.locator('#announcer')).toHaveText('reset — Ctrl+Z to undo');
    await page.keyboard.press(`${ctrl}+z`);
    await expect.poll(() => app.state<Ct>()).toMatchObject({ kH: 5 });
    await page.keyboard.press(`${ctrl}+Shift+z`);
    await expect.poll(() => app.state<Ct>()).toMatchObject({ kH: 3 });
    // The reset is a history entry of its own: Back returns to the layer before it.
    await expect(page).not.toHaveURL(/kH=5/);
    await page.goBack();
    await expect.poll(() => app.state<Ct>()).toMatchObject({ kH: 5 });
    await expect(page).toHaveURL(/kH=5/);
    await page.goForward();
    await expect.poll(() => app.state<Ct>()).toMatchObject({ kH: 3 });
  });
});

test('the training race: the sentence under the chart is what the run on screen shows, with its numbers', async ({ app, page }) => {
  const t = new TrainingPage(app);
  await t.open('stop=40&speed=10');
  const claim = page.getByTestId('bn-claim');
  await expect(claim).toHaveText(/^Not run yet/);
  await expect(page.getByTestId('training')).not.toContainText('NaN');
  await expect(page.getByTestId('training')).not.toContainText('blows up');
  await t.button('bn', 'run').click();
  await t.waitStep('bn', 40);
  await t.waitIdle('bn');
  const loss = await t.num<{ plain: number; bn: number }>('bnLoss');
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  await expect(claim).toContainText('After 40 steps at learning rate 0.1:');
  await expect(claim).toContainText(`(now ${fmt(loss.plain)}`);
  await expect(claim).toContainText(`(now ${fmt(loss.bn)}`);
  await expect(page.getByTestId('training')).not.toContainText('NaN');
  // A new rate is a new run: the sentence goes back to waiting for it.
  await t.set('lr2', 0.02);
  await expect(claim).toHaveText(/^Not run yet/);
});
