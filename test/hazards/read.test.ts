import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/model/index.js';
import { firstInvalidUtf8 } from '../../src/load/read.js';
import { load } from './load.js';

describe('files that cannot be read as UTF-8 text', () => {
  it('Latin-1 bytes: the error is at the first bad byte, as line and column', () => {
    // Line 7 is 'The fa\xe7ade of the r\xe9gime.': the ç is column 7.
    expect(load('read/latin1.md').lines).toEqual([
      'read/latin1.md:7:7: error: the file is not valid UTF-8: byte 0xE7 at offset 85 is not part of a UTF-8 character (save it as UTF-8; if it is Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8)',
    ]);
  });

  it('an overlong encoding and a character cut off at the end of the file are not UTF-8 either', () => {
    expect(load('read/overlong.md').lines[0]).toMatch(/^read\/overlong.md:7:13: error: the file is not valid UTF-8: byte 0xC0 at offset 91 /);
    expect(load('read/truncated.md').lines[0]).toMatch(/^read\/truncated.md:7:39: error: the file is not valid UTF-8: byte 0xE2 at offset 117 /);
  });

  it('UTF-16 is named as such', () => {
    expect(load('read/utf16.md').lines).toEqual(['read/utf16.md:1:1: error: the file is UTF-16, not UTF-8 (save it as UTF-8: iconv -f UTF-16 -t UTF-8)']);
  });

  it('finds the first invalid byte by RFC 3629: surrogates, overlongs and code points past U+10FFFF', () => {
    expect(firstInvalidUtf8(Buffer.from('aé€😀b'))).toBe(Buffer.from('aé€😀b').length - 1);
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xed, 0xa0, 0x80))).toBe(1); // U+D800
    expect(firstInvalidUtf8(Uint8Array.of(0xe0, 0x80, 0xaf))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xf4, 0x90, 0x80, 0x80))).toBe(1); // U+110000
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0x62, 0xf0, 0x9f))).toBe(2); // cut off
  });
});

describe('paths that are not a readable file', () => {
  it('a missing file', () => {
    expect(load('read/no-such-file.md').lines).toEqual(['read/no-such-file.md:1:1: error: cannot read the manuscript: there is no such file (check the path)']);
  });

  it('a folder', () => {
    expect(load('read').lines).toEqual(['read:1:1: error: cannot read the manuscript: it is a folder, not a file (give the path of the .md file inside it)']);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-read-'));
    try {
      const file = join(dir, 'locked.md');
      writeFileSync(file, '---\ntitle: x\n---\n');
      chmodSync(file, 0o000);
      expect(load(file).lines).toEqual([`${file}:1:1: error: cannot read the manuscript: permission denied (check the path)`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('characters XML cannot carry', () => {
  it('are reported at their line and column and never reach the model; C1 controls become the Windows-1252 punctuation they stand for', () => {
    const { book, lines } = load('read/control-characters.md');
    // Line 7: 'A scanned\fpage break, a stray\x01control'; line 8: 'and Stalin\x92s \x93quotes\x94 … then <b>bold</b>.'
    expect(lines.map((l) => l.replace(/ \(.*\)$/, ''))).toEqual([
      'read/control-characters.md:7:10: warning: replaced the control character U+000C, which XML cannot carry, with a space',
      'read/control-characters.md:7:30: warning: removed the control character U+0001, which XML cannot carry',
      "read/control-characters.md:8:11: warning: replaced the control character U+0092 with '’', the Windows-1252 character it stands for",
      "read/control-characters.md:8:14: warning: replaced the control character U+0093 with '“', the Windows-1252 character it stands for",
      "read/control-characters.md:8:21: warning: replaced the control character U+0094 with '”', the Windows-1252 character it stands for",
      // Columns after a removed character are still the file's.
      "read/control-characters.md:8:55: warning: raw HTML '<b>' is kept as visible text, not as markup",
      "read/control-characters.md:8:62: warning: raw HTML '</b>' is kept as visible text, not as markup",
    ]);
    const p = book!.blocks[0];
    expect(p.kind === 'paragraph' && plainText(p.children)).toBe(
      'A scanned page break, a straycontrol and Stalin’s “quotes” from a Latin-1 round trip, then <b>bold</b>.');
  });
});
