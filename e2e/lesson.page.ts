import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from './fixtures.ts';

export interface PublishedLesson {
  id: string;
  ready: boolean;
  step: number;
  steps: number;
  title: string | null;
  route: string | null;
  tryIt: boolean;
  locked: string[];
  hidden: string[];
  state: Record<string, unknown> | null;
  error?: string[];
}

/** Page object for the lesson player (`#/lesson/<id>`): step through it and read what it and its explorer publish. */
export class LessonPage {
  readonly app: AppPage;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
  }

  async open(id: string, query = ''): Promise<void> {
    await this.app.open(`#/lesson/${id}${query ? `?${query}` : ''}`);
    await this.page.waitForFunction(() => (window.__layerLab.explorer.lesson as { ready?: boolean } | undefined)?.ready === true);
  }

  lesson(): Promise<PublishedLesson> {
    return this.app.value<PublishedLesson>('lesson');
  }

  /** Wait until step `n` is shown and its explorer mounted. */
  async waitStep(n: number): Promise<void> {
    await this.page.waitForFunction((k) => {
      const l = window.__layerLab.explorer.lesson as { ready?: boolean; step?: number } | undefined;
      return l?.ready === true && l.step === k;
    }, n);
    await expect(this.page.getByTestId('lesson-progress')).toContainText(`Step ${n} of`);
  }

  /** Poll a value the step's explorer publishes until `check` holds (explorers compute asynchronously). */
  async until<T>(key: string, check: (v: T) => boolean, message = key): Promise<T> {
    let last: T | undefined;
    await expect.poll(async () => {
      last = await this.app.value<T>(key);
      return last !== undefined && last !== null && check(last);
    }, { message, timeout: 30_000 }).toBe(true);
    return last!;
  }

  button(name: 'back' | 'next' | 'try' | 'reset'): Locator {
    return this.page.getByTestId(`lesson-${name}`);
  }

  async next(n: number): Promise<void> {
    await this.button('next').click();
    await this.waitStep(n);
  }

  /** The control group `id` of the step's explorer. */
  control(id: string): Locator {
    return this.page.getByTestId('lesson-stage').locator(`[data-control="${id}"]`);
  }
}
