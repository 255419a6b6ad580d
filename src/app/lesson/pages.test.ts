import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateLesson } from '../../state/lesson.ts';
import { LESSON_PAGES, TRAINING_PANELS } from './pages.ts';

describe('shipped lessons', () => {
  const dir = new URL('../../../public/lessons/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('ships the transposed-convolution, batch-normalization and normalization-family lessons', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['batch-normalization.json', 'normalization-family.json', 'transposed-convolution.json']));
  });

  for (const f of files) {
    it(`${f} validates, and its id is its file name`, () => {
      const raw = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { id: string };
      const r = validateLesson(raw, LESSON_PAGES);
      if (!r.ok) throw new Error(r.errors.join('\n'));
      expect(r.lesson.id).toBe(f.replace(/\.json$/, ''));
    });
  }

  it('lists every panel the training page builds', () => {
    const src = readdirSync(new URL('../../explorers/training/panels/', import.meta.url))
      .map((f) => readFileSync(new URL(`../../explorers/training/panels/${f}`, import.meta.url), 'utf8')).join('\n');
    const ids = [...src.matchAll(/panelSection\('([a-z0-9-]+)'/g)].map((m) => m[1]);
    expect([...ids].sort()).toEqual([...TRAINING_PANELS].sort());
  });
});

describe('docs/lessons.md', () => {
  it('its complete example is a valid lesson', () => {
    const md = readFileSync(new URL('../../../docs/lessons.md', import.meta.url), 'utf8');
    const example = /```json\n(\{\n {2}"format"[\s\S]*?)\n```/.exec(md);
    expect(example).not.toBeNull();
    const r = validateLesson(JSON.parse(example![1]), LESSON_PAGES);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.lesson.steps).toHaveLength(2);
  });
});
