import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { createScanner, type DetectedSpan, type PreparedDetector, type Scanner } from './detectors/index.ts';
import { detectionText, FINDING_FIELDS, fieldText, findOccurrences, type FindingField } from './fields.ts';
import { readHomeRegions } from './home-regions.ts';
import { KIND_SENSITIVITY, type FindingKind } from './kinds.ts';
import { libraryContextFor } from './library-scan.ts';
import { redactPatterns } from './rules.ts';
import { listNames, readEntries, type EntryRow } from './store.ts';
import { isCandidate, prepareDecidedValues, readValueDecisions, valueKey, type ValueDecision } from './values.ts';

/** Raise when a detector changes what it finds, so every entry is scanned again. */
const DETECTORS_VERSION = 2;

export interface ScanSetup {
  scanner: Scanner;
  /** Findings made under another list, rule set or detector version are stale. */
  configHash: string;
  /** The person's decisions on unlisted values, applied to what the detectors find. */
  values: ReadonlyMap<string, ValueDecision>;
  /** Finds every mention of a value decided "a person" or "a place", in any case, as the list does. */
  decided?: PreparedDetector;
}

export function prepareScan(db: Db): ScanSetup {
  const names = listNames(db);
  const patterns = redactPatterns(db);
  const homeRegions = readHomeRegions(db).regions;
  const configHash = createHash('sha256')
    .update(JSON.stringify({ v: DETECTORS_VERSION, fields: FINDING_FIELDS, names, patterns: patterns.map((p) => p.source), homeRegions }))
    .digest('hex')
    .slice(0, 16);
  // The library context tells products and UI labels from people across all entries (detectors/library-context.ts).
  const library = libraryContextFor(db);
  return { scanner: createScanner({ names, redactPatterns: patterns, homeRegions, library }), configHash, values: readValueDecisions(db), decided: prepareDecidedValues(db) };
}

/** Between the short fields when they are scanned together: a paragraph break ends every detector's match. */
const FIELD_BREAK = '\n\n';

/** The title, tags and path an entry's findings were made from, compared in SQL to find stale scans. */
const FIELDS_SEEN = "e.title || char(0) || e.tags || char(0) || coalesce(d.rel_path, '')";

export interface ScanSummary {
  scanned: number;
  unchanged: number;
  findings: number;
  /** Finding decisions whose text is gone from their entry: kept, and flagged for review. */
  flagged: number;
}

/**
 * Brings findings up to date: an entry is scanned when it has never been scanned, its text
 * changed (text_hash), or the list, the always-redact rules or the detectors changed. Decisions
 * on findings are keyed by their text, so they follow the finding to its new position; a
 * decision whose text is no longer in the entry is kept and flagged for review, never deleted.
 */
export function scanEntries(db: Db, options: { entryIds?: readonly number[]; force?: boolean; setup?: ScanSetup } = {}): ScanSummary {
  const setup = options.setup ?? prepareScan(db);
  // Find stale entries in SQL first, so a queue refresh over years of journals reads no text.
  const candidates = options.entryIds ?? (db.prepare('SELECT id FROM entry WHERE removed = 0').pluck().all() as number[]);
  let wanted: readonly number[] = candidates;
  if (!options.force) {
    const staleIds = new Set(db.prepare(`SELECT e.id FROM entry e LEFT JOIN entry_scan sc ON sc.entry_id = e.id LEFT JOIN document d ON d.id = e.document_id
      WHERE e.removed = 0 AND (sc.entry_id IS NULL OR sc.text_hash != e.text_hash OR sc.config_hash != ? OR sc.fields_seen != ${FIELDS_SEEN})`).pluck().all(setup.configHash) as number[]);
    wanted = candidates.filter((id) => staleIds.has(id));
  }
  const summary: ScanSummary = { scanned: 0, unchanged: candidates.length - wanted.length, findings: 0, flagged: 0 };
  const stale = wanted.length === 0 ? [] : readEntries(db, wanted).filter((e) => !e.removed);
  // Detect outside the write transaction; write in chunks so a long scan does not hold the lock.
  for (let i = 0; i < stale.length; i += 200) {
    const chunk = stale.slice(i, i + 200).map((entry) => ({ entry, spans: detectEntry(setup, entry) }));
    db.transaction(() => {
      for (const { entry, spans } of chunk) {
        summary.flagged += storeFindings(db, entry, spans, setup.configHash);
        summary.findings += spans.length;
        summary.scanned++;
      }
    })();
  }
  return summary;
}

/** True when the entry's findings were made from its current text and the current setup. */
export function isScanFresh(db: Db, entry: EntryRow, configHash: string): boolean {
  const s = db.prepare(`SELECT sc.text_hash AS textHash, sc.config_hash AS configHash, sc.fields_seen = ${FIELDS_SEEN} AS fieldsSame
    FROM entry_scan sc JOIN entry e ON e.id = sc.entry_id LEFT JOIN document d ON d.id = e.document_id WHERE sc.entry_id = ?`)
    .get(entry.id) as { textHash: string; configHash: string; fieldsSame: number } | undefined;
  return s !== undefined && s.textHash === entry.textHash && s.configHash === configHash && s.fieldsSame === 1;
}

export interface FieldSpan extends DetectedSpan {
  field: FindingField;
  value: string;
}

