import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { makeFolders } from '../cachedir.js';

/**
 * Writing the editions so that nothing is lost (the last stage of build.ts). Each edition goes into a
 * temporary file of its own beside it, created exclusively (never through a planted link) under an
 * unpredictable name; every byte written is checked; the files reach the disk before they are renamed
 * into place, all of them or none: a rename that fails puts back the editions already replaced. The
 * temporary files carry the process id, so that an interrupted build's are removed on SIGINT and SIGTERM
 * (`removeTemporaryFiles`) and, after a SIGKILL or a power cut, by the next build into the folder. A
 * SIGKILL between two renames cannot be handled: a journal written before them lets the next build put
 * the previous editions back (`recoverCommit`), so that the folder never keeps one edition of each.
 */

/** The file system calls this module makes: `node:fs`, or a test's version that fails on purpose. */
export type WriteIo = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'linkSync' | 'copyFileSync' | 'unlinkSync' | 'lstatSync' | 'readdirSync' | 'mkdirSync' | 'rmdirSync' | 'readFileSync'>;

/** A write that failed, on the path the user knows (the edition's, not the temporary file's). */
export class WriteError extends Error {
  constructor(readonly path: string, readonly code: string | undefined, message: string, readonly hint: string) {
    super(message);
    this.name = 'WriteError';
  }
}

/** `.book.pdf.1234-9f86d081884c.tmp`: hidden, beside the edition, owned by process 1234. */
const TEMP = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.(tmp|old|journal)$/;

