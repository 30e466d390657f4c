import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { prepareListMatcher } from './detectors/people-list.ts';
import type { PreparedDetector } from './detectors/index.ts';
import { CONFIDENT, type FindingKind } from './kinds.ts';
import { scanEntries } from './scan.ts';
import { listKindPolicies } from './store.ts';

/**
 * Review by value: the detectors' unlisted guesses, grouped by what they say ("Obsidian: 230
 * mentions in 96 entries"), so one decision settles every mention, now and in future scans.
 * Values on the person's list and always-redact rules are already decided and never grouped.
 */
export const VALUE_DECISIONS = ['person', 'place', 'not_personal', 'each'] as const;
export type ValueDecision = (typeof VALUE_DECISIONS)[number];

/** "Obsidian", "obsidian" and "Obsidian " are one value. */
export function valueKey(value: string): string {
  return value.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A guess a value decision applies to: a person or place not found through the list or a rule. */
export function isCandidate(f: { kind: FindingKind; detector: string }): boolean {
  return (f.kind === 'person' || f.kind === 'place') && f.detector !== 'list' && f.detector !== 'rule';
}

export function readValueDecisions(db: Db): Map<string, ValueDecision> {
  const rows = db.prepare('SELECT value_key AS valueKey, decision FROM value_decision').all() as { valueKey: string; decision: ValueDecision }[];
  return new Map(rows.map((r) => [r.valueKey, r.decision]));
}

/**
 * Every mention of values decided "a person" or "a place", matched like the person's list (any
 * case, at word boundaries; a value that is also an ordinary word only when capitalised), so a
 * mention the detectors missed ("texted brannoch") is redacted too. Marked detector 'value'.
 */
export function prepareDecidedValues(db: Db): PreparedDetector | undefined {
  const rows = db.prepare("SELECT value, decision FROM value_decision WHERE decision IN ('person', 'place') ORDER BY value_key").all() as { value: string; decision: 'person' | 'place' }[];
  if (rows.length === 0) return undefined;
  const matcher = prepareListMatcher(rows.map((r, i) => ({ id: i + 1, name: r.value, kind: r.decision, aliases: [] })));
  return {
    detect: (text) => matcher.detect(text).map(({ nameId: _nameId, ...span }) => ({ ...span, detector: 'value', confidence: 1 })),
  };
}

export interface ValueSample { entryId: number; title: string; snippet: string }

export interface ValueGroup {
  value: string;
  /** The kind most detectors guessed, or the person's decision. */
  kind: 'person' | 'place';
  mentions: number;
  entries: number;
  /** Mentions that wait for a decision (below the confidence at which defaults apply, undecided). */
  toReview: number;
  decision: ValueDecision | null;
  samples: ValueSample[];
}

interface CandidateRow {
  entryId: number; field: string; kind: 'person' | 'place'; start: number; end: number; value: string; detector: string;
  confidence: number; sourcePath: string; key: string; title: string;
}

const SNIPPET_CONTEXT = 48;

/**
 * Unlisted candidates grouped by value, ordered by how much one decision settles: mentions still
 * waiting for review first, then all mentions, then entries. `decided` lists values the person
 * has decided instead (to change or undo a decision).
 */
export function listValueGroups(db: Db, options: { state?: 'open' | 'decided'; limit?: number; offset?: number } = {}): { values: ValueGroup[]; total: number; toReview: number } {
  scanEntries(db);
  const rows = db.prepare(`
    SELECT f.entry_id AS entryId, f.field, f.kind, f.start, f.end, f.value, f.detector, f.confidence,
           s.path AS sourcePath, e.key, e.title
    FROM finding f JOIN entry e ON e.id = f.entry_id JOIN source s ON s.id = e.source_id
    WHERE e.removed = 0 AND f.kind IN ('person', 'place') AND f.detector NOT IN ('list', 'rule')
    ORDER BY f.entry_id, f.field = 'text' DESC, f.field, f.start`).all() as CandidateRow[];
  const decidedFindings = new Set((db.prepare('SELECT source_path, entry_key, kind, value FROM finding_decision').raw().all() as string[][]).map((r) => r.join('\u0000')));
  const decisions = readValueDecisions(db);
  // As findingActions decides: only a guess whose kind is redacted by default waits for review.
  const redactedByDefault = new Set(listKindPolicies(db).filter((p) => p.action === 'redact').map((p) => p.kind));
  const groups = new Map<string, { rows: CandidateRow[]; entries: Set<number>; toReview: number; kinds: Record<'person' | 'place', number> }>();
  for (const row of rows) {
    const k = valueKey(row.value);
    let g = groups.get(k);
    if (!g) {
      g = { rows: [], entries: new Set(), toReview: 0, kinds: { person: 0, place: 0 } };
      groups.set(k, g);
    }
    g.rows.push(row);
    g.entries.add(row.entryId);
    g.kinds[row.kind] += 1;
    const ownDecision = decidedFindings.has([row.sourcePath, row.key, row.kind, row.value].join('\u0000'));
    const isDecided = ownDecision || decisions.get(k) === 'person' || decisions.get(k) === 'place';
    if (!isDecided && row.confidence < CONFIDENT && redactedByDefault.has(row.kind)) g.toReview += 1;
  }
  const wantDecided = options.state === 'decided';
  let all: ValueGroup[];
  if (wantDecided) {
    const stored = db.prepare('SELECT value_key AS valueKey, value, decision FROM value_decision ORDER BY updated_at DESC').all() as { valueKey: string; value: string; decision: ValueDecision }[];
    all = stored.map((d) => summarise(d.value, groups.get(d.valueKey), d.decision));
  } else {
    all = [...groups.entries()]
      .filter(([k]) => !decisions.has(k))
      .map(([, g]) => summarise(g.rows[0]?.value ?? '', g, null))
      .sort((a, b) => b.toReview - a.toReview || b.mentions - a.mentions || b.entries - a.entries || a.value.localeCompare(b.value));
  }
  const toReview = [...groups.entries()].filter(([k]) => !decisions.has(k) || decisions.get(k) === 'each').reduce((n, [, g]) => n + g.toReview, 0);
  const offset = options.offset ?? 0;
  const page = all.slice(offset, offset + (options.limit ?? 50)).map((g) => ({ ...g, samples: samplesOf(db, groups.get(valueKey(g.value))?.rows ?? []) }));
  return { values: page, total: all.length, toReview };
}

function summarise(value: string, g: { rows: CandidateRow[]; entries: Set<number>; toReview: number; kinds: Record<'person' | 'place', number> } | undefined, decision: ValueDecision | null): ValueGroup {
  const kind = decision === 'person' || decision === 'place' ? decision : g && g.kinds.place > g.kinds.person ? 'place' : 'person';
  return { value, kind, mentions: g?.rows.length ?? 0, entries: g?.entries.size ?? 0, toReview: g?.toReview ?? 0, decision, samples: [] };
}

/** Two places the value appears, with the words around it, so the person can tell "Obsidian" the app from a friend. */
function samplesOf(db: Db, rows: readonly CandidateRow[]): ValueSample[] {
  const picked: CandidateRow[] = [];
  for (const row of rows) {
    if (picked.some((p) => p.entryId === row.entryId)) continue;
    picked.push(row);
    if (picked.length === 2) break;
  }
  const textOf = db.prepare('SELECT text FROM entry WHERE id = ?').pluck();
  return picked.map((row) => {
    if (row.field === 'title') return { entryId: row.entryId, title: row.title, snippet: `in the title: ${row.title}` };
    if (row.field !== 'text') return { entryId: row.entryId, title: row.title, snippet: `in the ${row.field === 'tags' ? 'tags' : 'file name'}: ${row.value}` };
    const text = textOf.get(row.entryId) as string;
    const from = Math.max(0, row.start - SNIPPET_CONTEXT);
    const to = Math.min(text.length, row.end + SNIPPET_CONTEXT);
    const snippet = `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`;
    return { entryId: row.entryId, title: row.title, snippet };
  });
}

/**
 * One decision for every unlisted mention of a value (null: undo it). Entries that mention the
 * value are scanned again at once, so findings, counts and the training text follow the decision.
 */
export function setValueDecision(db: Db, value: string, decision: ValueDecision | null): { value: string; decision: ValueDecision | null; mentions: number; entries: number } {
  const key = valueKey(value);
  if (key === '') throw new ConfidantError('invalid_input', 'The value is empty: give the words as they appear in your entries, for example "Obsidian".');
  scanEntries(db);
  const candidates = (db.prepare(`SELECT f.entry_id AS entryId, f.value FROM finding f WHERE f.kind IN ('person', 'place') AND f.detector NOT IN ('list', 'rule')`).all() as { entryId: number; value: string }[])
    .filter((f) => valueKey(f.value) === key);
  const known = db.prepare('SELECT value FROM value_decision WHERE value_key = ?').pluck().get(key) as string | undefined;
  if (candidates.length === 0 && known === undefined) {
    throw new ConfidantError('not_found', `No entry has an unlisted name or place "${value}". List the values waiting for review with \`confidant privacy values\`.`);
  }
  const shown = candidates[0]?.value ?? known ?? value.trim();
  const now = new Date().toISOString();
  if (decision === null) db.prepare('DELETE FROM value_decision WHERE value_key = ?').run(key);
  else {
    db.prepare(`INSERT INTO value_decision (value_key, value, decision, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (value_key) DO UPDATE SET decision = excluded.decision, updated_at = excluded.updated_at`).run(key, shown, decision, now);
  }
  // Entries that only write the value, in any case, gain findings ("a person") or regain them
  // (an undo of "not personal"): find them by their words. SQLite's lower() folds ASCII only, so
  // the first word is enough of a filter; the scan decides.
  const affected = new Set(candidates.map((c) => c.entryId));
  const needle = (shown.split(/\s+/)[0] ?? shown).toLowerCase();
  for (const id of db.prepare(`SELECT e.id FROM entry e LEFT JOIN document d ON d.id = e.document_id
      WHERE e.removed = 0 AND (instr(lower(e.text), ?) > 0 OR instr(lower(e.title), ?) > 0 OR instr(lower(e.tags), ?) > 0 OR instr(lower(coalesce(d.rel_path, '')), ?) > 0)`)
    .pluck().all(needle, needle, needle, needle) as number[]) affected.add(id);
  if (affected.size > 0) scanEntries(db, { entryIds: [...affected], force: true });
  return { value: shown, decision, mentions: candidates.length, entries: new Set(candidates.map((c) => c.entryId)).size };
}
