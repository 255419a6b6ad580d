import { describe, expect, it } from 'vitest';
import { embedCode } from './embed-code.ts';

describe('embedCode(href, panel, title, aspect)', () => {
  it('keeps the page state, adds embed=1 and the panel, drops the page’s own view keys', () => {
    const c = embedCode('https://host.example/lab/#/conv-transpose?v=1&sH=3&sW=3&compact=1&present=1', 'paint', 'Paint', 0.5);
    const hash = new URL(c.url).hash;
    expect(hash).toContain('sH=3');
    expect(hash).toContain('embed=1');
    expect(hash).toContain('panel=paint');
    expect(hash).not.toContain('compact');
    expect(hash).not.toContain('present');
    expect(c.url.startsWith('https://host.example/lab/')).toBe(true);
  });

  it('suggests 960 wide with the panel’s aspect, between 320 and 720 tall', () => {
    expect(embedCode('https://h/#/batch-norm', 'histograms', 'x', 0.5)).toMatchObject({ width: 960, height: 480 });
    expect(embedCode('https://h/#/batch-norm', 'histograms', 'x', 3).height).toBe(720);
    expect(embedCode('https://h/#/batch-norm', 'histograms', 'x', 0.1).height).toBe(320);
  });

  it('writes an iframe whose attributes cannot be broken out of', () => {
    const c = embedCode('https://h/#/conv-transpose', 'paint', 'A "quoted" <title> & more', 0.5);
    expect(c.html).toContain('title="A &quot;quoted&quot; &lt;title> &amp; more"');
    expect(c.html).toMatch(/^<iframe src="https:\/\/h\/#\/conv-transpose\?[^"]*embed=1[^"]*" /);
  });
});
