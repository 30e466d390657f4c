/**
 * Walks a source folder and reports what is there, without opening a single file: names, sizes,
 * mtimes, which importer would read each one, and per-path problems (symlink loops, FIFOs).
 * Synchronous on purpose: ten thousand `stat`s finish in tens of milliseconds, far less than the
 * thread-pool round trips of the async API would cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importerFor, type ImporterName } from './importers/index.ts';
import { isCloudPlaceholderName, type IgnoreMatcher } from './ignore.ts';

export interface SeenFile {
  relPath: string;
  absPath: string;
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

export function walkSource(root: string, ignore: IgnoreMatcher): WalkResult {
  const result: WalkResult = { files: [], problems: [] };
  const rootReal = fs.realpathSync(root);
  walkDir(root, '', [rootReal], isLogseqGraph(root), ignore, result, new Set([rootReal]));
  return result;
}

function walkDir(absDir: string, relDir: string, ancestors: string[], inLogseq: boolean, ignore: IgnoreMatcher, out: WalkResult, visited: Set<string>): void {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(absDir, { withFileTypes: true });
  } catch (error) {
    out.problems.push({ relPath: relDir || '.', reason: `This folder cannot be listed (${describeFsError(error)}).` });
    return;
  }
  for (const dirent of dirents) {
    const relPath = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
    const absPath = path.join(absDir, dirent.name);
    let isDir = dirent.isDirectory();
    if (dirent.isSymbolicLink()) {
      let target: fs.Stats;
      try {
        target = fs.statSync(absPath);
      } catch (error) {
        if (!ignore.isIgnored(relPath, false) && importerFor(relPath, inLogseq)) {
          out.problems.push({ relPath, reason: (error as NodeJS.ErrnoException).code === 'ELOOP'
            ? 'This symbolic link loops back on itself, so there is nothing to read. Remove or fix the link.'
            : `This symbolic link points to something that cannot be read (${describeFsError(error)}).` });
        }
        continue;
      }
      isDir = target.isDirectory();
      if (isDir) {
        if (ignore.isIgnored(relPath, true)) continue;
        const real = fs.realpathSync(absPath);
        if (ancestors.includes(real)) {
          out.problems.push({ relPath, reason: `This symbolic link points back to a folder that contains it (${real}), which would loop forever; it was not followed.` });
          continue;
        }
        if (visited.has(real)) continue;
        visited.add(real);
        walkDir(absPath, relPath, [...ancestors, real], inLogseq || isLogseqGraph(absPath), ignore, out, visited);
        continue;
      }
    }
    if (isDir) {
      if (ignore.isIgnored(relPath, true)) continue;
      const real = path.join(ancestors[ancestors.length - 1], dirent.name);
      walkDir(absPath, relPath, [...ancestors, real], inLogseq || isLogseqGraph(absPath), ignore, out, visited);
      continue;
    }
    if (isCloudPlaceholderName(dirent.name)) {
      out.problems.push({ relPath, reason: `"${dirent.name.slice(1, -'.icloud'.length)}" is still in iCloud and not downloaded to this computer. Download it (Finder: "Download Now") and it will be read on the next scan.` });
      continue;
    }
    if (ignore.isIgnored(relPath, false)) continue;
    const importer = importerFor(relPath, inLogseq);
    if (!importer) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absPath);
    } catch (error) {
      out.problems.push({ relPath, reason: `This file cannot be read (${describeFsError(error)}).` });
      continue;
    }
    if (!stat.isFile()) {
      out.problems.push({ relPath, reason: 'This is not a regular file (a pipe, socket or device), so it is not read.' });
      continue;
    }
    out.files.push({ relPath, absPath, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs), blocks: stat.blocks, inode: String(stat.ino), importer });
  }
}

/** Stats one path for a watcher hint; null when it is gone or not something an importer reads. */
export function statOne(root: string, relPath: string, ignore: IgnoreMatcher): SeenFile | PathProblem | null {
  const parts = relPath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    if (ignore.isIgnored(parts.slice(0, i).join('/'), i < parts.length)) return null;
  }
  const absPath = path.join(root, ...parts);
  const importer = importerFor(relPath, isInsideLogseqGraph(root, parts));
  if (!importer) return null;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { relPath, reason: `This file cannot be read (${describeFsError(error)}).` };
  }
  if (stat.isDirectory()) return null;
  if (!stat.isFile()) return { relPath, reason: 'This is not a regular file (a pipe, socket or device), so it is not read.' };
  return { relPath, absPath, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs), blocks: stat.blocks, inode: String(stat.ino), importer };
}

function isInsideLogseqGraph(root: string, parts: string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    if (isLogseqGraph(path.join(root, ...parts.slice(0, i)))) return true;
  }
  return false;
}

/** A Logseq graph is a folder holding `logseq/config.edn`. */
function isLogseqGraph(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'logseq', 'config.edn'));
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
