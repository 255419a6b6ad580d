import { test, expect, type AppPage } from './fixtures.ts';
import type { Page } from '@playwright/test';

/**
 * State that comes in from outside — messages from an embedding page, links with odd query strings or thousands of
 * keys — is refused with a notice, never with a page error, and never grows the page or the host's history
 * (the decoder itself is tested in src/state/patch.test.ts).
 */

interface Reply {
  notices: string[];
  state: Record<string, unknown>;
}

/**
 * The example deck's slide 2 embeds the transposed-convolution explorer and drives it with postMessage (same origin).
 * Opens it and waits for the embed's ready message.
 */
async function openDeck(page: Page): Promise<void> {
  await page.goto('./examples/slides.html#2');
  await expect(page.getByTestId('driven-state')).toContainText('stride 2×2');
}

/**
 * Posts hostile payload number `which` (built in the page: some cannot be written as JSON) as a layerlab:set, then a
 * layerlab:get; the embed answers in order, so the notices it posts before the state are this request's.
 */
function sendHostile(page: Page, which: number): Promise<Reply> {
  return page.evaluate((i) => {
    const many: Record<string, number> = {};
    for (let k = 0; k < 100_000; k++) many[`k${k}`] = k;
    const payloads: unknown[] = [
      { type: 'layerlab:set', state: { weights: ['a'] } },
      { type: 'layerlab:set', state: { zzz: { toString: 0 } } },
      { type: 'layerlab:set', state: { sH: 4.0000001 } },
      { type: 'layerlab:set', state: { sH: [3] } },
      { type: 'layerlab:set', state: { padSym: 5 } },
      { type: 'layerlab:set', state: { kernel: null, kH: Infinity, sW: { valueOf: 3 } } },
      { type: 'layerlab:set', state: JSON.parse('{"__proto__": {"sH": 3}, "constructor": {"prototype": {"x": 1}}}') },
      { type: 'layerlab:set', state: { ['\u202ek\u0000ey'.repeat(50)]: '\u2066x\u2069'.repeat(1000) } },
      { type: 'layerlab:set', state: [1, 2, 3] },
      { type: 'layerlab:set', state: null },
      { type: 'layerlab:set' },
      { type: 'layerlab:set', state: many },
      { type: 'layerlab:\u202eelbmarcs' },
    ];
    const frame = (document.getElementById('driven') as HTMLIFrameElement).contentWindow!;
    return new Promise<Reply>((resolve) => {
      const notices: string[] = [];
      const onMessage = (e: MessageEvent) => {
        if (e.source !== frame) return;
        const d = e.data as { type?: string; message?: string; state?: Record<string, unknown> };
        if (d.type === 'layerlab:notice') notices.push(d.message ?? '');
        if (d.type === 'layerlab:state') {
          window.removeEventListener('message', onMessage);
          resolve({ notices, state: d.state ?? {} });
        }
      };
      window.addEventListener('message', onMessage);
      frame.postMessage(payloads[i], location.origin);
      frame.postMessage({ type: 'layerlab:get' }, location.origin);
    });
  }, which);
}

