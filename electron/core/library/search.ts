/**
 * Reading the library: entry lists with filters, one entry in full, and FTS5 search. The person's
 * query is never handed to FTS5 as syntax: each word becomes a quoted string (a trailing `*` keeps
 * prefix search), so `"`, `-`, `AND`, `NEAR(` and friends are just text.
 */
import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';

export interface EntryFilter {
  sourceId?: number;
  tag?: string;
  /**
   * Inclusive bounds. A bare day (`2024-03-05`) is compared with the day the entry was written on
   * where it was written (undated notes fall outside any range); a date-time with the stored instant.
   */
  since?: string;
  until?: string;
  includeRemoved?: boolean;
}

export interface EntrySummaryRow {
  id: number;
  sourceId: number;
  key: string;
  format: string;
  title: string;
  createdAt: string | null;
  /** The local day it was written on; null for an undated note (its `createdAt` is then the file's mtime). */
  localDay: string | null;
  tags: string[];
  removed: boolean;
  chars: number;
}

export interface EntryDetail extends EntrySummaryRow {
  createdFrom: string | null;
  modifiedAt: string | null;
  text: string;
  metadata: Record<string, unknown>;
  sourcePath: string;
  relPath: string | null;
  updatedAt: string;
}

export interface SearchHit extends EntrySummaryRow {
  /** The match in context: alternating plain and highlighted parts, safe to render as text. */
  snippet: { text: string; hit: boolean }[];
}

