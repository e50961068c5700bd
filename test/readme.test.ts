import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../src/load/schema.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every front matter key the schema accepts, with the same requiredness', () => {
    for (const f of FIELDS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${f.key}\` |`));
      expect(row, `README has no row for '${f.key}'`).toBeDefined();
      expect(row!.includes('| yes |'), `requiredness of '${f.key}'`).toBe(Boolean(f.required));
    }
  });

  it('shows the two commands for a fresh machine', () => {
    expect(readme).toContain('npm install && npm run build');
    expect(readme).toContain('npm test');
  });
});
