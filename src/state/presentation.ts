import { checkField, type Schema } from './schema.ts';

/** Options that come from the URL but are not explorer state (embedding, presentation). */
export interface PresentationOptions {
  embed: boolean;
  /** Panel ids to show in embed mode; empty = the explorer's default set. */
  panels: string[];
  theme: 'light' | 'dark' | 'auto';
  scale: number;
  /** Projection: prose, claims and parity badges hidden so the figures get the room. */
  compact: boolean;
  /** In an embed: show the panels' explanations (default off: the figure comes first). */
  text: boolean;
  /** In an embed: show the ONNX Runtime parity badges (default off: ONNX Runtime is then never loaded). */
  badges: boolean;
  /** In an embed: the control groups shown as a strip above the figure; empty = none. */
  controls: string[];
  /** Presenter mode: one panel at a time in large type, presenter keys on. */
  present: boolean;
}

/** URL keys shared by every page: the version and how the page is presented (not explorer state). */
export const PRESENTATION_SCHEMA = {
  embed: { kind: 'bool', default: false },
  theme: { kind: 'enum', default: 'auto', values: ['auto', 'light', 'dark'] },
  scale: { kind: 'number', default: 1, min: 0.5, max: 4 },
  compact: { kind: 'bool', default: false },
  text: { kind: 'bool', default: false },
  badges: { kind: 'bool', default: false },
  present: { kind: 'bool', default: false },
} as const satisfies Schema;

/**
 * `lock` and `hide` name control groups to disable or hide (state/control-filter.ts); `lesson` is the lesson id a
 * `#/lesson/<id>` link carries in its path (state/route.ts).
 */
export const RESERVED_KEYS = [
  'v', 'embed', 'panel', 'theme', 'scale', 'compact', 'text', 'badges', 'controls', 'present', 'origins', 'lock', 'hide', 'lesson',
] as const;

/** A page shown on its own: no embed, the system's theme, nothing hidden. */
export function defaultPresentation(): PresentationOptions {
  return {
    embed: false, panels: [], theme: 'auto', scale: 1, compact: false, text: false, badges: false, controls: [], present: false,
  };
}

export function parsePresentation(params: URLSearchParams): { value: PresentationOptions; notices: string[] } {
  const notices: string[] = [];
  const value = defaultPresentation();
  for (const key of ['embed', 'theme', 'scale', 'compact', 'text', 'badges', 'present'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = checkField(key, PRESENTATION_SCHEMA[key], raw);
    if (!r.ok) notices.push(`${r.why}; ignored`);
    else (value as unknown as Record<string, unknown>)[key] = r.value;
  }
  const ids = (key: 'panel' | 'controls'): string[] => {
    const raw = params.get(key);
    if (raw === null) return [];
    const all = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const ok = all.filter((s) => /^[a-z0-9-]{1,40}$/.test(s)).slice(0, 40);
    if (ok.length < all.length) notices.push(`${key}: ids are lower-case letters, digits and dashes; ${all.length - ok.length} ignored`);
    return ok;
  };
  value.panels = ids('panel');
  value.controls = ids('controls');
  return { value, notices };
}