/** Turns what a person typed into an FTS5 query that can only mean "all these words". */
export function toFtsQuery(input: string): string {
  const words = input.match(/"[^"]*"|\S+/g) ?? [];
  const terms: string[] = [];
  for (const raw of words) {
    const isPhrase = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
    const isPrefix = !isPhrase && raw.length > 1 && raw.endsWith('*');
    const body = isPhrase ? raw.slice(1, -1) : isPrefix ? raw.slice(0, -1) : raw;
    const cleaned = body.replace(/"/g, '""').trim();
    if (cleaned === '') continue;
    terms.push(`"${cleaned}"${isPrefix ? '*' : ''}`);
  }
  return terms.join(' ');
}

function whereClause(filter: EntryFilter, alias: string): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeRemoved) clauses.push(`${alias}.removed = 0`);
  if (filter.sourceId !== undefined) {
    clauses.push(`${alias}.source_id = ?`);
    params.push(filter.sourceId);
  }
  if (filter.tag !== undefined) {
    clauses.push(`EXISTS (SELECT 1 FROM json_each(${alias}.tags) WHERE json_each.value = ? COLLATE NOCASE)`);
    params.push(filter.tag.replace(/^#/, ''));
  }
  if (filter.since !== undefined) {
    clauses.push(isDay(filter.since) ? `${alias}.local_day >= ?` : `${alias}.created_at >= ?`);
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    clauses.push(isDay(filter.until) ? `${alias}.local_day <= ?` : `${alias}.created_at <= ?`);
    params.push(filter.until);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

interface SummaryRaw {
  id: number;
  source_id: number;
  key: string;
  format: string;
  title: string;
  created_at: string | null;
  local_day: string | null;
  tags: string;
  removed: number;
  chars: number;
}

const summaryColumns = 'e.id, e.source_id, e.key, e.format, e.title, e.created_at, e.local_day, e.tags, e.removed, length(e.text) AS chars';

function toSummary(raw: SummaryRaw): EntrySummaryRow {
  return { id: raw.id, sourceId: raw.source_id, key: raw.key, format: raw.format, title: raw.title, createdAt: raw.created_at, localDay: raw.local_day, tags: JSON.parse(raw.tags) as string[], removed: raw.removed === 1, chars: raw.chars };
}

export function listEntries(db: Db, filter: EntryFilter, offset: number, limit: number): { total: number; entries: EntrySummaryRow[] } {
  const { sql, params } = whereClause(filter, 'e');
  const total = db.prepare(`SELECT count(*) FROM entry e ${sql}`).pluck().get(...params) as number;
  const rows = db
    .prepare(`SELECT ${summaryColumns} FROM entry e ${sql} ORDER BY e.created_at DESC NULLS LAST, e.id DESC LIMIT ? OFFSET ?`)
    .all(...params, limit, offset) as SummaryRaw[];
  return { total, entries: rows.map(toSummary) };
}

export function getEntry(db: Db, id: number): EntryDetail {
  const raw = db
    .prepare(`SELECT ${summaryColumns}, e.created_from, e.modified_at, e.text, e.metadata, e.updated_at, s.path AS source_path, d.rel_path
      FROM entry e JOIN source s ON s.id = e.source_id LEFT JOIN document d ON d.id = e.document_id WHERE e.id = ?`)
    .get(id) as (SummaryRaw & { created_from: string | null; modified_at: string | null; text: string; metadata: string; updated_at: string; source_path: string; rel_path: string | null }) | undefined;
  if (!raw) throw new ConfidantError('not_found', `There is no entry ${id}. Find entries with \`confidant entries\` or \`confidant search\`.`);
  return {
    ...toSummary(raw),
    createdFrom: raw.created_from,
    modifiedAt: raw.modified_at,
    text: raw.text,
    metadata: JSON.parse(raw.metadata) as Record<string, unknown>,
    sourcePath: raw.source_path,
    relPath: raw.rel_path,
    updatedAt: raw.updated_at,
  };
}

/** Private-use characters mark the match: they cannot occur in the snippet's own text by accident of HTML. */
const open = '\uE000';
const close = '\uE001';

export function searchEntries(db: Db, query: string, filter: EntryFilter, limit: number): { total: number; hits: SearchHit[] } {
  const fts = toFtsQuery(query);
  if (fts === '') return { total: 0, hits: [] };
  const { sql, params } = whereClause(filter, 'e');
  const join = sql === '' ? 'WHERE' : `${sql} AND`;
  const total = db.prepare(`SELECT count(*) FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid ${join} entry_fts MATCH ?`).pluck().get(...params, fts) as number;
  const rows = db
    .prepare(`SELECT ${summaryColumns}, snippet(entry_fts, 1, '${open}', '${close}', '…', 16) AS snip, snippet(entry_fts, 0, '${open}', '${close}', '…', 16) AS title_snip
      FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid ${join} entry_fts MATCH ? ORDER BY bm25(entry_fts, 5.0, 1.0, 2.0) LIMIT ?`)
    .all(...params, fts, limit) as (SummaryRaw & { snip: string; title_snip: string })[];
  return {
    total,
    hits: rows.map((row) => ({ ...toSummary(row), snippet: splitSnippet(row.snip.includes(open) ? row.snip : row.title_snip.includes(open) ? row.title_snip : row.snip) })),
  };
}

export function splitSnippet(snippet: string): { text: string; hit: boolean }[] {
  const parts: { text: string; hit: boolean }[] = [];
  let rest = snippet;
  while (rest !== '') {
    const start = rest.indexOf(open);
    if (start === -1) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(close, start);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), hit: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  return parts;
}

export function listErrors(db: Db, sourceId: number): { relPath: string; reason: string }[] {
  return (db.prepare("SELECT rel_path, error FROM document WHERE source_id = ? AND status = 'error' ORDER BY rel_path").all(sourceId) as { rel_path: string; error: string | null }[])
    .map((r) => ({ relPath: r.rel_path, reason: r.error ?? 'unknown error' }));
}

/** What readable files left out (a Day One entry with no text), said per file; not errors. */
export function listNotes(db: Db, sourceId: number): { relPath: string; note: string }[] {
  return (db.prepare("SELECT rel_path, note FROM document WHERE source_id = ? AND status = 'ok' AND note IS NOT NULL ORDER BY rel_path").all(sourceId) as { rel_path: string; note: string }[])
    .map((r) => ({ relPath: r.rel_path, note: r.note }));
}

export function sourceCounts(db: Db, sourceId: number): { entries: number; documents: number; errors: number } {
  const row = db.prepare(`SELECT
      (SELECT count(*) FROM entry WHERE source_id = ? AND removed = 0) AS entries,
      (SELECT count(*) FROM document WHERE source_id = ? AND status = 'ok') AS documents,
      (SELECT count(*) FROM document WHERE source_id = ? AND status = 'error') AS errors`).get(sourceId, sourceId, sourceId) as { entries: number; documents: number; errors: number };
  return row;
}
