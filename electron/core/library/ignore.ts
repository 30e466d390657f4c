/**
 * Which paths in a source are never read: every dot-folder (Obsidian's config folder can
 * be renamed, so no list of names would do), `.trash/`, `.git/`, `node_modules/`, Logseq backups,
 * sync-conflict copies, plus the person's own gitignore patterns for the source.
 * Attachments need no rule: no importer claims images, PDFs or audio, so they are never opened.
 */

import ignore from 'ignore';

const ignoredFolders = new Set(['node_modules', '__pycache__', '.ipynb_checkpoints']);

const conflictCopy = [
  /\.sync-conflict-\d{8}-\d{6}/i, // Syncthing
  /\(.*conflicted copy.*\)/i, // Dropbox
  /\(conflict(ed)?( copy)? \d{4}-\d{2}-\d{2}/i, // Nextcloud, Obsidian Sync
  /-conflict-\d{8}/i,
];

export interface IgnoreMatcher {
  /** `relPath` uses forward slashes; `isDir` for folders (patterns ending in `/` match only those). */
  isIgnored(relPath: string, isDir: boolean): boolean;
}

export function createIgnoreMatcher(patterns: readonly string[]): IgnoreMatcher {
  // The person's patterns use gitignore semantics (character classes, negation, anchoring), matched
  // by the `ignore` package; case-insensitive because notes move between macOS, Windows and Linux.
  const matcher = ignore({ ignorecase: true });
  for (const pattern of patterns) {
    try {
      matcher.add(pattern);
    } catch {
      // One pattern the matcher cannot parse must not stop the whole source from being read.
    }
  }
  return {
    isIgnored(relPath, isDir) {
      const base = relPath.slice(relPath.lastIndexOf('/') + 1);
      if (base.startsWith('.') && !isCloudPlaceholderName(base)) return true;
      if (isDir && ignoredFolders.has(base)) return true;
      if (isDir && base === 'bak' && relPath.endsWith('logseq/bak')) return true;
      if (!isDir && conflictCopy.some((re) => re.test(base))) return true;
      if (relPath === '') return false;
      return matcher.ignores(isDir ? `${relPath}/` : relPath);
    },
  };
}

/** iCloud keeps a not-yet-downloaded `Note.md` as `.Note.md.icloud`; we report it rather than skip it silently. */
export function isCloudPlaceholderName(base: string): boolean {
  return /^\..+\.icloud$/.test(base);
}