export function tempName(path: string, kind: 'tmp' | 'old' | 'journal'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.${kind}`);
}

/** The error a user can act on, for a failed call on `path` (the edition's path). */
export function writeError(path: string, e: unknown, what = 'cannot be written'): WriteError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, [string, string]> = {
    ENOSPC: ['the disk is full', 'free some space, or build into another folder with --out'],
    EDQUOT: ['the disk quota is used up', 'free some space, or build into another folder with --out'],
    EROFS: ['the folder is on a read-only file system', 'build into another folder with --out'],
    EACCES: ['permission denied', 'build into a folder you may write to with --out'],
    EPERM: ['permission denied', 'build into a folder you may write to with --out'],
    EISDIR: ['a folder is in its place', 'move the folder away, or build into another folder with --out'],
    ENOTDIR: ['a file stands where a folder of its path should be', 'build into another folder with --out'],
    EIO: ['the disk reported an input/output error', 'check the disk, or build into another folder with --out'],
    EEXIST: ['a file appeared at the temporary file\'s name', 'run the build again'],
    ELOOP: ['a symbolic link is in its place', 'remove the link, or build into another folder with --out'],
  };
  const [message, hint] = (code && why[code]) ?? [(e as Error).message, 'build into another folder with --out'];
  return new WriteError(path, code, `${what}: ${message}`, hint);
}

/** An edition being written: a temporary file beside `path` (named `temp`), open for writing. */
export class TempFile {
  private fd: number | undefined;
  /** Of the bytes written, as they are written: the manifest's record of the edition (output/manifest.ts). */
  private readonly hash = createHash('sha256');

  constructor(private readonly io: WriteIo, readonly path: string, readonly temp = tempName(path, 'tmp')) {
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
    try {
      this.fd = io.openSync(this.temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
    } catch (e) {
      throw writeError(path, e);
    }
  }

  /** Writes all of `bytes`: a short write is continued, and one that writes nothing is a full disk. */
  write(bytes: Uint8Array): void {
    try {
      for (let at = 0; at < bytes.length; ) {
        const n = this.io.writeSync(this.fd!, bytes, at, bytes.length - at);
        if (n <= 0) throw Object.assign(new Error('no byte written'), { code: 'ENOSPC' });
        at += n;
      }
      this.hash.update(bytes);
    } catch (e) {
      throw writeError(this.path, e);
    }
  }

  /** SHA-256 of everything written, once the file is finished. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Flushes the file to the disk and closes it: a file system that defers its errors reports them here. */
  finish(): void {
    const fd = this.fd!;
    this.fd = undefined;
    try {
      this.io.fsyncSync(fd);
      this.io.closeSync(fd);
    } catch (e) {
      try {
        this.io.closeSync(fd);
      } catch {}
      throw writeError(this.path, e);
    }
  }

  /** Closes and removes the temporary file; never throws (it runs while another error is on its way). */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        this.io.closeSync(this.fd);
      } catch {}
      this.fd = undefined;
    }
    try {
      this.io.unlinkSync(this.temp);
    } catch {}
  }
}

/** An edition whose temporary file is complete: what `commitEditions` renames into place. */
export interface Staged {
  path: string;
  temp: string;
}

/**
 * Renames every staged file into place, or none: each previous edition is first kept under a second
 * name (a hard link, or a copy where the file system has none), so that when a rename fails the
 * editions already replaced are put back. The temporary files are removed whatever happens.
 */
export function commitEditions(io: WriteIo, staged: Staged[]): void {
  const kept: (string | undefined)[] = [];
  let done = 0;
  let journal: string | undefined;
  try {
    for (const s of staged) kept.push(keepPrevious(io, s.path));
    if (staged.length > 1) journal = writeJournal(io, staged, kept);
    for (const s of staged) {
      try {
        io.renameSync(s.temp, s.path);
      } catch (e) {
        throw writeError(s.path, e);
      }
      done++;
    }
  } catch (e) {
    for (let i = done - 1; i >= 0; i--) {
      try {
        if (kept[i]) io.renameSync(kept[i]!, staged[i].path);
        else io.unlinkSync(staged[i].path);
        kept[i] = undefined;
      } catch {}
    }
    throw e;
  } finally {
    for (const s of staged) if (done < staged.length) quietUnlink(io, s.temp);
    for (const k of kept) if (k) quietUnlink(io, k);
    // Last: until it goes, a build killed here is finished by the next one (see recoverCommit).
    if (journal) quietUnlink(io, journal);
  }
}

/**
 * What a commit is about to do, for the next build should this one be killed half-way (a SIGKILL, a
 * power cut): each edition's name, its temporary file and the inode that file has (after the rename,
 * the edition's), and the second name of the previous edition. Names only: all in one folder.
 */
interface Journal {
  entries: { path: string; temp: string; ino: number; old?: string }[];
}

function writeJournal(io: WriteIo, staged: Staged[], kept: (string | undefined)[]): string {
  const path = tempName(staged[0].path, 'journal');
  const journal: Journal = {
    entries: staged.map((s, i) => {
      if (dirname(s.path) !== dirname(path) || dirname(s.temp) !== dirname(path)) throw new Error('unreachable: editions committed together lie in one folder');
      let ino: number;
      try {
        ino = io.lstatSync(s.temp).ino;
      } catch (e) {
        throw writeError(s.path, e);
      }
      return { path: basename(s.path), temp: basename(s.temp), ino, ...(kept[i] ? { old: basename(kept[i]!) } : {}) };
    }),
  };
  // Through TempFile: created exclusively, every byte checked, on the disk before the first rename.
  const file = new TempFile(io, staged[0].path, path);
  try {
    file.write(new TextEncoder().encode(JSON.stringify(journal)));
    file.finish();
  } catch (e) {
    file.discard();
    throw e;
  }
  return path;
}

/**
 * Finishes the commit a killed build left in `folder` (its journal `name`): if every edition had been
 * renamed into place, the new editions stay; otherwise the previous ones are put back (an edition with
 * no previous one is removed), so that the folder holds one book's editions of one build. The
 * journal's temporary files and second names are removed, and the journal last. Never throws.
 */
export function recoverCommit(io: WriteIo, folder: string, name: string): void {
  const at = (n: string) => join(folder, n);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(String(io.readFileSync(at(name)))) as Journal;
  } catch {
    // Cut short while written: no rename had begun.
  }
  const entries = journal?.entries ?? [];
  const ino = (n: string) => {
    try {
      return io.lstatSync(at(n)).ino;
    } catch {
      return undefined;
    }
  };
  const replaced = entries.map((e) => ino(e.path) === e.ino);
  if (!replaced.every(Boolean)) {
    entries.forEach((e, i) => {
      if (!replaced[i]) return;
      try {
        if (e.old) io.renameSync(at(e.old), at(e.path));
        else io.unlinkSync(at(e.path));
      } catch {}
    });
  }
  for (const e of entries) {
    quietUnlink(io, at(e.temp));
    if (e.old) quietUnlink(io, at(e.old));
  }
  quietUnlink(io, at(name));
}

/** A second name for the edition at `path`, if there is one; undefined if there is none. */
function keepPrevious(io: WriteIo, path: string): string | undefined {
  let st: fs.Stats;
  try {
    st = io.lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) throw writeError(path, Object.assign(new Error('folder'), { code: 'EISDIR' }));
  // A link or anything else at the edition's name is replaced by the rename, never followed: nothing to keep.
  if (!st.isFile()) return undefined;
  const old = tempName(path, 'old');
  try {
    io.linkSync(path, old);
  } catch {
    try {
      io.copyFileSync(path, old, fs.constants.COPYFILE_EXCL);
    } catch (e) {
      throw writeError(path, e);
    }
  }
  return old;
}

function quietUnlink(io: WriteIo, path: string): void {
  try {
    io.unlinkSync(path);
  } catch {}
}

/**
 * Removes the temporary files in `folder` left by builds that are no longer running (killed, or the
 * machine stopped; see ownerGone), and with `pid` those of that process too (on SIGINT, SIGTERM), or of its
 * `editions` (file names: 'book.pdf') only. Only names of
 * the form this module makes are touched; a link is removed, never followed.
 */
export function removeTemporaryFiles(io: WriteIo, folder: string, pid?: number, editions?: string[]): void {
  let names: string[];
  try {
    names = io.readdirSync(folder) as string[];
  } catch {
    return;
  }
  // A commit cut short by a kill first: its journal says which of the files below to put back.
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m?.[3] === 'journal' && ownerGone(io, join(folder, name), Number(m[2]))) recoverCommit(io, folder, name);
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const owner = Number(m[2]);
    if (owner === pid && editions && !editions.includes(m[1])) continue;
    if (owner === pid || ownerGone(io, join(folder, name), owner)) quietUnlink(io, join(folder, name));
  }
}

/**
 * Whether the build that made a temporary file is over: its process is not running, or its id was
 * taken by another process since (ids are reused), which a file untouched for an hour tells: no build
 * leaves one so long (a commit's journal lives for milliseconds, an edition is written as it is made).
 */
function ownerGone(io: WriteIo, path: string, owner: number): boolean {
  if (owner === process.pid) return false;
  if (!running(owner)) return true;
  try {
    return Date.now() - io.lstatSync(path).mtimeMs > ABANDONED_AFTER_MS;
  } catch {
    return false;
  }
}

const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes the output folder and those missing above it (see makeFolders), as a write error on its path
 * when that is impossible; answers the first folder it made (undefined if it was there).
 */
export function makeFolder(io: WriteIo, folder: string): string | undefined {
  try {
    return makeFolders(folder, io);
  } catch (e) {
    const refusedBy = (e as { refusedBy?: string }).refusedBy;
    if (refusedBy) throw new WriteError(folder, 'ENOENT', `the output folder cannot be made: ${refusedBy} takes no new folders`, 'build into a folder of your own with --out');
    throw writeError(folder, e, 'the output folder cannot be made');
  }
}

/**
 * Removes the folders a failed build made for its editions (`makeFolder`'s answer, `made`, the first of
 * them, down to `folder`), each only if empty: a build that wrote nothing leaves no folder behind.
 */
export function removeMadeFolders(io: WriteIo, folder: string, made: string | undefined): void {
  if (!made) return;
  for (let d = resolve(folder); ; d = dirname(d)) {
    try {
      io.rmdirSync(d);
    } catch {
      return; // not empty (something else is in it) or not there: what is above stays too
    }
    if (d === resolve(made) || dirname(d) === d) return;
  }
}

/**
 * Until the returned function is called, SIGINT and SIGTERM first run `remove` (which deletes this
 * build's temporary files), then end the process as the signal would have. Only the main thread gets
 * signals: a worker's files are removed by the main thread's `removeTemporaryFiles`.
 */
export function removeOnSignal(remove: () => void): () => void {
  if (!isMainThread) return () => {};
  const handler = (signal: NodeJS.Signals) => {
    stop();
    remove();
    process.kill(process.pid, signal);
  };
  const stop = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return stop;
}
