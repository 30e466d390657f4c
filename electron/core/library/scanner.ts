/**
 * Walks a source folder and reports what is there, without opening a single file: names, sizes,
 * mtimes, which importer would read each one, and per-path problems (symlink loops, links that
 * leave the source, FIFOs). Only what stays inside the source's real root is ever listed.
 * Synchronous on purpose: ten thousand `stat`s finish in tens of milliseconds, far less than the
 * thread-pool round trips of the async API would cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importerFor, type ImporterName } from './importers/index.ts';
import { isCloudPlaceholderName, type IgnoreMatcher } from './ignore.ts';

export interface SeenFile {
  /** Forward slashes; a name that is not valid UTF-8 shows U+FFFD where its bad bytes were. */
  relPath: string;
  absPath: string;
  /** What to open: `absPath`, or the exact bytes of the path when the name is not valid UTF-8. */
  readPath: string | Buffer;
  size: number;
  mtimeMs: number;
  /** Allocated 512-byte blocks: 0 for a non-empty file means its bytes are not on this disk. */
  blocks: number;
  inode: string;
  importer: ImporterName;
}

export interface PathProblem {
  relPath: string;
  reason: string;
}

export interface WalkResult {
  files: SeenFile[];
  problems: PathProblem[];
}

const sep = Buffer.from(path.sep);

export function walkSource(root: string, ignore: IgnoreMatcher): WalkResult {
  const result: WalkResult = { files: [], problems: [] };
  const rootReal = fs.realpathSync(root);
  const walk: Walk = { rootReal, ignore, out: result };
  if (isDataDirectory(root)) {
    result.problems.push({ relPath: '.', reason: dataDirReason });
    return result;
  }
  walkDir(walk, Buffer.from(root), '', [rootReal], isLogseqGraph(root));
  return result;
}

const dataDirReason = "This folder is a Confidant data directory (it holds confidant.sqlite): its database, logs and training files are never read as notes. Remove it from the source, or remove the source.";

/** A Confidant data directory, ours or a copy: never indexed, whatever source it turns up in. */
function isDataDirectory(dir: string | Buffer): boolean {
  const marker = typeof dir === 'string' ? path.join(dir, 'confidant.sqlite') : Buffer.concat([dir, Buffer.from(`${path.sep}confidant.sqlite`)]);
  return fs.existsSync(marker);
}

interface Walk {
  rootReal: string;
  ignore: IgnoreMatcher;
  out: WalkResult;
}

// Paths are walked as bytes: a name that is not valid UTF-8 would not survive a round trip
// through a JavaScript string, and would then look like a file that no longer exists.
function walkDir(walk: Walk, absDir: Buffer, relDir: string, ancestors: string[], inLogseq: boolean): void {
  const { ignore, out } = walk;
  let dirents: fs.Dirent<Buffer>[];
  try {
    dirents = fs.readdirSync(absDir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    out.problems.push({ relPath: relDir || '.', reason: `This folder cannot be listed (${describeFsError(error)}).` });
    return;
  }
  for (const dirent of dirents) {
    const name = dirent.name.toString('utf8');
    const relPath = relDir === '' ? name : `${relDir}/${name}`;
    const absBytes = Buffer.concat([absDir, sep, dirent.name]);
    const absPath = absBytes.toString('utf8');
    const readPath = Buffer.from(absPath).equals(absBytes) ? absPath : absBytes;
    if (dirent.isSymbolicLink()) {
      let target: fs.Stats;
      let real: string;
      try {
        target = fs.statSync(readPath);
        real = realPathOf(readPath);
      } catch (error) {
        if (!ignore.isIgnored(relPath, false) && importerFor(relPath, inLogseq)) {
          out.problems.push({ relPath, reason: (error as NodeJS.ErrnoException).code === 'ELOOP'
            ? 'This symbolic link loops back on itself, so there is nothing to read. Remove or fix the link.'
            : `This symbolic link points to something that cannot be read (${describeFsError(error)}).` });
        }
        continue;
      }
      const isDir = target.isDirectory();
      if (ignore.isIgnored(relPath, isDir) || (!isDir && !importerFor(relPath, inLogseq))) continue;
      if (!isWithin(walk.rootReal, real)) {
        out.problems.push({ relPath, reason: outsideReason(real) });
        continue;
      }
      if (isDir && ancestors.includes(real)) {
        out.problems.push({ relPath, reason: `This symbolic link points back to a folder that contains it (${real}), which would loop forever; it was not followed.` });
      }
      // A link to something else in this source is not followed: its target is read at its own
      // place, so the same note is never indexed twice.
      continue;
    }
    if (dirent.isDirectory()) {
      if (ignore.isIgnored(relPath, true)) continue;
      if (isDataDirectory(readPath)) {
        out.problems.push({ relPath, reason: dataDirReason });
        continue;
      }
      const real = path.join(ancestors[ancestors.length - 1], name);
      walkDir(walk, absBytes, relPath, [...ancestors, real], inLogseq || isLogseqGraph(readPath));
      continue;
    }
    if (isCloudPlaceholderName(name)) {
      out.problems.push({ relPath, reason: `"${name.slice(1, -'.icloud'.length)}" is still in iCloud and not downloaded to this computer. Download it (Finder: "Download Now") and it will be read on the next scan.` });
      continue;
    }
    if (ignore.isIgnored(relPath, false)) continue;
    const importer = importerFor(relPath, inLogseq);
    if (!importer) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(readPath);
    } catch (error) {
      out.problems.push({ relPath, reason: `This file cannot be read (${describeFsError(error)}).` });
      continue;
    }
    if (!stat.isFile()) {
      out.problems.push({ relPath, reason: 'This is not a regular file (a pipe, socket or device), so it is not read.' });
      continue;
    }
    out.files.push({ relPath, absPath, readPath, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs), blocks: stat.blocks, inode: String(stat.ino), importer });
  }
}

