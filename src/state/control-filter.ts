/**
 * Which control groups a link locks or hides (`lock=stride,padding&hide=channels`). Every explorer marks its control
 * groups with `data-control="<id>"`; the ids each page has are listed here so a link, a lesson step and the docs can
 * be checked without building the page (docs/lessons.md lists them; an e2e test checks the pages still carry them).
 * Pure: reading a link never touches the DOM.
 */
import { echoText } from '../util/echo-text.ts';

export const CONTROL_IDS = {
  'conv-transpose': [
    'channels', 'kernel', 'stride', 'padding', 'output-padding', 'dilation', 'bias',
    'kernel-preset', 'seed', 'input', 'image', 'file', 'size', 'show',
  ],
  'batch-norm': ['source', 'own-images', 'synthetic', 'n', 'size', 'batch', 'shift', 'mode', 'eps', 'gamma-beta'],
  training: [
    'seed', 'speed', 'stop', 'image', 'crop', 'ch', 'lr1', 'view', 'ck', 'cs', 'lr2', 'depth',
    'lop', 'lk', 'ls', 'ld', 'lp', 'lo', 'lc', 'ln', 'lsn',
  ],
  normalization: ['source', 'n', 'c', 'size', 'seed', 'norm', 'g', 'eps', 'affine'],
  model: ['file', 'reference'],
} as const satisfies Record<string, readonly string[]>;

export type ControlPage = keyof typeof CONTROL_IDS;

/** At most this many ids per list: more than any page has, few enough that a hostile link costs nothing. */
export const MAX_FILTER_IDS = 40;

export interface ControlFilterSpec {
  /** Groups whose inputs are disabled ("locked by this link"). */
  lock: string[];
  /** Groups hidden (and their section, once it has nothing else left). */
  hide: string[];
  /** When given, every other group is hidden. */
  only?: string[];
}

export function isControlPage(route: string): route is ControlPage {
  return Object.prototype.hasOwnProperty.call(CONTROL_IDS, route);
}

/**
 * Check a list of control ids against a page's: unknown ones are dropped with a notice that names the list, the id
 * and the ids the page has. Repeats are kept once.
 */
export function checkControlIds(key: string, ids: readonly string[], page: ControlPage): { ids: string[]; notices: string[] } {
  const known: readonly string[] = CONTROL_IDS[page];
  const out: string[] = [];
  const notices: string[] = [];
  if (ids.length > MAX_FILTER_IDS) notices.push(`${key} names ${ids.length} controls; only the first ${MAX_FILTER_IDS} were read`);
  for (const id of ids.slice(0, MAX_FILTER_IDS)) {
    if (known.includes(id)) {
      if (!out.includes(id)) out.push(id);
    } else {
      notices.push(`${key}: unknown control ${echoText(id, 30)} was ignored (this page’s controls: ${known.join(', ')})`);
    }
  }
  return { ids: out, notices };
}

/** Read `lock=` and `hide=` from a link's parameters for one page. Never throws. */
export function parseControlFilter(params: URLSearchParams, page: string): { value: ControlFilterSpec; notices: string[] } {
  const value: ControlFilterSpec = { lock: [], hide: [] };
  const notices: string[] = [];
  for (const key of ['lock', 'hide'] as const) {
    const all = params.getAll(key);
    if (all.length === 0) continue;
    if (all.length > 1) notices.push(`${key} was given more than once; the first value was used`);
    const ids = all[0].split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (!isControlPage(page)) {
      notices.push(`${key}= has no effect on this page (it has no control groups)`);
      continue;
    }
    const r = checkControlIds(key, ids, page);
    value[key] = r.ids;
    notices.push(...r.notices);
  }
  return { value, notices };
}
