import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKET_FIELDS } from '../src/parse/packet.js';
import { FIELDS } from '../src/load/schema.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every front matter key the schema accepts, with the same requiredness, type and doc', () => {
    for (const f of FIELDS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${f.key}\` |`));
      expect(row, `README has no row for '${f.key}'`).toBeDefined();
      expect(row!.includes('| yes |'), `requiredness of '${f.key}'`).toBe(Boolean(f.required));
      expect(row!.toLowerCase().startsWith(`| \`${f.key}\` | ${f.type} |`), `type of '${f.key}'`).toBe(true);
      expect(row!.includes(f.doc), `doc of '${f.key}'`).toBe(true);
    }
  });

  it('documents every packet key, with the same type', () => {
    const section = readme.slice(readme.indexOf('## Packets'), readme.indexOf('### Printing'));
    for (const f of PACKET_FIELDS) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${f.key}\` |`));
      expect(row, `README has no packet row for '${f.key}'`).toBeDefined();
      expect(row!.startsWith(`| \`${f.key}\` | ${f.type} |`), `type of '${f.key}'`).toBe(true);
      expect(row!.includes(f.doc), `doc of '${f.key}'`).toBe(true);
    }
  });

  it('says why each dependency is there', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const section = readme.slice(readme.indexOf('## Dependencies'));
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
      const named = section.includes(`\`${name}\``) || (name.startsWith('@types/') && section.includes('`@types/*`'));
      expect(named, `README's dependency section does not name ${name}`).toBe(true);
    }
  });

  it('shows the two commands for a fresh machine', () => {
    expect(readme).toContain('npm install && npm run build');
    expect(readme).toContain('npm test');
  });
});

describe('README: every promise names a test that exists', () => {
  it('each `test/…` › *title* under "What a build promises" is a test of that file', () => {
    const section = readme.slice(readme.indexOf('### What a build promises'), readme.indexOf('## The index of names'));
    const refs = [...section.replace(/\n\s*/g, ' ').matchAll(/`(test\/[^`]+\.test\.ts)`((?:\s*(?:›|,|\(|and|\)|;)?\s*\*[^*]+\*)+)/g)];
    expect(refs.length).toBeGreaterThan(3);
    for (const [, file, titles] of refs) {
      const source = readFileSync(join(import.meta.dirname, '..', file), 'utf8');
      for (const [, title] of titles.matchAll(/›\s*\*([^*]+)\*/g)) {
        expect(source.includes(title.replace(/…$/, '')), `${file} has no test '${title}'`).toBe(true);
      }
    }
  });
});

describe('README: what each chosen dependency does here', () => {
  const row = (name: string) => readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
  const source = (file: string) => readFileSync(join(import.meta.dirname, '..', file), 'utf8');

  it('epub-gen-memory: the row names every template the code hands it, and says who zips', () => {
    const code = source('src/epub/package.ts');
    const templates = [...code.matchAll(/readTemplate\('([^']+)'\)/g)].map((m) => m[1]);
    expect(templates.length).toBe(4);
    for (const t of templates) expect(row('epub-gen-memory'), t).toContain(`\`${t}\``);
    // The code zips with its own zip and never asks epub-gen-memory for its archive.
    expect(code).toContain("from './zip.js'");
    expect(code).not.toMatch(/genEpub|generateAsync/);
    expect(row('epub-gen-memory')).toMatch(/its zip: samizdat reads the files back .* zips them itself \(`src\/epub\/zip\.ts`/);
  });

  it('gray-matter: the row says it gets the lines samizdat split, with an options object, and only `data` is read', () => {
    const code = source('src/load/frontmatter.ts');
    expect(code).toMatch(/matter\(`---\\n\$\{stripForbidden\(yaml\)\}\\n---\\n`, \{\}\)\.data/);
    expect(row('gray-matter')).toContain('with an options object');
    expect(row('gray-matter')).toContain('it reads `data` and nothing else');
  });
});
