/**
 * Indexing one source into SQLite (issue 3). A file is re-parsed only when its size or mtime
 * changed AND its content hash changed, or when its format's importer is newer than the one that
 * read it (each document row records that version: better extraction reaches existing libraries
 * once, with entry keys and so decisions unchanged); a file that moved (same hash, new path) keeps its entries
 * and their decisions; a file that vanished marks its entries removed. Every file's document row
 * and entries are written in the same transaction, so a kill -9 at any moment leaves a database
 * that the next run simply continues from. Test: `npx vitest run tests/core/library/indexer.test.ts`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../db/index.ts';
import { rekeyDecisions } from '../privacy/rekey.ts';
import { asImportedFile, importers, ImportError, isNotThisFormat, type ImportedEntry } from './importers/index.ts';
import { createIgnoreMatcher } from './ignore.ts';
import { describeFsError, existsInSource, statOne, walkSource, type PathProblem, type SeenFile } from './scanner.ts';
import type { SourceRow } from './sources.ts';
import { EntryWriter } from './entry-writer.ts';
import { graphBlockLookup } from './logseq-blocks.ts';

export interface IndexSummary {
  sourceId: number;
  filesSeen: number;
  filesParsed: number;
  filesUnchanged: number;
  filesRenamed: number;
  filesRemoved: number;
  entriesAdded: number;
  entriesChanged: number;
  entriesRemoved: number;
  errors: number;
  durationMs: number;
}

export interface IndexProgress {
  sourceId: number;
  phase: 'scanning' | 'indexing' | 'done';
  filesTotal: number;
  filesDone: number;
  errors: number;
}

export interface IndexOptions {
  /** Only these relative paths (watcher hints); absent means the whole source (a reconcile). */
  paths?: readonly string[];
  onProgress?: (progress: IndexProgress) => void;
  /** Checked between files, so a closing app stops promptly and resumes next time. */
  shouldStop?: () => boolean;
}

interface DocRow {
  id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  hash: string;
  status: 'ok' | 'error' | 'removed';
  parser_version: number;
}

type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'touched'; hash: string }
  | { kind: 'parsed'; hash: string; format: string; entries: ImportedEntry[]; notes: string[]; parserVersion: number }
  | { kind: 'error'; hash: string; format: string; reason: string; parserVersion?: number };

/** Files are committed in groups: one fsync per group instead of per file, still atomic per file. */
const batchFiles = 200;
const batchMs = 250;

