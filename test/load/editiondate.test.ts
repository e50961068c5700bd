import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editionDate } from '../../src/load/editiondate.js';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-date-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the date an edition carries', () => {
  it('falls back in order: SOURCE_DATE_EPOCH, modified, the last commit, the file’s mtime; never the first publication', () => {
    const file = join(dir, 'book.md');
    writeFileSync(file, '---\ntitle: T\n---\n');
    utimesSync(file, new Date('2021-03-04T05:06:07.890Z'), new Date('2021-03-04T05:06:07.890Z'));
    const published = { published: { iso: '1532' } };
    const env = {};
    // Not in a repository (the temporary folder is outside every checkout): the file's time, whole seconds.
    expect(editionDate(file, { dates: published }, env)).toEqual({ date: new Date('2021-03-04T05:06:07Z'), origin: 'mtime' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_COMMITTER_DATE: '2022-01-02T03:04:05Z', GIT_AUTHOR_DATE: '2019-01-01T00:00:00Z' }, stdio: 'ignore' });
    git('init', '-q');
    // A file never committed, in a repository: still the file's time.
    expect(editionDate(file, { dates: published }, env).origin).toBe('mtime');
    git('add', 'book.md');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'm');
    expect(editionDate(file, { dates: published }, env)).toEqual({ date: new Date('2022-01-02T03:04:05Z'), origin: 'git' });
    expect(editionDate(file, { dates: { ...published, modified: { iso: '2026-12' } } }, env)).toEqual({ date: new Date('2026-12-01T00:00:00Z'), origin: 'modified' });
    expect(editionDate(file, { dates: { modified: { iso: '2026-12' } } }, { SOURCE_DATE_EPOCH: '1700000000' })).toEqual({ date: new Date(1700000000 * 1000), origin: 'SOURCE_DATE_EPOCH' });
  });
});
