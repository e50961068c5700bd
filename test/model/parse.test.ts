import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { parseBody } from '../../src/parse/parse.js';
import { assignIds } from '../../src/transform/ids.js';
import { buildToc } from '../../src/transform/toc.js';
import { hangingTerms } from '../../src/model/index.js';
import { blocksToSexp } from './sexp.js';

/**
 * Fixture files in test/fixtures/model/*.txt, after markdown-it's: a `### name` line, the Markdown,
 * a line with a single '.', the expected model (see sexp.ts), a line with a single '.'.
 */
interface Fixture {
  file: string;
  name: string;
  markdown: string;
  expected: string;
}

function readFixtures(dir: string): Fixture[] {
  const out: Fixture[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const parts = readFileSync(join(dir, file), 'utf8').split(/^### /m).slice(1);
    for (const part of parts) {
      const [name, ...rest] = part.split('\n');
      const [markdown, expected] = rest.join('\n').split(/^\.$/m);
      out.push({ file, name: name.trim(), markdown: markdown.replace(/\n$/, ''), expected: expected.trim() });
    }
  }
  return out;
}

const fixtures = readFixtures(join(import.meta.dirname, '..', 'fixtures', 'model'));

describe('Markdown → document model', () => {
  for (const f of fixtures) {
    it(`${f.file}: ${f.name}`, () => {
      const diags = new Diagnostics();
      const { blocks, notes } = parseBody('x.md', f.markdown, 0, diags);
      assignIds(blocks, notes);
      let got = blocksToSexp(blocks);
      for (const n of notes) got += `\n(note ${n.number} #${n.id} refs=${n.refIds.join(',')}\n${blocksToSexp(n.children, '  ')})`;
      expect(got).toBe(f.expected);
    });
  }
});

describe('contents', () => {
  it('nests sections under chapters and skips headings inside block quotes', () => {
    const { blocks } = parseBody('x.md', '# One\n\n## A\n\n> ## Quoted\n\n## B\n\n# Two\n', 0, new Diagnostics());
    assignIds(blocks);
    const toc = buildToc(blocks);
    expect(toc.map((e) => [e.id, e.children.map((c) => c.id)])).toEqual([['one', ['a', 'b']], ['two', []]]);
  });
});

describe('definition lists set with their terms hanging', () => {
  const hanging = (md: string) => {
    const [b] = parseBody('x.md', md, 0, new Diagnostics()).blocks;
    return b.kind === 'definitions' ? hangingTerms(b) : 'not a list';
  };
  it('are those whose terms are all short and whose definitions begin with a paragraph: the longest term’s length', () => {
    expect(hanging('CC\n:   Central Committee.\n\nCPSU\n:   Communist Party.\n')).toBe(4);
    expect(hanging('Twelve chars\n:   A term of twelve.\n')).toBe(12);
  });
  it('are not those with a longer term, or a definition that opens with a list or a quotation', () => {
    expect(hanging('CC\n:   Central Committee.\n\nCollective leadership\n:   The Presidium as a body.\n')).toBeUndefined();
    expect(hanging('CC\n:   - Central Committee.\n')).toBeUndefined();
    expect(hanging('CC\n:   > Central Committee.\n')).toBeUndefined();
  });
});
