/**
 * The lesson format (`public/lessons/<id>.json`, docs/lessons.md): a versioned list of steps, each an explorer link
 * (route + the key/values a link carries) with a panel to focus, elements to highlight, a short text, an optional
 * question, and the control groups locked or hidden in that step. Read like a link: each step's state goes through
 * the link decoder (state/patch.ts), so a lesson can say exactly what a link can say. Unlike a link, a lesson is
 * refused whole when anything in it is wrong — a lesson that silently drops a setting would tell the wrong story —
 * and every error names the step and the field. Pure and total: nothing a file holds makes it throw.
 */
import { echoText } from '../util/echo-text.ts';
import { checkControlIds, isControlPage } from './control-filter.ts';
import { decodePatch } from './patch.ts';
import { defaults, type Schema, type ValueOf } from './schema.ts';

export const LESSON_FORMAT = 'layerlab-lesson';
export const LESSON_VERSION = 1;
export const MAX_STEPS = 40;
export const MAX_TEXT = 1200;
export const MAX_TITLE = 120;
export const MAX_CHOICES = 6;
export const MAX_HIGHLIGHTS = 8;
/** Panel ids, test ids and control ids: lower-case words joined by hyphens (never a CSS selector). */
export const ELEMENT_ID_RE = /^[a-z0-9]+([-_][a-z0-9]+)*$/i;

export interface LessonQuestion {
  prompt: string;
  choices: string[];
  /** Index into `choices` of the right answer. */
  answer: number;
  /** Shown once a choice is made: why. */
  reveal: string;
}

export interface LessonStep {
  title: string;
  route: string;
  /** The explorer state of this step: its schema's defaults with the step's key/values applied. */
  state: Record<string, unknown>;
  /** The step's key/values as the file gives them (for "Copy as lesson step" round trips and the docs). */
  given: Record<string, unknown>;
  panel: string | null;
  highlight: string[];
  text: string;
  question: LessonQuestion | null;
  lock: string[];
  hide: string[];
}

export interface Lesson {
  version: number;
  id: string;
  title: string;
  summary: string;
  steps: LessonStep[];
}

/** What the validator knows of each page a step may open: its URL schema and its panel ids. */
export interface LessonPage {
  schema: Schema;
  panels: readonly string[];
}

export type LessonResult = { ok: true; lesson: Lesson } | { ok: false; errors: string[] };

const TOP_KEYS = ['format', 'version', 'id', 'title', 'summary', 'steps'];
const STEP_KEYS = ['title', 'route', 'state', 'panel', 'highlight', 'text', 'question', 'lock', 'hide'];
const QUESTION_KEYS = ['prompt', 'choices', 'answer', 'reveal'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A short text field: a string within `max` characters (and not empty unless `optional`). */
function text(v: unknown, where: string, max: number, errors: string[], optional = false): string {
  if (v === undefined && optional) return '';
  if (typeof v !== 'string') {
    errors.push(`${where} is ${kind(v)}; it must be text`);
    return '';
  }
  if (!optional && v.trim() === '') errors.push(`${where} is empty`);
  if (v.length > max) errors.push(`${where} has ${v.length} characters (at most ${max})`);
  return v;
}

function idList(v: unknown, where: string, max: number, errors: string[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    errors.push(`${where} is ${kind(v)}; it must be a list of ids`);
    return [];
  }
  if (v.length > max) {
    errors.push(`${where} has ${v.length} ids (at most ${max})`);
    return [];
  }
  const out: string[] = [];
  v.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || item.length > 60 || !ELEMENT_ID_RE.test(item)) {
      errors.push(`${where}[${i}] is ${typeof item === 'string' ? `“${echoText(item, 30)}”` : kind(item)}; an id is letters, digits and hyphens`);
    } else out.push(item);
  });
  return out;
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], where: string, errors: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) errors.push(`${where}: unknown field ${echoText(k, 30)} (allowed: ${allowed.join(', ')})`);
  }
}

function readQuestion(v: unknown, where: string, errors: string[]): LessonQuestion | null {
  if (v === undefined || v === null) return null;
  if (!isPlainObject(v)) {
    errors.push(`${where} is ${kind(v)}; it must be an object with prompt, choices, answer and reveal`);
    return null;
  }
  unknownKeys(v, QUESTION_KEYS, where, errors);
  const prompt = text(v.prompt, `${where}.prompt`, MAX_TEXT, errors);
  const reveal = text(v.reveal, `${where}.reveal`, MAX_TEXT, errors);
  let choices: string[] = [];
  if (!Array.isArray(v.choices) || v.choices.length < 2 || v.choices.length > MAX_CHOICES) {
    errors.push(`${where}.choices must be a list of 2 to ${MAX_CHOICES} texts`);
  } else {
    choices = v.choices.map((c: unknown, i) => text(c, `${where}.choices[${i}]`, MAX_TITLE * 2, errors));
  }
  const answer = v.answer;
  if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer >= Math.max(choices.length, 1)) {
    errors.push(`${where}.answer must be the index of the right choice (0 to ${Math.max(choices.length - 1, 0)})`);
    return null;
  }
  return { prompt, choices, answer, reveal };
}