test('hostile layerlab:set messages: no page error, a notice back, the embed\'s state unchanged', async ({ page }) => {
  await openDeck(page);
  const embed = page.frames().find((f) => f.url().includes('conv-transpose'))!;
  const before = await embed.evaluate(() => window.__layerLab.state?.());
  const expected = [
    'weights[0] is string, not a number', 'unknown parameter zzz', 'sH=4.0000001 is not an integer', 'sH takes one value',
    'padSym=5 is not 0 or 1', 'kernel is null', 'unknown parameter __proto__', 'unknown parameter ', 'it must be an object',
    'it must be an object', 'it must be an object', '100000 keys were sent; only the first 64 were read', 'unknown message type',
  ];
  for (let i = 0; i < expected.length; i++) {
    const reply = await sendHostile(page, i);
    expect(reply.notices.length, `payload ${i}`).toBeGreaterThan(0);
    expect(reply.notices.length, `payload ${i}: at most 8 notices per request`).toBeLessThanOrEqual(8);
    expect(reply.notices.join('\n'), `payload ${i}`).toContain(expected[i]);
    for (const n of reply.notices) {
      expect(n, `payload ${i}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      expect(n.length, `payload ${i}`).toBeLessThanOrEqual(200);
    }
    expect(reply.state, `payload ${i}`).toEqual(before);
  }
  expect(await embed.evaluate(() => window.__layerLab.state?.())).toEqual(before);
  expect(await embed.evaluate(() => location.hash)).not.toContain('sH=');
});

test('six layerlab:set messages leave the host page\'s history as it was; Back leaves the deck', async ({ page }) => {
  await page.goto('./#/');
  await openDeck(page);
  const length = await page.evaluate(() => history.length);
  const embed = page.frames().find((f) => f.url().includes('conv-transpose'))!;
  for (const [k, s] of [[4, 3], [5, 4], [2, 3], [6, 4], [7, 3], [1, 4]]) {
    await page.evaluate(([kH, sH]) => {
      const frame = (document.getElementById('driven') as HTMLIFrameElement).contentWindow!;
      frame.postMessage({ type: 'layerlab:set', state: { kH, kW: kH, sH, sW: sH } }, location.origin);
    }, [k, s]);
    // The change reaches the embed's URL once it has rested (state/url-writer.ts).
    await expect.poll(() => embed.evaluate(() => location.hash)).toMatch(new RegExp(`kH=${k}&.*sH=${s}`));
  }
  expect(await page.evaluate(() => history.length)).toBe(length);
  await page.goBack();
  await expect(page).toHaveURL(/#\/$/);
});

test('a link with 10,000 unknown keys shows a handful of notices, its text cleaned', async ({ app, page }) => {
  const keys = ['%E2%80%AEevil%E2%80%AC=1', ...Array.from({ length: 10_000 }, (_, i) => `k${i}=${i}`)];
  await app.open(`#/conv-transpose?v=1&sH=3&${keys.join('&')}`);
  expect((await app.state<{ sH: number }>()).sH).toBe(3);
  const notices = page.getByTestId('notice');
  await expect(notices.last()).toHaveText(/…and 9996 more notices; the last: unknown parameter k9999 was ignored/);
  expect(await notices.count()).toBe(6);
  await expect(notices.first()).toContainText('unknown parameter evil was ignored');
  const texts = await notices.allTextContents();
  for (const t of texts) expect(t).not.toMatch(/[\u202a-\u202e]/);
  const nodes = await page.evaluate(() => document.getElementById('notices')!.getElementsByTagName('*').length);
  expect(nodes).toBeLessThanOrEqual(6 * 3);
  // Dismissing the "more" line forgets what it counted; the five shown stay.
  await notices.last().getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notices).toHaveCount(5);
});

async function presentation(app: AppPage) {
  return app.page.evaluate(() => ({
    search: location.search,
    hash: location.hash,
    embed: document.documentElement.classList.contains('embed'),
    theme: document.documentElement.dataset.theme ?? 'auto',
  }));
}

test('state in a link\'s query string is honoured: moved into the hash, the hash winning a conflict with a notice', async ({ app, page }) => {
  await page.goto('./?embed=1&theme=dark#/conv-transpose');
  await app.waitReady();
  expect(await page.evaluate(() => window.__layerLab.route)).toBe('conv-transpose');
  expect(await presentation(app)).toMatchObject({ search: '', embed: true, theme: 'dark' });
  expect((await presentation(app)).hash).toMatch(/^#\/conv-transpose\?.*embed=1.*theme=dark/);

  await page.goto('about:blank');
  await page.goto('./?embed=1&panel=paint&sH=3#/conv-transpose');
  await app.waitReady();
  await expect(page.locator('section.panel[data-panel="paint"]')).toBeVisible();
  await expect(page.locator('section.panel[data-panel="matrix"]')).toHaveCount(0);
  expect((await app.state<{ sH: number }>()).sH).toBe(3);

  await page.goto('about:blank');
  await page.goto('./?theme=dark&sH=4#/conv-transpose?v=1&theme=light');
  await app.waitReady();
  expect(await presentation(app)).toMatchObject({ search: '', theme: 'light' });
  expect((await app.state<{ sH: number }>()).sH).toBe(4);
  await expect(page.getByTestId('notice').filter({ hasText: 'theme=dark before its # and theme=light after it; using light' })).toBeVisible();
});
