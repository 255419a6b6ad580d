import { describe, expect, it } from 'vitest';
import { convTransposeSchema } from '../explorers/conv-transpose/schema.ts';
import { PANEL_IDS as CT_PANELS } from '../explorers/conv-transpose/panels/panel.ts';
import { bnSchema } from '../explorers/batch-norm/schema.ts';
import { PANEL_IDS as BN_PANELS } from '../explorers/batch-norm/view-model.ts';
import { mulberry32 } from '../util/random.ts';
import { lessonStepFromState, validateLesson, MAX_STEPS, type LessonPage } from './lesson.ts';
import { defaults } from './schema.ts';

const pages: Record<string, LessonPage> = {
  'conv-transpose': { schema: convTransposeSchema, panels: CT_PANELS },
  'batch-norm': { schema: bnSchema, panels: BN_PANELS },
};

function valid(): Record<string, unknown> {
  return {
    format: 'layerlab-lesson',
    version: 1,
    id: 'tiny',
    title: 'Tiny',
    steps: [
      { title: 'Paint', route: 'conv-transpose', state: { sH: 3, sW: 3, kernel: 'box' }, panel: 'paint', highlight: ['paint'], text: 'Each *input* paints.', lock: ['stride'], hide: ['bias'] },
      {
        title: 'Stats', route: 'batch-norm', state: { gamma: [2, 2, 2, 2], mode: 'eval' }, text: '$x̂$ has mean 0.',
        question: { prompt: 'Mean?', choices: ['0', '1'], answer: 0, reveal: 'Zero.' },
      },
    ],
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('validateLesson', () => {
  it('reads a valid lesson: each step’s state is the schema defaults with the step’s values', () => {
    const r = validateLesson(valid(), pages);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const [a, b] = r.lesson.steps;
    expect(a.state).toEqual({ ...defaults(convTransposeSchema), sH: 3, sW: 3 });
    expect(a.lock).toEqual(['stride']);
    expect(a.panel).toBe('paint');
    expect(b.state.gamma).toEqual([2, 2, 2, 2]);
    expect(b.state.mode).toBe('eval');
    expect(b.question?.answer).toBe(0);
    expect(b.lock).toEqual([]);
  });

  const cases: [string, (l: Record<string, unknown>) => void, RegExp][] = [
    ['not an object', () => undefined, /the lesson is a list/],
    ['wrong format', (l) => { l.format = 'x'; }, /format must be “layerlab-lesson”/],
    ['future version', (l) => { l.version = 2; }, /version 2 is not supported \(this app reads version 1\)/],
    ['unknown top-level field', (l) => { l.extra = 1; }, /lesson: unknown field extra/],
    ['bad id', (l) => { l.id = '../etc'; }, /id must be lower-case/],
    ['no steps', (l) => { l.steps = []; }, new RegExp(`steps must be a list of 1 to ${MAX_STEPS}`)],
    ['unknown route', (l) => { step(l, 0).route = 'nope'; }, /step 1 \(“Paint”\): route “nope” is not a page/],
    ['value out of range', (l) => { step(l, 0).state = { sH: 9 }; }, /step 1 \(“Paint”\): state: sH=9 is outside 1…4/],
    ['unknown state key', (l) => { step(l, 1).state = { stride: 2 }; }, /step 2 \(“Stats”\): state: unknown parameter stride/],
    ['state of the wrong kind', (l) => { step(l, 1).state = { gamma: { a: 1 } }; }, /step 2 .*state: gamma is an object/],
    ['state not an object', (l) => { step(l, 0).state = 'sH=2'; }, /step 1 .*state is string; it must be an object/],
    ['unknown panel', (l) => { step(l, 0).panel = 'histograms'; }, /step 1 .*panel “histograms” is not a panel of conv-transpose/],
    ['highlight not ids', (l) => { step(l, 0).highlight = ['a"]']; }, /step 1 .*highlight\[0\] is “a"\]”; an id is letters/],
    ['unknown lock id', (l) => { step(l, 0).lock = ['strde']; }, /step 1 .*lock: unknown control strde was ignored \(this page’s controls: channels/],
    ['hide not a list', (l) => { step(l, 0).hide = 'bias'; }, /step 1 .*hide is string; it must be a list of ids/],
    ['empty text', (l) => { step(l, 0).text = ' '; }, /step 1 .*text is empty/],
    ['text too long', (l) => { step(l, 0).text = 'x'.repeat(5000); }, /step 1 .*text has 5000 characters \(at most 1200\)/],
    ['answer out of range', (l) => { (step(l, 1).question as Record<string, unknown>).answer = 2; }, /step 2 .*question.answer must be the index of the right choice \(0 to 1\)/],
    ['one choice', (l) => { (step(l, 1).question as Record<string, unknown>).choices = ['a']; }, /step 2 .*question.choices must be a list of 2 to 6/],
    ['unknown step field', (l) => { step(l, 1).html = '<b>'; }, /step 2: unknown field html/],
    ['step not an object', (l) => { (l.steps as unknown[])[1] = 3; }, /step 2 is number; a step is an object/],
  ];
  function step(l: Record<string, unknown>, i: number): Record<string, unknown> {
    return (l.steps as Record<string, unknown>[])[i];
  }
  for (const [name, mutate, message] of cases) {
    it(`refuses a lesson with ${name}, naming the step and field`, () => {
      const l = valid();
      mutate(l);
      const r = validateLesson(name === 'not an object' ? [] : l, pages);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
    });
  }

  it('never throws on mutations of a valid lesson, and what it accepts it accepts again (fuzz, seeded)', () => {
    const rand = mulberry32(26);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const junk = (): unknown => pick([null, undefined, 0, -1, 1.5, 1e309, NaN, '', 'x', '<img src=x onerror=alert(1)>', [], [1, 'a'], {}, { a: 1 }, true, '__proto__', Object.create(null)]);
    let accepted = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const l = valid();
      const mutations = 1 + Math.floor(rand() * 3);
      for (let m = 0; m < mutations; m++) {
        // Walk to a random object or list inside the lesson and change, delete or add one entry.
        let node: Record<string, unknown> | unknown[] = l;
        for (let depth = 0; depth < 4; depth++) {
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          const k = pick(keys);
          const child: unknown = (node as Record<string, unknown>)[k];
          if (child && typeof child === 'object' && rand() < 0.7) node = child as Record<string, unknown>;
          else break;
        }
        const keys = Object.keys(node);
        const k = keys.length ? pick(keys) : 'k';
        const op = rand();
        if (op < 0.5) (node as Record<string, unknown>)[k] = junk();
        else if (op < 0.7) delete (node as Record<string, unknown>)[k];
        else if (op < 0.85) (node as Record<string, unknown>)[pick(['extra', 'sH', 'steps', 'answer', '0'])] = junk();
        else if (Array.isArray(node)) node.push(clone(node[0]));
        else (node as Record<string, unknown>)[k] = String((node as Record<string, unknown>)[k]);
      }
      let r: ReturnType<typeof validateLesson>;
      expect(() => { r = validateLesson(l, pages); }).not.toThrow();
      if (r!.ok) {
        accepted++;
        for (const s of r!.lesson.steps) expect(Object.keys(pages)).toContain(s.route);
        expect(validateLesson(l, pages).ok).toBe(true);
      } else {
        for (const e of r!.errors) expect(e).toMatch(/^(the lesson|format|version|lesson:|id|title|summary|steps|step \d+)/);
      }
    }
    // Some mutations are harmless (a text changed, an optional field removed): both outcomes were exercised.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('lessonStepFromState', () => {
  it('keeps the fields that differ from the defaults, and the result validates', () => {
    const state = { ...defaults(convTransposeSchema), sH: 3, sW: 3, weights: [1, 2] };
    const step = lessonStepFromState('conv-transpose', convTransposeSchema, state, 'matrix');
    expect(step.route).toBe('conv-transpose');
    expect(step.state).toEqual({ sH: 3, sW: 3, weights: [1, 2] });
    expect(step.panel).toBe('matrix');
    const r = validateLesson({ format: 'layerlab-lesson', version: 1, id: 'x', title: 'X', steps: [step] }, pages);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.lesson.steps[0].state).toEqual(state);
  });
});
