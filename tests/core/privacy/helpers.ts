import { createHash } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/core/db/index.ts';
import { tempDir } from '../../helpers/tmp.ts';

/** A real SQLite file with the full schema, and helpers that write rows the way the library indexer does. */
export function openTestDb(): Db {
  return openDatabase(path.join(tempDir(), 'confidant.sqlite'));
}

export function addSource(db: Db, sourcePath: string, defaultDecision: 'include' | 'exclude' = 'include'): number {
  return Number(db.prepare("INSERT INTO source (path, name, default_decision, added_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')").run(sourcePath, path.basename(sourcePath), defaultDecision).lastInsertRowid);
}

export interface EntryInput { key: string; text: string; title?: string; createdAt?: string; tags?: string[]; relPath?: string }

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

export function addEntry(db: Db, sourceId: number, input: EntryInput): number {
  let documentId: number | null = null;
  if (input.relPath) {
    documentId = Number(db.prepare("INSERT INTO document (source_id, rel_path, format, size, mtime_ms, hash, indexed_at) VALUES (?, ?, 'markdown', 1, 1, 'h', '2026-01-01')").run(sourceId, input.relPath).lastInsertRowid);
  }
  return Number(db.prepare(`INSERT INTO entry (source_id, document_id, key, format, title, created_at, tags, text, text_hash, updated_at)
    VALUES (?, ?, ?, 'markdown', ?, ?, ?, ?, ?, '2026-01-01')`).run(sourceId, documentId, input.key, input.title ?? input.key, input.createdAt ?? null, JSON.stringify(input.tags ?? []), input.text, hash(input.text)).lastInsertRowid);
}

/** What the indexer does when a file's text changes: same row, new text and hash. */
export function editEntry(db: Db, entryId: number, text: string): void {
  db.prepare('UPDATE entry SET text = ?, text_hash = ? WHERE id = ?').run(text, hash(text), entryId);
}