export async function indexSource(db: Db, source: SourceRow, options: IndexOptions = {}): Promise<IndexSummary> {
  const started = performance.now();
  const summary: IndexSummary = { sourceId: source.id, filesSeen: 0, filesParsed: 0, filesUnchanged: 0, filesRenamed: 0, filesRemoved: 0, entriesAdded: 0, entriesChanged: 0, entriesRemoved: 0, errors: 0, durationMs: 0 };
  const ignore = createIgnoreMatcher(source.options.ignore);
  const progress = (phase: IndexProgress['phase'], filesTotal: number, filesDone: number) =>
    options.onProgress?.({ sourceId: source.id, phase, filesTotal, filesDone, errors: summary.errors });

  progress('scanning', 0, 0);
  const { files, problems, scopeMissing } = collect(db, source, ignore, options.paths);
  summary.filesSeen = files.length + problems.length;

  const docs = loadDocs(db, source.id, options.paths);
  const writer = new EntryWriter(db, source, summary);
  const blockText = graphBlockLookup(db, source, files, options.paths !== undefined);
  const hasRemovedDocs = db.prepare("SELECT 1 FROM document WHERE source_id = ? AND status = 'removed' LIMIT 1").get(source.id) !== undefined;
  const seenPaths = new Set<string>(files.map((f) => f.relPath));
  for (const p of problems) seenPaths.add(p.relPath);
  // Documents whose file is gone: candidates for a rename, otherwise removed at the end.
  const vanished = new Map<string, DocRow[]>();
  for (const doc of docs.values()) {
    const isGone = options.paths ? scopeMissing.has(doc.rel_path) : !seenPaths.has(doc.rel_path);
    if (isGone && doc.status !== 'removed') pushMap(vanished, doc.hash, doc);
  }

  progress('indexing', files.length, 0);
  let pending: (() => void)[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    if (pending.length === 0) return;
    const work = pending;
    pending = [];
    db.transaction(() => work.forEach((fn) => fn()))();
    lastFlush = performance.now();
  };

  for (const problem of problems) {
    summary.errors++;
    pending.push(() => writer.writeError(problem.relPath, 'unknown', '', 0, 0, problem.reason));
  }

  let done = 0;
  for (const file of files) {
    if (options.shouldStop?.()) break;
    // A full scan loaded every document already; only watcher hints may need a lookup.
    const doc = docs.get(file.relPath) ?? (options.paths ? findDoc(db, source.id, file.relPath) : undefined);
    const outcome = await readOne(file, doc, source, blockText);
    done++;
    if (outcome.kind === 'unchanged') {
      summary.filesUnchanged++;
    } else if (outcome.kind === 'touched') {
      summary.filesUnchanged++;
      if (doc) pending.push(() => writer.touch(doc.id, file));
    } else {
      const renamedFrom = doc ? undefined : takeRename(db, source.id, vanished, outcome.hash, hasRemovedDocs);
      if (renamedFrom) {
        summary.filesRenamed++;
        pending.push(() => writer.rename(renamedFrom, file.relPath, rekeyDecisions));
      }
      if (outcome.kind === 'error') {
        summary.errors++;
        pending.push(() => writer.writeError(file.relPath, outcome.format, outcome.hash, file.size, file.mtimeMs, outcome.reason, file.inode, outcome.parserVersion));
      } else {
        summary.filesParsed++;
        pending.push(() => writer.writeParsed(file, outcome.format, outcome.hash, outcome.entries, outcome.parserVersion, outcome.notes));
      }
    }
    if (pending.length >= batchFiles || performance.now() - lastFlush > batchMs) {
      flush();
      progress('indexing', files.length, done);
    }
  }
  flush();

  if (!options.shouldStop?.()) {
    db.transaction(() => {
      for (const group of vanished.values()) for (const doc of group) writer.markRemoved(doc.id);
      if (!options.paths) db.prepare('UPDATE source SET last_scan_at = ? WHERE id = ?').run(new Date().toISOString(), source.id);
    })();
  }
  summary.durationMs = Math.round(performance.now() - started);
  progress('done', files.length, done);
  return summary;
}

