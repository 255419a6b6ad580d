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
}

/** URL keys shared by every page: the version and how the page is presented (not explorer state). */
export const PRESENTATION_SCHEMA = {
  embed: { kind: 'bool', default: false },
  theme: { kind: 'enum', default: 'auto', values: ['auto', 'light', 'dark'] },
  scale: { kind: 'number', default: 1, min: 0.5, max: 4 },
  compact: { kind: 'bool', default: false },
} as const satisfies Schema;

/**
 * `lock` and `hide` name control groups to disable or hide (state/control-filter.ts); `lesson` is the lesson id a
 * `#/lesson/<id>` link carries in its path (state/route.ts).
 */
export const RESERVED_KEYS = ['v', 'embed', 'panel', 'theme', 'scale', 'compact', 'origins', 'lock', 'hide', 'lesson'] as const;

export function parsePresentation(params: URLSearchParams): { value: PresentationOptions; notices: string[] } {
  const notices: string[] = [];
  const value: PresentationOptions = { embed: false, panels: [], theme: 'auto', scale: 1, compact: false };
  for (const key of ['embed', 'theme', 'scale', 'compact'] as const) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = checkField(key, PRESENTATION_SCHEMA[key], raw);
    if (!r.ok) notices.push(`${r.why}; ignored`);
    else (value as unknown as Record<string, unknown>)[key] = r.value;
  }
  const panel = params.get('panel');
  if (panel !== null) {
    value.panels = panel.split(',').map((s) => s.trim()).filter((s) => /^[a-z0-9-]{1,40}$/.test(s));
  }
  return { value, notices };
}
