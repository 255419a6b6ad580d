import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, DOC_PATH, END, generatedTables, withTables } from './url-docs.ts';

describe('docs/url-state.md', () => {
  it('lists every URL parameter exactly as the schemas define it (regenerate: npx tsx scripts/url-docs.ts --write)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(withTables(doc)).toBe(doc);
  });

  it('the generated block replaces only what lies between its markers', () => {
    const doc = `intro\n${BEGIN}\nstale\n${END}\noutro\n`;
    expect(withTables(doc)).toBe(`intro\n${BEGIN}\n${generatedTables()}\n${END}\noutro\n`);
  });
});
