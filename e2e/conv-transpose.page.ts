import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from './fixtures.ts';

/** The H key of each height × width pair (the key its link toggle is named by), for both keys. */
const PAIR_OF: Record<string, string> = Object.fromEntries(
  [['kH', 'kW'], ['sH', 'sW'], ['pT', 'pL'], ['opH', 'opW'], ['dH', 'dW'], ['inH', 'inW']].flatMap(([h, w]) => [[h, h], [w, h]]),
);

/** Page object for the transposed-convolution explorer: drive its controls, read what it shows and publishes. */
export class ConvTransposePage {
  readonly app: AppPage;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
  }

  async open(params = ''): Promise<void> {
    await this.app.open(`#/conv-transpose${params ? `?v=1&${params}` : ''}`);
    await this.waitComputed();
  }

  /**
   * Wait until the newest state is drawn (the explorer runtime's ready contract), or refused as an invalid layer;
   * photos are fetched asynchronously. Then two frames, so what was drawn is also laid out and painted.
   */
  async waitComputed(): Promise<void> {
    await this.page.waitForFunction(() => {
      const status = window.__layerLab.explorer.status;
      return status === 'ready' || status === 'error';
    });
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  control(key: string): Locator {
    return this.page.getByTestId(`ctl-${key}`);
  }

  /**
   * Type a value into one numeric control and commit it (change event). A pair shown as one linked field is set
   * apart first, so only `key` changes; `setPair` sets a linked pair's height and width together.
   */
  async set(key: string, value: number): Promise<void> {
    const h = PAIR_OF[key];
    if (h !== undefined && (await this.page.getByTestId(`link-${h}`).getAttribute('aria-pressed')) === 'true') {
      await this.page.getByTestId(`link-${h}`).click();
    }
    await this.fill(key, value);
  }

  /** Set both fields of a pair through its linked field (linking it first). */
  async setPair(h: string, value: number): Promise<void> {
    const link = this.page.getByTestId(`link-${h}`);
    if ((await link.getAttribute('aria-pressed')) !== 'true') await link.click();
    await expect(link).toHaveAttribute('aria-pressed', 'true');
    await this.fill(h, value);
  }

  private async fill(key: string, value: number): Promise<void> {
    const input = this.control(key);
    await input.fill(String(value));
    await input.press('Tab');
    await this.waitComputed();
  }

  async choose(key: string, value: string): Promise<void> {
    await this.control(key).selectOption(value);
    await this.waitComputed();
  }

  value<T = unknown>(key: string): Promise<T> {
    return this.app.value<T>(key);
  }

  panel(id: string): Locator {
    return this.page.locator(`section[data-panel="${id}"]`);
  }

  async outShape(): Promise<number[]> {
    return (await this.value<number[]>('outShape'))!;
  }

  /** Hover the centre of cell (row, col) of a heatmap found by test id. */
  async hoverCell(testId: string, row: number, col: number): Promise<void> {
    const grid = this.page.getByTestId(testId);
    await grid.scrollIntoViewIfNeeded();
    const box = (await grid.boundingBox())!;
    const rows = Number(await grid.getAttribute('data-rows'));
    const cols = Number(await grid.getAttribute('data-cols'));
    await this.page.mouse.move(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
  }

  async expectReady(): Promise<void> {
    await expect.poll(() => this.value('status')).toBe('ready');
  }
}
