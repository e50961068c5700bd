import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zip } from '../../src/epub/zip.js';

// The EPUB's archive: what jszip (as readers' unzippers do) and Info-ZIP's unzip read back.
describe('zip', () => {
  const text = 'Ἀθῆναι — Москва — '.repeat(500);
  const entries = [
    { name: 'mimetype', data: Buffer.from('application/epub+zip'), store: true },
    { name: 'OEBPS/', data: new Uint8Array() },
    { name: 'OEBPS/text.xhtml', data: Buffer.from(text) },
    { name: 'OEBPS/empty.css', data: new Uint8Array() },
    { name: 'OEBPS/images/карта.png', data: new Uint8Array([137, 80, 78, 71, 0, 255]) },
  ];
  const bytes = zip(entries, new Date(Date.UTC(1953, 3, 14)));

  it('reads back entry for entry, in order, with the contents given', async () => {
    const read = await JSZip.loadAsync(bytes);
    expect(Object.keys(read.files)).toEqual(entries.map((e) => e.name));
    expect(await read.file('OEBPS/text.xhtml')!.async('string')).toBe(text);
    expect(await read.file('OEBPS/empty.css')!.async('string')).toBe('');
    expect([...(await read.file('OEBPS/images/карта.png')!.async('uint8array'))]).toEqual([137, 80, 78, 71, 0, 255]);
    expect(read.files['OEBPS/'].dir).toBe(true);
  });

  it('stores the mimetype uncompressed at offset 30 and deflates the text; dates before 1980 become 1980-01-01', () => {
    expect(Buffer.from(bytes.subarray(30, 58)).toString('latin1')).toBe('mimetypeapplication/epub+zip');
    expect(bytes.length).toBeLessThan(text.length / 4);
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-zip-'));
    writeFileSync(join(dir, 'a.zip'), bytes);
    const listing = execFileSync('unzip', ['-lv', join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(listing).toMatch(/Stored\s+20\s+0%\s+1980-01-01 00:00\s+2cab616f\s+mimetype/);
    expect(listing).toMatch(/Defl:N .* OEBPS\/text\.xhtml/);
    execFileSync('unzip', ['-tq', join(dir, 'a.zip')]);
  });
});
