import { expect, type Locator, type Page } from '@playwright/test';
import { AppPage } from './fixtures.ts';

/** Paths are relative to the repository root, where Playwright runs. */
export const MODELS = 'public/models/';

interface Published {
  /** The explorer runtime's ready contract: 'computing' while a file is read. */
  status: string;
  /** What the page has: 'empty', 'reading', 'ready' (a model listed) or 'error'. */
  model: string;
  error: string | null;
  fileName: string | null;
  reference: string | null;
  layers: { index: number; label: string; opType: string; inputShape: number[] | null; outputShape: number[] | null }[];
  parity: Record<string, string>;
}

/** Page object for "Your ONNX model" (#/model): open files, read the node list, open a node in its explorer. */
export class ModelPage {
  readonly app: AppPage;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
  }

  async open(params = ''): Promise<void> {
    await this.app.open(`#/model${params ? `?v=1&${params}` : ''}`);
  }

  published(): Promise<Published> {
    return this.page.evaluate(() => window.__layerLab.explorer) as unknown as Promise<Published>;
  }

  get fileInput(): Locator {
    return this.page.getByTestId('onnx-file');
  }

  get error(): Locator {
    return this.page.getByTestId('onnx-error');
  }

  node(index: number): Locator {
    return this.page.getByTestId(`onnx-node-${index}`);
  }

  badge(index: number): Locator {
    return this.page.getByTestId(`node-parity-${index}`).getByTestId('parity-badge');
  }

  /** Choose a file through the file input; waits until the page has read it (listed or refused). */
  async load(file: string | { name: string; buffer: Buffer }): Promise<void> {
    await this.fileInput.setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'application/octet-stream' });
    await this.settled();
  }

  async settled(): Promise<void> {
    await this.page.waitForFunction(() => {
      const status = (window.__layerLab.explorer as { status?: string }).status;
      return status === 'ready' || status === 'error';
    });
  }

  /** Drop a file made in the page (e.g. one too big to pass through Playwright) onto the drop zone. */
  async dropGenerated(name: string, bytes: number): Promise<void> {
    await this.page.evaluate(([n, size]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(size)], n));
      const zone = document.querySelector('[data-testid="onnx-drop"]')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [name, bytes] as const);
    await this.settled();
  }

  /** Click "Open in explorer" on a node and wait for the explorer page. */
  async openNode(index: number, route: 'conv-transpose' | 'batch-norm'): Promise<void> {
    await this.page.getByTestId(`open-node-${index}`).click();
    await expect.poll(() => this.page.evaluate(() => window.__layerLab.route)).toBe(route);
    await this.app.waitReady();
  }
}
