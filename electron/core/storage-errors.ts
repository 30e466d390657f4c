/**
 * What a failure of the disk under the data directory says. Three failures get their own code,
 * because each needs a different act from the person: a full disk (free space: how much, where),
 * a read-only one (nothing was changed; make it writable or choose another folder), and a
 * database locked by another Confidant (which process). Everything else stays as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../api/errors.ts';
import { describeInstance, otherLiveInstances } from './instances.ts';

export interface StorageScope {
  /** The data directory; the disk it lives on is the one that failed. */
  root: string;
  /** Bytes the failed step needed, where known (a dataset's size); else an estimate is given. */
  neededBytes?: number;
}

const MiB = 1024 * 1024;

/** A ConfidantError for a full, read-only or locked store, or null when `error` is none of those. */
export function toStorageError(error: unknown, scope: StorageScope): ConfidantError | null {
  if (error instanceof ConfidantError) return null;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const where = (error as NodeJS.ErrnoException | null)?.path ?? scope.root;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_FULL')) return diskFullError(scope.root, scope.neededBytes, error);
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return readOnlyError(where, error);
  if ((code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN')) && !isWritable(scope.root)) return readOnlyError(scope.root, error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return lockedError(scope.root, error);
  return null;
}

export function diskFullError(root: string, neededBytes: number | undefined, cause?: unknown): ConfidantError {
  const free = freeBytes(root);
  const needed = neededBytes ?? Math.max(64 * MiB, databaseBytes(root));
  const freeText = free === null ? '' : ` (${formatBytes(free)} free)`;
  return new ConfidantError(
    'disk_full',
    `The disk holding ${root} is full${freeText}; this needs about ${formatBytes(needed)} more. ` +
      'Nothing half-written was kept. Free at least that much space on that disk, or choose a data folder on another disk with --data-dir, then try again.',
    { cause },
  );
}

export function readOnlyError(where: string, cause?: unknown): ConfidantError {
  return new ConfidantError(
    'read_only',
    `Confidant cannot write to ${where}: the disk is read-only or your user may not write there. Nothing was changed. ` +
      'Make the folder writable (or mount the disk read-write), or choose another data folder with --data-dir, then try again.',
    { cause },
  );
}

export function lockedError(root: string, cause?: unknown): ConfidantError {
  const others = otherLiveInstances(root);
  const database = path.join(root, 'confidant.sqlite');
  const who = others.length > 0
    ? `another Confidant is using it: ${others.map(describeInstance).join('; ')}. Wait for it to finish or close it`
    : 'another program has it open (no other Confidant is running; a database browser, a backup tool or a sync client may be holding it). Close that program';
  return new ConfidantError('locked', `The database ${database} is locked: ${who}, then try again. Nothing was changed.`, { cause });
}

function isWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function freeBytes(dir: string): number | null {
  try {
    const stat = fs.statfsSync(dir);
    return stat.bavail * stat.bsize;
  } catch {
    return null;
  }
}

function databaseBytes(root: string): number {
  try {
    return fs.statSync(path.join(root, 'confidant.sqlite')).size;
  } catch {
    return 0;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GB`;
  if (bytes >= MiB) return `${Math.ceil(bytes / MiB)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