function collect(db: Db, source: SourceRow, ignore: ReturnType<typeof createIgnoreMatcher>, paths: readonly string[] | undefined) {
  const scopeMissing = new Set<string>();
  if (!paths) return { ...walkSource(source.path, ignore), scopeMissing };
  const files: SeenFile[] = [];
  const problems: PathProblem[] = [];
  for (const relPath of new Set(paths)) {
    const found = statOne(source.path, relPath, ignore);
    if (found === null) {
      scopeMissing.add(relPath);
      // A deleted folder arrives as one hint: everything under it is gone too.
      const under = db.prepare("SELECT rel_path FROM document WHERE source_id = ? AND status != 'removed' AND rel_path LIKE ? ESCAPE '\\'").all(source.id, `${escapeLike(relPath)}/%`) as { rel_path: string }[];
      for (const row of under) if (!existsInSource(source.path, row.rel_path)) scopeMissing.add(row.rel_path);
    } else if ('reason' in found) problems.push(found);
    else files.push(found);
  }
  return { files, problems, scopeMissing };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function loadDocs(db: Db, sourceId: number, paths: readonly string[] | undefined): Map<string, DocRow> {
  const map = new Map<string, DocRow>();
  if (paths) {
    const stmt = db.prepare('SELECT id, rel_path, size, mtime_ms, hash, status, parser_version FROM document WHERE source_id = ? AND rel_path = ?');
    for (const p of paths) {
      const row = stmt.get(sourceId, p) as DocRow | undefined;
      if (row) map.set(row.rel_path, row);
    }
    const under = db.prepare("SELECT id, rel_path, size, mtime_ms, hash, status, parser_version FROM document WHERE source_id = ? AND rel_path LIKE ? ESCAPE '\\'");
    for (const p of paths) for (const row of under.all(sourceId, `${escapeLike(p)}/%`) as DocRow[]) map.set(row.rel_path, row);
    return map;
  }
  for (const row of db.prepare('SELECT id, rel_path, size, mtime_ms, hash, status, parser_version FROM document WHERE source_id = ?').all(sourceId) as DocRow[]) {
    map.set(row.rel_path, row);
  }
  return map;
}

function findDoc(db: Db, sourceId: number, relPath: string): DocRow | undefined {
  return db.prepare('SELECT id, rel_path, size, mtime_ms, hash, status, parser_version FROM document WHERE source_id = ? AND rel_path = ?').get(sourceId, relPath) as DocRow | undefined;
}

/** A new path whose bytes match a vanished (or earlier removed) document is that document, moved. */
function takeRename(db: Db, sourceId: number, vanished: Map<string, DocRow[]>, hash: string, hasRemovedDocs: boolean): DocRow | undefined {
  if (hash === '') return undefined;
  const group = vanished.get(hash);
  if (group && group.length > 0) return group.shift();
  if (!hasRemovedDocs) return undefined;
  return db.prepare("SELECT id, rel_path, size, mtime_ms, hash, status, parser_version FROM document WHERE source_id = ? AND hash = ? AND status = 'removed' ORDER BY indexed_at DESC LIMIT 1").get(sourceId, hash) as DocRow | undefined;
}

function pushMap<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Decides what a file needs, reading it only when size or mtime say it may have changed. */
async function readOne(file: SeenFile, doc: DocRow | undefined, source: SourceRow, blockText: (id: string) => string | undefined): Promise<Outcome> {
  const importer = importers[file.importer];
  const parserVersion = importer.version;
  const isCurrent = doc !== undefined && doc.status === 'ok' && doc.parser_version === parserVersion;
  if (isCurrent && doc.size === file.size && doc.mtime_ms === file.mtimeMs) return { kind: 'unchanged' };
  const format = importer.format;
  const limit = importer.maxBytes(source.options);
  if (file.size > limit) {
    return { kind: 'error', hash: '', format, reason: `This file is ${formatMb(file.size)}, above the ${formatMb(limit)} limit for ${format} files, so it was not read. Split it, or raise the source's size limit.` };
  }
  if (file.size === 0) return { kind: 'error', hash: hashBytes(Buffer.alloc(0)), format, reason: 'This file is empty (0 bytes): there is nothing to import.' };
  if (file.blocks === 0) {
    return { kind: 'error', hash: '', format, reason: 'This file is a cloud placeholder: its content is not on this disk yet. Make it available offline in your sync app (iCloud, OneDrive, Dropbox) and it will be read on the next scan.' };
  }
  let bytes: Buffer | undefined;
  let hash: string;
  try {
    if (importer.streams) hash = await hashStream(file.readPath);
    else {
      bytes = readReadOnly(file.readPath);
      hash = hashBytes(bytes);
    }
  } catch (error) {
    return { kind: 'error', hash: '', format, reason: `This file cannot be read (${describeFsError(error)}).` };
  }
  if (isCurrent && doc.hash === hash) return { kind: 'touched', hash };
  try {
    const result = await withNamedPath(file, (absPath) => importer.importFile({ relPath: file.relPath, absPath, bytes, mtimeMs: file.mtimeMs, options: source.options, blockText }));
    if (isNotThisFormat(result)) return { kind: 'parsed', hash, format: 'none', entries: [], notes: [], parserVersion };
    const { entries, notes } = asImportedFile(result);
    return { kind: 'parsed', hash, format, entries, notes, parserVersion };
  } catch (error) {
    if (error instanceof ImportError) return { kind: 'error', hash, format, reason: error.message, parserVersion };
    return { kind: 'error', hash, format, reason: `The ${format} importer failed on this file (${(error as Error).message}). Please report it; the rest of the library is unaffected.`, parserVersion };
  }
}

/**
 * Importers that stream open their file by name, and a name that is not valid UTF-8 has no string
 * form: they get the descriptor's path instead (Linux `/proc/self/fd`; elsewhere names are UTF-8).
 */
async function withNamedPath<T>(file: SeenFile, run: (absPath: string) => Promise<T> | T): Promise<T> {
  if (typeof file.readPath === 'string' || process.platform !== 'linux') return run(file.absPath);
  const fd = fs.openSync(file.readPath, fs.constants.O_RDONLY);
  try {
    return await run(`/proc/self/fd/${fd}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opened with O_RDONLY and nothing else: a source file is never written, moved or touched. */
function readReadOnly(absPath: string | Buffer): Buffer {
  const fd = fs.openSync(absPath, fs.constants.O_RDONLY);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function hashBytes(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function hashStream(absPath: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(absPath, { flags: 'r' })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function formatMb(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MB`;
}
