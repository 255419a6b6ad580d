import { test, expect } from './fixtures.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

test.describe('live tweaking on the transposed-convolution page', () => {
  test('square pairs are one linked field; the link toggle sets them apart and back', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    await expect(ct.control('sW')).toBeHidden();
    await expect(page.getByTestId('link-sH')).toHaveAttribute('aria-pressed', 'true');
    await ct.setPair('sH', 3);
    expect(await ct.app.state()).toMatchObject({ sH: 3, sW: 3 });
    expect(await ct.outShape()).toEqual([1, 1, 23, 23]); // (8 − 1)·3 − 2 + 2 + 1 + 1

    await page.getByTestId('link-kH').click();
    await expect(ct.control('kW')).toBeVisible();
    await ct.set('kW', 4);
    expect(await ct.app.state()).toMatchObject({ kH: 3, kW: 4 });
    await expect(page.getByTestId('link-kH')).toHaveAttribute('aria-pressed', 'false');
    await page.getByTestId('link-kH').click();
    await ct.waitComputed();
    expect(await ct.app.state()).toMatchObject({ kH: 3, kW: 3 });
    await expect(ct.control('kW')).toBeHidden();
  });

  test('stride 1 from the defaults lowers the output padding with a note instead of an error', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    await ct.setPair('sH', 1);
    expect(await ct.app.state()).toMatchObject({ sH: 1, sW: 1, opH: 0, opW: 0 });
    await expect(page.getByTestId('adapt-note')).toBeVisible();
    await expect(page.getByTestId('adapt-note')).toContainText('output padding (height) lowered from 1 to 0');
    await expect(page.getByTestId('error-output-padding')).toBeHidden();
    expect(await ct.value('error')).toBeFalsy();
    expect(await ct.outShape()).toEqual([1, 1, 8, 8]); // (8 − 1)·1 − 2 + 2 + 0 + 1
  });

  test('dragging a number sideways scrubs it; the wheel steps the focused field; Shift takes bigger steps', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    const box = (await ct.control('kH').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 3 });
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    await ct.waitComputed();
    expect(await ct.app.state()).toMatchObject({ kH: 5, kW: 5 }); // 20 px at 8 px a step: +2, both (linked)

    await ct.control('inH').focus();
    const inBox = (await ct.control('inH').boundingBox())!;
    await page.mouse.move(inBox.x + 5, inBox.y + 5);
    await page.mouse.wheel(0, -100);
    await ct.waitComputed();
    expect(await ct.app.state()).toMatchObject({ inH: 9, inW: 9 });
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 100);
    await page.keyboard.up('Shift');
    await ct.waitComputed();
    expect(await ct.app.state()).toMatchObject({ inH: 7, inW: 7 });
  });
});
