// Speed of the paragraph setter: `npx vitest bench test/typeset` (not part of `vitest run`).
import { bench, describe } from 'vitest';
import { plainText } from '../../src/model/inline.js';
import { BODY, seedBlocks, setParagraph } from './helpers.js';

const blocks = seedBlocks();
const all = blocks.map((b) => plainText(b.children)).join(' ');
const mb = (n: number) => {
  let t = '';
  while (t.length < n * 1e6) t += all + ' ';
  return [{ kind: 'text' as const, text: t }];
};
const half = mb(0.5);
const one = mb(1);
for (const b of blocks) setParagraph(b.children, BODY); // warm the width cache

describe('setParagraph', () => {
  bench('the seed, warm (~5.4k words)', () => {
    for (const b of blocks) setParagraph(b.children, BODY);
  });
  bench('one 0.5 MB paragraph', () => void setParagraph(half, BODY), { iterations: 3 });
  bench('one 1 MB paragraph', () => void setParagraph(one, BODY), { iterations: 3 });
});
