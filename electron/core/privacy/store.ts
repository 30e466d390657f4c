import { ConfidantError } from '../../api/errors.ts';
import { entryDaySql, type Db } from '../db/index.ts';
import type { ListedName } from './detectors/index.ts';
import { DEFAULT_KIND_POLICIES, FINDING_KINDS, type FindingAction, type FindingKind, type KindPolicy, type RedactionStyle } from './kinds.ts';

/** One entry as privacy review sees it: where it lives (for decisions) and what it says. */
export interface EntryRow {
  id: number;
  sourceId: number;
  sourcePath: string;
  sourceDefault: 'include' | 'exclude';
  key: string;
  title: string;
  createdAt: string | null;
  /** The local day it was written on; null for an undated note. What prompts and date rules use. */
  day: string | null;
  tags: string[];
  relPath: string | null;
  text: string;
  textHash: string;
  removed: boolean;
}

const ENTRY_SELECT = `
  SELECT e.id, e.source_id AS sourceId, s.path AS sourcePath, s.default_decision AS sourceDefault, e.key, e.title,
         e.created_at AS createdAt, ${entryDaySql('e')} AS day, e.tags, d.rel_path AS relPath, e.text, e.text_hash AS textHash, e.removed
  FROM entry e JOIN source s ON s.id = e.source_id LEFT JOIN document d ON d.id = e.document_id`;

interface RawEntry extends Omit<EntryRow, 'tags' | 'removed'> {
  tags: string;
  removed: number;
}

function toEntry(raw: RawEntry): EntryRow {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(raw.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    // A malformed tags column leaves the entry reviewable; tag rules just do not match it.
  }
  return { ...raw, tags, removed: raw.removed !== 0 };
}

export function readEntry(db: Db, entryId: number): EntryRow | undefined {
  const raw = db.prepare(`${ENTRY_SELECT} WHERE e.id = ?`).get(entryId) as RawEntry | undefined;
  return raw ? toEntry(raw) : undefined;
}

export function requireEntry(db: Db, entryId: number): EntryRow {
  const entry = readEntry(db, entryId);
  if (!entry) throw new ConfidantError('not_found', `There is no entry ${entryId}. List entries with \`confidant privacy findings\` or search the library.`);
  return entry;
}

export function readEntries(db: Db, entryIds?: readonly number[]): EntryRow[] {
  if (entryIds === undefined) return (db.prepare(`${ENTRY_SELECT} WHERE e.removed = 0 ORDER BY e.id`).all() as RawEntry[]).map(toEntry);
  return entryIds.map((id) => readEntry(db, id)).filter((e): e is EntryRow => e !== undefined);
}

/**
 * Finds an entry from what a person types: its number, or its key (a relative path such as
 * `daily/2024-05-01.md`, or a Day One uuid). A key that exists in several sources is ambiguous.
 */
export function resolveEntryRef(db: Db, ref: string): number {
  if (/^\d+$/.test(ref)) {
    if (readEntry(db, Number(ref))) return Number(ref);
  }
  const ids = db.prepare('SELECT id FROM entry WHERE key = ? AND removed = 0').pluck().all(ref) as number[];
  if (ids.length === 1 && ids[0] !== undefined) return ids[0];
  if (ids.length > 1) throw new ConfidantError('invalid_input', `The key "${ref}" exists in ${ids.length} sources; use the entry number instead (one of ${ids.join(', ')}).`);
  throw new ConfidantError('not_found', `No entry has the number or key "${ref}". Search the library to find it.`);
}

// ---- the people-and-places list ----

export function listNames(db: Db): ListedName[] {
  const rows = db.prepare('SELECT id, name, kind, aliases FROM privacy_name ORDER BY name').all() as { id: number; name: string; kind: 'person' | 'place'; aliases: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, aliases: JSON.parse(r.aliases) as string[] }));
}

/** Adds a name, or merges aliases into the one already listed under that name. */
export function addName(db: Db, input: { name: string; kind: 'person' | 'place'; aliases: readonly string[] }): ListedName {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new ConfidantError('invalid_input', 'The name is empty: give the name as you write it, for example "Anna Berg".');
  const aliases = [...new Set(input.aliases.map((a) => a.trim().replace(/\s+/g, ' ')).filter((a) => a.length > 0 && a.toLowerCase() !== name.toLowerCase()))];
  const existing = listNames(db).find((n) => n.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    const merged = [...new Set([...existing.aliases, ...aliases])];
    db.prepare('UPDATE privacy_name SET aliases = ?, kind = ? WHERE id = ?').run(JSON.stringify(merged), input.kind, existing.id);
    return { ...existing, kind: input.kind, aliases: merged };
  }
  const id = Number(db.prepare('INSERT INTO privacy_name (name, kind, aliases, created_at) VALUES (?, ?, ?, ?)').run(name, input.kind, JSON.stringify(aliases), new Date().toISOString()).lastInsertRowid);
  return { id, name, kind: input.kind, aliases };
}

export function removeName(db: Db, id: number): void {
  const changes = db.prepare('DELETE FROM privacy_name WHERE id = ?').run(id).changes;
  if (changes === 0) throw new ConfidantError('not_found', `There is no name ${id} on the list. List them with \`confidant people list\`.`);
}

// ---- kind policies ----

export function listKindPolicies(db: Db): KindPolicy[] {
  const rows = db.prepare('SELECT kind, action, style FROM kind_policy').all() as { kind: FindingKind; action: FindingAction; style: RedactionStyle }[];
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return FINDING_KINDS.map((kind) => ({ kind, ...DEFAULT_KIND_POLICIES[kind], ...byKind.get(kind) }));
}

export function setKindPolicy(db: Db, kind: FindingKind, change: { action?: FindingAction; style?: RedactionStyle }): KindPolicy {
  const current = listKindPolicies(db).find((p) => p.kind === kind) ?? { kind, ...DEFAULT_KIND_POLICIES[kind] };
  const next: KindPolicy = { kind, action: change.action ?? current.action, style: change.style ?? current.style };
  db.prepare(`INSERT INTO kind_policy (kind, action, style, updated_at) VALUES (?, ?, ?, ?)
              ON CONFLICT (kind) DO UPDATE SET action = excluded.action, style = excluded.style, updated_at = excluded.updated_at`)
    .run(kind, next.action, next.style, new Date().toISOString());
  return next;
}
