/**
 * Private files stay private: everything under the data directory is readable by its owner only
 * (files 0600, folders 0700; owner bits are kept, so the trainer's Python environment still runs).
 * New files get that from the process umask that `openCore` sets; this tightens what an older
 * Confidant, a copy or a restore left looser. On Windows mode bits do not apply: the data folder
 * lives in the user's profile, whose ACLs already grant only that user, SYSTEM and Administrators.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Files and folders created by Confidant: the creator may read and write, nobody else anything. */
export const PRIVATE_UMASK = 0o077;
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Removes group and other permissions under `root`; returns how many paths were changed.
 * A cheap look at the top two levels runs at every start; only when it finds something loose is
 * the whole tree walked (the Python environment alone holds tens of thousands of files).
 */
export function tightenDataDir(root: string): number {
  if (process.platform === 'win32') return 0;
  let changed = 0;
  const isLoose = tightenOne(root);
  changed += isLoose ? 1 : 0;
  let hasLooseNear = isLoose;
  for (const child of listDir(root)) {
    const childPath = path.join(root, child);
    if (tightenOne(childPath)) {
      changed++;
      hasLooseNear = true;
    }
    for (const grandchild of listDir(childPath)) {
      if (tightenOne(path.join(childPath, grandchild))) {
        changed++;
        hasLooseNear = true;
      }
    }
  }
  if (hasLooseNear) changed += tightenTree(root, 0);
  return changed;
}

function tightenTree(dir: string, depth: number): number {
  let changed = 0;
  for (const name of listDir(dir)) {
    const full = path.join(dir, name);
    // Paths at depth 0 and 1 were handled by the quick pass.
    if (depth >= 1 && tightenOne(full)) changed++;
    if (isRealDir(full)) changed += tightenTree(full, depth + 1);
  }
  return changed;
}

/** Strips group/other bits of one path; links are left alone (their own mode means nothing). */
function tightenOne(target: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return false;
  }
  if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) return false;
  try {
    fs.chmodSync(target, stat.mode & 0o700);
  } catch {
    // Another user's file or a read-only disk: leave it; a read-only store is reported on its first write.
    return false;
  }
  return true;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function isRealDir(target: string): boolean {
  try {
    return fs.lstatSync(target).isDirectory();
  } catch {
    return false;
  }
}

/** Sets the umask for everything this process and its children create (trainer, converters). */
export function usePrivateUmask(): void {
  try {
    process.umask(PRIVATE_UMASK);
  } catch {
    // Worker threads may not change the umask; files there still get explicit modes.
  }
}
