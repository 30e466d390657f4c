/**
 * Which paths in a source are never read (issue 3): every dot-folder (Obsidian's config folder can
 * be renamed, so no list of names would do), `.trash/`, `.git/`, `node_modules/`, Logseq backups,
 * sync-conflict copies, plus the person's own gitignore-like patterns for the source.
 * Attachments need no rule: no importer claims images, PDFs or audio, so they are never opened.
 */

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
  const compiled = patterns.map(compilePattern).filter((p): p is CompiledPattern => p !== null);
  return {
    isIgnored(relPath, isDir) {
      const base = relPath.slice(relPath.lastIndexOf('/') + 1);
      if (base.startsWith('.') && !isCloudPlaceholderName(base)) return true;
      if (isDir && ignoredFolders.has(base)) return true;
      if (isDir && base === 'bak' && relPath.endsWith('logseq/bak')) return true;
      if (!isDir && conflictCopy.some((re) => re.test(base))) return true;
      return compiled.some((p) => (!p.dirOnly || isDir) && p.regex.test(p.anchored ? relPath : base));
    },
  };
}

/** iCloud keeps a not-yet-downloaded `Note.md` as `.Note.md.icloud`; we report it rather than skip it silently. */
export function isCloudPlaceholderName(base: string): boolean {
  return /^\..+\.icloud$/.test(base);
}

interface CompiledPattern {
  regex: RegExp;
  dirOnly: boolean;
  /** Patterns with a slash match the whole relative path; others match the name anywhere. */
  anchored: boolean;
}

function compilePattern(raw: string): CompiledPattern | null {
  let pattern = raw.trim();
  if (pattern === '' || pattern.startsWith('#')) return null;
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.slice(0, -1);
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return { regex: new RegExp(`^${source}$`, 'i'), dirOnly, anchored };
}