function readStep(raw: unknown, n: number, pages: Record<string, LessonPage>, errors: string[]): LessonStep | null {
  const at = `step ${n}`;
  if (!isPlainObject(raw)) {
    errors.push(`${at} is ${kind(raw)}; a step is an object`);
    return null;
  }
  const before = errors.length;
  unknownKeys(raw, STEP_KEYS, at, errors);
  const title = text(raw.title, `${at}: title`, MAX_TITLE, errors);
  const where = `${at}${title ? ` (“${echoText(title, 40)}”)` : ''}`;
  const route = raw.route;
  const page = typeof route === 'string' && Object.prototype.hasOwnProperty.call(pages, route) ? pages[route] : undefined;
  if (!page) {
    errors.push(`${where}: route ${typeof route === 'string' ? `“${echoText(route, 30)}”` : kind(route)} is not a page (one of ${Object.keys(pages).join(', ')})`);
    return null;
  }
  let state: Record<string, unknown> = defaults(page.schema) as Record<string, unknown>;
  let given: Record<string, unknown> = {};
  if (raw.state !== undefined) {
    if (!isPlainObject(raw.state)) errors.push(`${where}: state is ${kind(raw.state)}; it must be an object of key: value pairs`);
    else {
      const r = decodePatch(page.schema, defaults(page.schema) as ValueOf<Schema>, raw.state);
      for (const m of r.notices) errors.push(`${where}: state: ${m}`);
      state = r.value as Record<string, unknown>;
      given = { ...raw.state };
    }
  }
  let panel: string | null = null;
  if (raw.panel !== undefined && raw.panel !== null) {
    if (typeof raw.panel !== 'string' || !page.panels.includes(raw.panel)) {
      errors.push(`${where}: panel ${typeof raw.panel === 'string' ? `“${echoText(raw.panel, 30)}”` : kind(raw.panel)} is not a panel of ${route} (one of ${page.panels.join(', ')})`);
    } else panel = raw.panel;
  }
  const highlight = idList(raw.highlight, `${where}: highlight`, MAX_HIGHLIGHTS, errors);
  const body = text(raw.text, `${where}: text`, MAX_TEXT, errors);
  const question = readQuestion(raw.question, `${where}: question`, errors);
  const lists = { lock: [] as string[], hide: [] as string[] };
  for (const key of ['lock', 'hide'] as const) {
    const ids = idList(raw[key], `${where}: ${key}`, 40, errors);
    if (ids.length === 0) continue;
    if (!isControlPage(route as string)) {
      errors.push(`${where}: ${key}: ${route} has no control groups`);
      continue;
    }
    const r = checkControlIds(`${where}: ${key}`, ids, route as Parameters<typeof checkControlIds>[2]);
    errors.push(...r.notices);
    lists[key] = r.ids;
  }
  if (errors.length > before) return null;
  return { title, route: route as string, state, given, panel, highlight, text: body, question, ...lists };
}

/** Validate a parsed lesson file against the pages it may open. */
export function validateLesson(raw: unknown, pages: Record<string, LessonPage>): LessonResult {
  const errors: string[] = [];
  if (!isPlainObject(raw)) return { ok: false, errors: [`the lesson is ${kind(raw)}; it must be a JSON object`] };
  if (raw.format !== LESSON_FORMAT) errors.push(`format must be “${LESSON_FORMAT}”`);
  if (raw.version !== LESSON_VERSION) {
    errors.push(`version ${typeof raw.version === 'number' ? raw.version : kind(raw.version)} is not supported (this app reads version ${LESSON_VERSION})`);
    return { ok: false, errors };
  }
  unknownKeys(raw, TOP_KEYS, 'lesson', errors);
  const id = raw.id;
  if (typeof id !== 'string' || id.length > 60 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    errors.push('id must be lower-case letters, digits and hyphens (the file’s name without .json)');
  }
  const title = text(raw.title, 'title', MAX_TITLE, errors);
  const summary = text(raw.summary, 'summary', MAX_TEXT, errors, true);
  const steps: LessonStep[] = [];
  if (!Array.isArray(raw.steps) || raw.steps.length === 0 || raw.steps.length > MAX_STEPS) {
    errors.push(`steps must be a list of 1 to ${MAX_STEPS} steps`);
  } else {
    raw.steps.forEach((s: unknown, i) => {
      const step = readStep(s, i + 1, pages, errors);
      if (step) steps.push(step);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, lesson: { version: LESSON_VERSION, id: id as string, title, summary, steps } };
}

/**
 * The step JSON "Copy as lesson step" puts on the clipboard: the route, the state fields that differ from the
 * defaults (as a link would carry them) and the focused panel; text and question are left for the author.
 */
export function lessonStepFromState(route: string, schema: Schema, state: Record<string, unknown>, panel: string | null): Record<string, unknown> {
  const d = defaults(schema) as Record<string, unknown>;
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    if (JSON.stringify(state[key]) !== JSON.stringify(d[key])) given[key] = state[key];
  }
  const step: Record<string, unknown> = { title: 'A new step', route, state: given };
  if (panel) step.panel = panel;
  step.highlight = panel ? [panel] : [];
  step.text = 'What this step shows, with *emphasis*, `code` and $math$.';
  return step;
}
