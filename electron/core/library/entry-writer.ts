/**
 * The writes of indexing, one small method per change. Callers group them in transactions; each
 * method leaves document and entries consistent with each other on its own.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { ImportedEntry } from './importers/index.ts';
import type { IndexSummary } from './indexer.ts';
import type { SeenFile } from './scanner.ts';
import type { SourceRow } from './sources.ts';

interface ExistingEntry {
  id: number;
  document_id: number | null;
  title: string;
  created_at: string | null;
  created_from: string | null;
  local_day: string | null;
  modified_at: string | null;
  tags: string;
  text_hash: string;
  metadata: string;
  format: string;
  removed: number;
}

type Rekey = (db: Db, sourcePath: string, oldKey: string, newKey: string) => void;

export class EntryWriter {
  private readonly upsertDoc;
  private readonly getDocId;
  private readonly getEntry;
  private readonly insertEntry;
  private readonly updateEntry;
  private readonly entriesOfDoc;
  private readonly markEntryRemoved;

  constructor(
    private readonly db: Db,
    private readonly source: SourceRow,
    private readonly summary: IndexSummary,
  ) {
    this.upsertDoc = db.prepare(`
      INSERT INTO document (source_id, rel_path, format, size, mtime_ms, hash, inode, status, error, note, parser_version, indexed_at)
      VALUES (@sourceId, @relPath, @format, @size, @mtimeMs, @hash, @inode, @status, @error, @note, @parserVersion, @now)
      ON CONFLICT (source_id, rel_path) DO UPDATE SET format = excluded.format, size = excluded.size, mtime_ms = excluded.mtime_ms,
        hash = excluded.hash, inode = excluded.inode, status = excluded.status, error = excluded.error, note = excluded.note,
        parser_version = excluded.parser_version, indexed_at = excluded.indexed_at`);
    this.getDocId = db.prepare('SELECT id FROM document WHERE source_id = ? AND rel_path = ?').pluck();
    this.getEntry = db.prepare('SELECT id, document_id, title, created_at, created_from, local_day, modified_at, tags, text_hash, metadata, format, removed FROM entry WHERE source_id = ? AND key = ?');
    this.insertEntry = db.prepare(`
      INSERT INTO entry (source_id, document_id, key, format, title, created_at, created_from, local_day, modified_at, tags, text, text_hash, metadata, removed, updated_at)
      VALUES (@sourceId, @documentId, @key, @format, @title, @createdAt, @createdFrom, @localDay, @modifiedAt, @tags, @text, @textHash, @metadata, 0, @now)`);
    this.updateEntry = db.prepare(`
      UPDATE entry SET document_id = @documentId, format = @format, title = @title, created_at = @createdAt, created_from = @createdFrom,
        local_day = @localDay, modified_at = @modifiedAt, tags = @tags, text = @text, text_hash = @textHash, metadata = @metadata, removed = 0, updated_at = @now
      WHERE id = @id`);
    this.entriesOfDoc = db.prepare('SELECT id, key, removed FROM entry WHERE document_id = ?');
    this.markEntryRemoved = db.prepare('UPDATE entry SET removed = 1, updated_at = ? WHERE id = ?');
  }

  /** Same bytes, new mtime (a `touch`, a sync client): remember the new stat so the next scan skips it. */
  touch(docId: number, file: SeenFile): void {
    this.db.prepare('UPDATE document SET size = ?, mtime_ms = ?, inode = ? WHERE id = ?').run(file.size, file.mtimeMs, file.inode, docId);
  }

  writeError(relPath: string, format: string, hash: string, size: number, mtimeMs: number, reason: string, inode: string | null = null, parserVersion = 0): void {
    // mtime 0 for files never read, so the next scan tries again; entries read before stay as they were.
    this.upsertDoc.run({ sourceId: this.source.id, relPath, format, size, mtimeMs: hash === '' ? 0 : mtimeMs, hash, inode, status: 'error', error: reason, note: null, parserVersion, now: new Date().toISOString() });
  }

  /**
   * A file read by importer `parserVersion`: entries with unchanged keys are updated in place (so
   * decisions keyed by them stay), keys no longer produced are marked removed.
   */
  writeParsed(file: SeenFile, format: string, hash: string, entries: ImportedEntry[], parserVersion: number, notes: readonly string[] = []): void {
    const now = new Date().toISOString();
    const note = notes.length > 0 ? notes.join(' ') : null;
    const readBefore = this.db.prepare('SELECT parser_version FROM document WHERE source_id = ? AND rel_path = ?').pluck().get(this.source.id, file.relPath) as number | undefined;
    this.upsertDoc.run({ sourceId: this.source.id, relPath: file.relPath, format, size: file.size, mtimeMs: file.mtimeMs, hash, inode: file.inode, status: 'ok', error: null, note, parserVersion, now });
    const documentId = this.getDocId.get(this.source.id, file.relPath) as number;
    const keep = new Set<string>();
    const added: string[] = [];
    for (const entry of dedupeByKey(entries)) {
      keep.add(entry.key);
      const row = {
        sourceId: this.source.id,
        documentId,
        key: entry.key,
        format,
        title: entry.title,
        createdAt: entry.createdAt,
        createdFrom: entry.createdFrom,
        localDay: entry.localDay,
        modifiedAt: entry.modifiedAt,
        tags: JSON.stringify(entry.tags),
        text: entry.text,
        textHash: crypto.createHash('sha256').update(entry.text).digest('hex'),
        metadata: JSON.stringify(entry.metadata),
        now,
      };
      const existing = this.getEntry.get(this.source.id, entry.key) as ExistingEntry | undefined;
      if (!existing) {
        this.insertEntry.run(row);
        this.summary.entriesAdded++;
        added.push(entry.key);
      } else if (isDifferent(existing, row)) {
        this.updateEntry.run({ ...row, id: existing.id });
        if (existing.removed) this.summary.entriesAdded++;
        else this.summary.entriesChanged++;
      }
    }
    const gone: string[] = [];
    for (const old of this.entriesOfDoc.all(documentId) as { id: number; key: string; removed: number }[]) {
      if (!keep.has(old.key) && !old.removed) {
        this.markEntryRemoved.run(now, old.id);
        this.summary.entriesRemoved++;
        gone.push(old.key);
      }
    }
    // Only an importer upgrade re-cuts a file; an edit that drops one day and adds another is just that.
    if (readBefore !== undefined && readBefore !== parserVersion) this.carryDecisions(file.relPath, gone, added, now);
  }

  /**
   * One file cut into different entries by a newer importer (org: one per heading before, one per
   * day or per file now). The old entries' words live on in the new ones, so an exclusion of any of them excludes
   * every new entry of that file, and their finding decisions apply to the new entries too: an
   * upgrade must never put text the person kept out back into training. Only path-based keys
   * (`file` and `file#part`): a Day One or ENEX entry that went is another entry, not a new cut.
   */
  private carryDecisions(relPath: string, gone: string[], added: string[], now: string): void {
    const ofFile = (key: string) => key === relPath || key.startsWith(`${relPath}#`);
    const from = gone.filter(ofFile);
    const to = added.filter(ofFile);
    if (from.length === 0 || to.length === 0) return;
    const sourcePath = this.source.path;
    const marks = from.map(() => '?').join(', ');
    const isExcluded = this.db.prepare(`SELECT 1 FROM entry_decision WHERE source_path = ? AND entry_key IN (${marks}) AND decision = 'exclude' LIMIT 1`).get(sourcePath, ...from) !== undefined;
    for (const key of to) {
      if (isExcluded) {
        this.db.prepare(`INSERT INTO entry_decision (source_path, entry_key, decision, updated_at) VALUES (?, ?, 'exclude', ?)
          ON CONFLICT (source_path, entry_key) DO UPDATE SET decision = 'exclude', updated_at = excluded.updated_at`).run(sourcePath, key, now);
      }
      this.db.prepare(`INSERT OR IGNORE INTO finding_decision (source_path, entry_key, kind, value, action, needs_review, updated_at)
        SELECT source_path, ?, kind, value, action, needs_review, ? FROM finding_decision WHERE source_path = ? AND entry_key IN (${marks})
        ORDER BY action = 'redact' DESC`).run(key, now, sourcePath, ...from);
    }
  }

  /** The file is gone: its entries are marked removed (decisions about them stay untouched). */
  markRemoved(docId: number): void {
    const now = new Date().toISOString();
    this.db.prepare("UPDATE document SET status = 'removed', indexed_at = ? WHERE id = ?").run(now, docId);
    for (const old of this.entriesOfDoc.all(docId) as { id: number; removed: number }[]) {
      if (!old.removed) {
        this.markEntryRemoved.run(now, old.id);
        this.summary.entriesRemoved++;
      }
    }
    this.summary.filesRemoved++;
  }

  /**
   * The same bytes turned up at a new path. The document moves, and every path-based entry key
   * moves with it, along with the person's decisions (via `rekeyDecisions`).
   */
  rename(from: { id: number; rel_path: string }, toRelPath: string, rekey: Rekey): void {
    this.db.prepare('DELETE FROM document WHERE source_id = ? AND rel_path = ? AND id != ?').run(this.source.id, toRelPath, from.id);
    this.db.prepare('UPDATE document SET rel_path = ? WHERE id = ?').run(toRelPath, from.id);
    const rows = this.db.prepare('SELECT id, key FROM entry WHERE document_id = ?').all(from.id) as { id: number; key: string }[];
    for (const row of rows) {
      const newKey = movedKey(row.key, from.rel_path, toRelPath);
      if (newKey === row.key) continue;
      // An entry already holding the new key (a file once at that path) gives way: its row goes, its decisions are overwritten by the moved ones.
      this.db.prepare('DELETE FROM entry WHERE source_id = ? AND key = ? AND id != ?').run(this.source.id, newKey, row.id);
      this.db.prepare('UPDATE entry SET key = ? WHERE id = ?').run(newKey, row.id);
      rekey(this.db, this.source.path, row.key, newKey);
    }
  }
}

/** `notes/a.md` and `notes/a.md#10:30 Walk` follow a move of `notes/a.md`; `dayone:UUID` keys do not change. */
export function movedKey(key: string, fromRel: string, toRel: string): string {
  if (key === fromRel) return toRel;
  if (key.startsWith(`${fromRel}#`)) return toRel + key.slice(fromRel.length);
  return key;
}

function isDifferent(existing: ExistingEntry, row: { documentId: number; title: string; createdAt: string | null; createdFrom: string | null; localDay: string | null; modifiedAt: string | null; tags: string; textHash: string; metadata: string; format: string }): boolean {
  return existing.removed === 1 || existing.document_id !== row.documentId || existing.title !== row.title || existing.created_at !== row.createdAt ||
    existing.created_from !== row.createdFrom || existing.local_day !== row.localDay || existing.modified_at !== row.modifiedAt || existing.tags !== row.tags ||
    existing.text_hash !== row.textHash || existing.metadata !== row.metadata || existing.format !== row.format;
}

function dedupeByKey(entries: ImportedEntry[]): ImportedEntry[] {
  const byKey = new Map<string, ImportedEntry>();
  for (const e of entries) byKey.set(e.key, e);
  return [...byKey.values()];
}
