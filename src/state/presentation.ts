import type { PresentationOptions } from '../explorers/types.ts';
import { checkField, type Schema } from './schema.ts';

/** URL keys shared by every page: the version and how the page is presented (not explorer state). */
export const PRESENTATION_SCHEMA = {
  embed: { kind: 'bool', default: false },
  theme: { kind: 'enum', default: 'auto', values: ['auto', 'light', 'dark'] },
  scale: { kind: 'number', default: 1, min: 0.5, max: 4 },
  present: { kind: 'bool', default: false },
} as const satisfies Schema;

export const RESERVED_KEYS = ['v', 'embed', 'panel', 'theme', 'scale', 'origins', 'present'] as const;

export function parsePresentation(params: URLSearchParams): { value: PresentationOptions; notices: string[] } {
  const notices: string[] = [];
  const value: PresentationOptions = { embed: false, panels: [], theme: 'auto', scale: 1, present: false };
  for (const key of ['embed', 'theme', 'scale', 'present'] as const) {
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
