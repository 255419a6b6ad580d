import { expect, type Locator, type Page } from '@playwright/test';
import type { AppPage } from './fixtures.ts';

/** Page object for the batch-norm explorer: locators by data-testid and the numbers it publishes. */
export class BatchNormPage {
  constructor(readonly app: AppPage, readonly page: Page = app.page) {}

  async open(query = ''): Promise<void> {
    await this.app.open(`#/batch-norm${query ? `?${query}` : ''}`);
    await this.waitComputed();
  }

  /** Wait until the photographs are in and the latest state is drawn in every panel (the runtime's ready contract). */
  async waitComputed(): Promise<void> {
    await this.page.waitForFunction(() => window.__layerLab?.explorer?.status === 'ready');
  }

  /** Wait for a result newer than the one on screen (after an interaction), then for the page to settle. */
  async afterChange(action: () => Promise<void>): Promise<void> {
    const before = await this.app.value<number>('generation');
    await action();
    await this.page.waitForFunction((n) => (window.__layerLab.explorer.generation as number) > n, before);
    await this.waitComputed();
  }

  num<T = number>(key: string): Promise<T> {
    return this.app.value<T>(key);
  }

  panel(id: string): Locator {
    return this.page.locator(`section.panel[data-panel="${id}"]`);
  }

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Set a range input's value and fire input + change, as a drag that ends there would. */
  async setRange(testId: string, value: number): Promise<void> {
    await this.afterChange(async () => {
      await this.testId(testId).evaluate((el, v) => {
        const input = el as HTMLInputElement;
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
    });
  }

  /** Type into a number box and commit it with Enter/Tab (a `change` event). */
  async setNumber(testId: string, value: number): Promise<void> {
    await this.afterChange(async () => {
      const box = this.testId(testId);
      await box.fill(String(value));
      await box.press('Tab');
    });
  }

  async click(testId: string): Promise<void> {
    await this.afterChange(() => this.testId(testId).click());
  }

  /** Parse a number printed with a true minus sign (U+2212). */
  static parse(text: string): number {
    return Number(text.replace(/\u2212/g, '-').trim());
  }

  async shownStat(stage: 'input' | 'xhat' | 'output', channel: number): Promise<{ mean: number; std: number; text: string }> {
    const el = this.testId(`hist-stat-${stage}-${channel}`);
    const text = (await el.textContent()) ?? '';
    const m = /μ (\S+) · σ (\S+)/.exec(text);
    expect(m, `histogram numbers for ${stage} ${channel}: “${text}”`).not.toBeNull();
    return { mean: BatchNormPage.parse(m![1]), std: BatchNormPage.parse(m![2]), text };
  }
}
