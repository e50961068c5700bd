/**
 * Ordered lists print the numbers the manuscript wrote when they do not count on from the first
 * (years at the head of paragraphs: CommonMark would renumber 1917, 1920, 1924 as 1917, 1918, 1919),
 * and count on from the first otherwise (`3.` `4.`, and `1.` `1.` `1.` written to be counted); a countdown keeps its numbers.
 */
import { beforeAll, expect, test } from 'vitest';
import { buildEpub, loadBook, parseXml, text, unzip } from '../epub/helpers.js';
import { buildPdf, pageTexts } from './helpers.js';

const FIXTURE = 'test/fixtures/lists/numbers.md';
let pdf: string;

beforeAll(async () => {
  pdf = pageTexts((await buildPdf(FIXTURE)).path).join('\n').replace(/[ \t]+/g, ' ');
}, 60_000);

test('the PDF prints the years as written, and counts the other lists', () => {
  expect(pdf).toMatch(/1917\. The revolution\.\s+1920\. The civil war ends\.\s+1924\. Lenin dies\./);
  expect(pdf).toMatch(/3\. Third\.\s+4\. Fourth\./);
  expect(pdf).toMatch(/1\. One\.\s+2\. Two\.\s+3\. Three\./);
  expect(pdf).toMatch(/10\. Ten\.\s+9\. Nine\.\s+8\. Eight\./);
  expect(pdf).not.toMatch(/1918|1919|11\. Nine/);
});

test('the EPUB gives each year its value, and the counted lists none', async () => {
  const files = await unzip(await buildEpub(FIXTURE));
  const name = [...files.keys()].find((n) => /\.xhtml$/.test(n) && text(files, n).includes('Lenin dies'))!;
  const lists = [...parseXml(text(files, name)).getElementsByTagName('ol')];
  const items = (i: number) => [...lists[i].getElementsByTagName('li')].map((li) => li.getAttribute('value'));
  expect(lists.map((l) => l.getAttribute('start'))).toEqual(['1917', '3', null, '10']);
  // Four figures and a full stop hang further into the margin than the stylesheet's 1.5 em.
  expect(lists.map((l) => l.getAttribute('class'))).toEqual(['digits-4', null, null, null]);
  expect(items(0)).toEqual(['1917', '1920', '1924']);
  expect(items(1)).toEqual([null, null]);
  expect(items(2)).toEqual([null, null, null]);
  expect(items(3)).toEqual(['10', '9', '8']);
  expect(loadBook(FIXTURE).blocks.filter((b) => b.kind === 'list').map((b) => b.kind === 'list' && b.numbers)).toEqual([[1917, 1920, 1924], undefined, undefined, [10, 9, 8]]);
});