/** Stats one path for a watcher hint; null when it is gone or not something an importer reads. */
export function statOne(root: string, relPath: string, ignore: IgnoreMatcher): SeenFile | PathProblem | null {
  const parts = relPath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    if (ignore.isIgnored(parts.slice(0, i).join('/'), i < parts.length)) return null;
  }
  const importer = importerFor(relPath, isInsideLogseqGraph(root, parts));
  if (!importer) return null;
  for (let i = 0; i < parts.length; i++) if (isDataDirectory(path.join(root, ...parts.slice(0, i)))) return null;
  const absPath = path.join(root, ...parts);
  const readPath = resolveRelPath(root, parts);
  if (readPath === null) return null;
  let stat: fs.Stats;
  let real: string;
  let isLink: boolean;
  try {
    isLink = fs.lstatSync(readPath).isSymbolicLink();
    stat = fs.statSync(readPath);
    real = realPathOf(readPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { relPath, reason: `This file cannot be read (${describeFsError(error)}).` };
  }
  // The same rule as the full scan: a link (of the file or of a folder on its way) may not leave the source.
  if (!isWithin(fs.realpathSync(root), real)) return { relPath, reason: outsideReason(real) };
  // As in the full scan, a link to something else in this source is read at its target's place.
  if (isLink) return null;
  if (stat.isDirectory()) return null;
  if (!stat.isFile()) return { relPath, reason: 'This is not a regular file (a pipe, socket or device), so it is not read.' };
  return { relPath, absPath, readPath, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs), blocks: stat.blocks, inode: String(stat.ino), importer };
}

/** Whether a source-relative path (as stored, U+FFFD included) still names a file on disk. */
export function existsInSource(root: string, relPath: string): boolean {
  const readPath = resolveRelPath(root, relPath.split('/'));
  return readPath !== null && fs.existsSync(readPath);
}

/**
 * The bytes of a stored relative path. A part holding U+FFFD came from a name that is not valid
 * UTF-8, so it is looked up among its folder's raw names; null when nothing there matches.
 */
function resolveRelPath(root: string, parts: string[]): string | Buffer | null {
  if (!parts.some((p) => p.includes('\uFFFD'))) return path.join(root, ...parts);
  let current = Buffer.from(root);
  for (const part of parts) {
    let next: Buffer = Buffer.from(part);
    if (part.includes('\uFFFD')) {
      let names: Buffer[];
      try {
        names = fs.readdirSync(current, { encoding: 'buffer' });
      } catch {
        return null;
      }
      const match = names.find((n) => n.toString('utf8') === part);
      if (!match) return null;
      next = match;
    }
    current = Buffer.concat([current, sep, next]);
  }
  return current;
}

/** The real path as a string: the JS `realpathSync` turns a byte path into a lossy string first and then fails. */
function realPathOf(target: string | Buffer): string {
  return typeof target === 'string' ? fs.realpathSync(target) : fs.realpathSync.native(target);
}

/** Equal paths count as inside; `..notes` is a name, not a step out of the folder. */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function outsideReason(real: string): string {
  return `This symbolic link points outside this folder (to ${real}), so it was skipped. Add that folder as a source of its own if it should be read.`;
}

function isInsideLogseqGraph(root: string, parts: string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    if (isLogseqGraph(path.join(root, ...parts.slice(0, i)))) return true;
  }
  return false;
}

/** A Logseq graph is a folder holding `logseq/config.edn`. */
function isLogseqGraph(dir: string | Buffer): boolean {
  const marker = typeof dir === 'string' ? path.join(dir, 'logseq', 'config.edn') : Buffer.concat([dir, Buffer.from(`${path.sep}logseq${path.sep}config.edn`)]);
  return fs.existsSync(marker);
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: give your user read access to it';
    case 'ENOENT':
      return 'it no longer exists';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EIO':
      return 'input/output error: the disk or network drive did not answer';
    case 'ETIMEDOUT':
      return 'the network drive timed out';
    default:
      return e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
  }
}