/**
 * Findings in every field of an entry. A value found in one field is looked for in all of them,
 * so a name a detector recognised in the text ("lunch with Ana Souza") is also caught in a title
 * that says only "Ana Souza", and one decision covers both. The person's value decisions come
 * last: "not personal" values are dropped, "a person" / "a place" set the kind.
 */
export function detectEntry(setup: Pick<ScanSetup, 'scanner' | 'values' | 'decided'>, entry: Pick<EntryRow, 'text' | 'title' | 'tags' | 'relPath'>): FieldSpan[] {
  const texts = new Map(FINDING_FIELDS.map((field) => [field, fieldText(entry, field)]));
  const byField = new Map<FindingField, FieldSpan[]>(FINDING_FIELDS.map((field) => [field, []]));
  // The text alone, then the short fields together in one pass (a blank line between them keeps
  // them apart for every detector): one call per entry costs less than one per field.
  const short = FINDING_FIELDS.filter((f) => f !== 'text');
  const passes: { fields: FindingField[]; text: string; starts: number[] }[] = [{ fields: ['text'], text: texts.get('text') ?? '', starts: [0] }];
  const starts: number[] = [];
  let joined = '';
  for (const field of short) {
    starts.push(joined.length);
    joined += `${detectionText(field, texts.get(field) ?? '')}${FIELD_BREAK}`;
  }
  passes.push({ fields: short, text: joined, starts });
  for (const pass of passes) {
    if (pass.text.trim() === '') continue;
    const spans = setup.scanner.detect(pass.text);
    // A value the person called a person is found wherever it is written, like a listed name.
    for (const d of setup.decided?.detect(pass.text) ?? []) {
      if (!spans.some((s) => s.start < d.end && d.start < s.end)) spans.push(d);
    }
    for (const s of spans) {
      const i = pass.fields.findIndex((_f, n) => s.start >= (pass.starts[n] ?? 0) && (n + 1 >= pass.fields.length || s.start < (pass.starts[n + 1] ?? 0)));
      const field = pass.fields[i];
      const original = field === undefined ? '' : (texts.get(field) ?? '');
      const offset = pass.starts[i] ?? 0;
      // A span running past its field's end crossed the break: not a finding of either field.
      if (field === undefined || s.end - offset > original.length) continue;
      byField.get(field)?.push({ ...s, field, start: s.start - offset, end: s.end - offset, value: original.slice(s.start - offset, s.end - offset) });
    }
  }
  const seen = new Map<string, FieldSpan>();
  for (const spans of byField.values()) for (const s of spans) if (!seen.has(`${s.kind}\u0000${s.value}`)) seen.set(`${s.kind}\u0000${s.value}`, s);
  for (const source of seen.values()) {
    for (const field of FINDING_FIELDS) {
      const spans = byField.get(field) ?? [];
      for (const at of findOccurrences(texts.get(field) ?? '', source.value)) {
        const end = at + source.value.length;
        if (spans.some((s) => s.start < end && at < s.end)) continue;
        spans.push({ ...source, field, start: at, end });
      }
    }
  }
  const out: FieldSpan[] = [];
  for (const field of FINDING_FIELDS) {
    for (const s of (byField.get(field) ?? []).sort((a, b) => a.start - b.start)) {
      const decided = isCandidate(s) ? setup.values.get(valueKey(s.value)) : undefined;
      if (decided === 'not_personal') continue;
      out.push(decided === 'person' || decided === 'place' ? { ...s, kind: decided } : s);
    }
  }
  return out;
}

function storeFindings(db: Db, entry: EntryRow, spans: readonly FieldSpan[], configHash: string): number {
  db.prepare('DELETE FROM finding WHERE entry_id = ?').run(entry.id);
  const insert = db.prepare('INSERT INTO finding (entry_id, field, kind, start, end, value, detector, confidence, name_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let risk = 0;
  const present = new Set<string>();
  for (const s of spans) {
    const value = s.value;
    insert.run(entry.id, s.field, s.kind, s.start, s.end, value, s.detector, s.confidence, s.nameId ?? null);
    risk += KIND_SENSITIVITY[s.kind] * s.confidence;
    present.add(`${s.kind}\u0000${value}`);
  }
  db.prepare(`INSERT INTO entry_scan (entry_id, text_hash, config_hash, risk, scanned_at, fields_seen)
              SELECT e.id, ?, ?, ?, ?, ${FIELDS_SEEN} FROM entry e LEFT JOIN document d ON d.id = e.document_id WHERE e.id = ?
              ON CONFLICT (entry_id) DO UPDATE SET text_hash = excluded.text_hash, config_hash = excluded.config_hash,
              risk = excluded.risk, scanned_at = excluded.scanned_at, fields_seen = excluded.fields_seen`).run(entry.textHash, configHash, risk, new Date().toISOString(), entry.id);
  const decisions = db.prepare('SELECT kind, value, needs_review AS needsReview FROM finding_decision WHERE source_path = ? AND entry_key = ?')
    .all(entry.sourcePath, entry.key) as { kind: FindingKind; value: string; needsReview: number }[];
  const flag = db.prepare('UPDATE finding_decision SET needs_review = ? WHERE source_path = ? AND entry_key = ? AND kind = ? AND value = ?');
  let flagged = 0;
  for (const d of decisions) {
    const isPresent = present.has(`${d.kind}\u0000${d.value}`);
    if (!isPresent) flagged++;
    if ((d.needsReview !== 0) === isPresent) flag.run(isPresent ? 0 : 1, entry.sourcePath, entry.key, d.kind, d.value);
  }
  return flagged;
}
