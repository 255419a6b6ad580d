import { expect, type Locator, type Page } from '@playwright/test';
import type { AppPage } from './fixtures.ts';

/** Page object for the training page: transport buttons, settings, and the numbers it publishes. */
export class TrainingPage {
  constructor(readonly app: AppPage, readonly page: Page = app.page) {}

  async open(query = ''): Promise<void> {
    await this.app.open(`#/training${query ? `?${query}` : ''}`);
    await this.waitSettled();
  }

  /** Wait for the runtime's ready contract: both demos prepared (or stopped) and the Lipschitz constant in. */
  async waitSettled(timeout = 45_000): Promise<void> {
    await this.page.waitForFunction(() => {
      const s = window.__layerLab?.explorer?.status;
      return s === 'ready' || s === 'error';
    }, null, { timeout });
  }

  num<T = number>(key: string): Promise<T> {
    return this.app.value<T>(key);
  }

  /** Wait until a demo is no longer preparing or running (reset done, or the run reached its stop). */
  async waitIdle(demo: 'board' | 'bn' | 'bs', timeout = 45_000): Promise<void> {
    await this.page.waitForFunction((k) => {
      const s = window.__layerLab?.explorer?.[k];
      return s === 'idle' || s === 'paused' || s === 'finished' || s === 'error';
    }, `${demo}Status`, { timeout });
  }

  async waitStep(demo: 'board' | 'bn' | 'bs', step: number, timeout = 45_000): Promise<void> {
    await this.page.waitForFunction(([k, n]) => (window.__layerLab?.explorer?.[k as string] as number) >= (n as number), [`${demo}Step`, step] as const, { timeout });
  }

  button(demo: 'board' | 'bn' | 'sweep', action: string): Locator {
    return this.page.getByTestId(`${demo}-${action}`);
  }

  control(key: string): Locator {
    return this.page.getByTestId(`ctl-${key}`);
  }

  async set(key: string, value: string | number): Promise<void> {
    const c = this.control(key);
    if ((await c.evaluate((e) => e.tagName)) === 'SELECT') await c.selectOption(String(value));
    else {
      await c.fill(String(value));
      await c.press('Enter');
    }
    await expect.poll(() => this.app.state<Record<string, unknown>>().then((s) => String(s[key]))).toBe(String(value));
  }
}
