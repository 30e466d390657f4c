import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { CONFIDENT, type FindingAction, type FindingKind, type KindPolicy, type RedactionStyle } from './kinds.ts';
import { isExcludeRule, listRules, matchRules, ruleMatchesEntry, type Rule } from './rules.ts';
import type { FindingField } from './fields.ts';
import { listKindPolicies, readEntries, requireEntry, type EntryRow } from './store.ts';
import { isCandidate, readValueDecisions, valueKey, type ValueDecision } from './values.ts';

/** Why an entry is in or out, in words a person understands. */
export interface EntryVerdict {
  included: boolean;
  /** 'entry': the person decided this entry; 'rule': a rule; 'source': the source's default. */
  by: 'entry' | 'rule' | 'source';
  reason: string;
  ruleId?: number;
}

export interface EntryDecisionRow {
  decision: 'include' | 'exclude' | null;
  reviewedAt: string | null;
  reviewedHash: string | null;
}

export function readEntryDecision(db: Db, entry: Pick<EntryRow, 'sourcePath' | 'key'>): EntryDecisionRow | undefined {
  return db.prepare('SELECT decision, reviewed_at AS reviewedAt, reviewed_hash AS reviewedHash FROM entry_decision WHERE source_path = ? AND entry_key = ?')
    .get(entry.sourcePath, entry.key) as EntryDecisionRow | undefined;
}

export function describeRule(rule: Rule): string {
  switch (rule.type) {
    case 'folder': return `folder "${rule.value}"`;
    case 'tag': return `tag #${rule.value}`;
    case 'before': return `written before ${rule.value}`;
    case 'after': return `written after ${rule.value}`;
    case 'search': return `matches search "${rule.value}"`;
    case 'regex': return `matches /${rule.value}/`;
    case 'redact_word': return `always redact "${rule.value}"`;
    case 'redact_regex': return `always redact /${rule.value}/`;
  }
}

/**
 * Precedence: the person's decision on this entry, then any enabled exclude rule, then the
 * source's default. `ruleHits` lets batch callers evaluate each rule once for all entries.
 */
export function entryVerdict(db: Db, entry: EntryRow, rules: readonly Rule[] = listRules(db), ruleHits?: Map<number, Set<number>>): EntryVerdict {
  const own = readEntryDecision(db, entry);
  if (own?.decision) return { included: own.decision === 'include', by: 'entry', reason: own.decision === 'include' ? 'You included this entry.' : 'You excluded this entry.' };
  for (const rule of rules) {
    if (!rule.enabled || !isExcludeRule(rule.type)) continue;
    const hit = ruleHits ? ruleHits.get(rule.id)?.has(entry.id) === true : ruleMatchesEntry(db, rule, entry);
    if (hit) return { included: false, by: 'rule', reason: `Excluded by rule ${rule.id}: ${describeRule(rule)}.`, ruleId: rule.id };
  }
  return entry.sourceDefault === 'include'
    ? { included: true, by: 'source', reason: 'Included: its source includes entries unless you exclude them.' }
    : { included: false, by: 'source', reason: 'Excluded: its source excludes entries unless you include them.' };
}

/** Include, exclude, or (null) hand the entry back to rules and the source default. Marks it reviewed. */
export function setEntryDecision(db: Db, entryIds: readonly number[], decision: 'include' | 'exclude' | null): number {
  const now = new Date().toISOString();
  const upsert = db.prepare(`INSERT INTO entry_decision (source_path, entry_key, decision, reviewed_at, reviewed_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (source_path, entry_key) DO UPDATE SET decision = excluded.decision, reviewed_at = excluded.reviewed_at,
    reviewed_hash = excluded.reviewed_hash, updated_at = excluded.updated_at`);
  db.transaction(() => {
    for (const id of entryIds) {
      const entry = requireEntry(db, id);
      upsert.run(entry.sourcePath, entry.key, decision, now, entry.textHash, now);
    }
  })();
  return entryIds.length;
}

export interface FindingRow {
  id: number;
  entryId: number;
  /** Which part of the entry: its text, title, tags (one a line) or path; start/end index into it. */
  field: FindingField;
  kind: FindingKind;
  start: number;
  end: number;
  value: string;
  detector: string;
  confidence: number;
  nameId: number | null;
}

export interface FindingWithAction extends FindingRow {
  action: FindingAction;
  /**
   * 'finding': the person decided this one; 'rule': an always-redact rule; 'value': the person's
   * decision on every mention of this value; 'kind': the kind's default.
   */
  actionBy: 'finding' | 'rule' | 'value' | 'kind';
  style: RedactionStyle;
  /** A guess below CONFIDENT that nobody decided: the dataset build asks before redacting it. */
  toReview: boolean;
}

const FINDING_SELECT = 'SELECT id, entry_id AS entryId, field, kind, start, end, value, detector, confidence, name_id AS nameId FROM finding';

export function readFindings(db: Db, entryId: number): FindingRow[] {
  return db.prepare(`${FINDING_SELECT} WHERE entry_id = ? ORDER BY field = 'text' DESC, field, start`).all(entryId) as FindingRow[];
}

export function requireFinding(db: Db, findingId: number): FindingRow {
  const row = db.prepare(`${FINDING_SELECT} WHERE id = ?`).get(findingId) as FindingRow | undefined;
  if (!row) throw new ConfidantError('not_found', `There is no finding ${findingId}; the entry may have been scanned again. Reload the review.`);
  return row;
}

/**
 * Precedence: the person's decision on this text in this entry, then always-redact rules, then
 * their decision on the value ("a person"), then the kind's default, which applies silently only
 * from CONFIDENT up: a guess below it is marked to review.
 */
export function findingActions(
  db: Db, entry: Pick<EntryRow, 'sourcePath' | 'key'>, findings: readonly FindingRow[],
  policies: readonly KindPolicy[] = listKindPolicies(db), values: ReadonlyMap<string, ValueDecision> = readValueDecisions(db),
): FindingWithAction[] {
  const own = new Map(
    (db.prepare('SELECT kind, value, action FROM finding_decision WHERE source_path = ? AND entry_key = ?').all(entry.sourcePath, entry.key) as { kind: string; value: string; action: FindingAction }[])
      .map((d) => [`${d.kind}\u0000${d.value}`, d.action]),
  );
  const policy = new Map(policies.map((p) => [p.kind, p]));
  return findings.map((f) => {
    const kindPolicy = policy.get(f.kind);
    const style = kindPolicy?.style ?? 'placeholder';
    const decided = own.get(`${f.kind}\u0000${f.value}`);
    if (decided) return { ...f, action: decided, actionBy: 'finding', style, toReview: false };
    if (f.detector === 'rule') return { ...f, action: 'redact', actionBy: 'rule', style, toReview: false };
    const action = kindPolicy?.action ?? 'redact';
    const byValue = isCandidate(f) ? values.get(valueKey(f.value)) : undefined;
    if (byValue === 'person' || byValue === 'place') return { ...f, action, actionBy: 'value', style, toReview: false };
    return { ...f, action, actionBy: 'kind', style, toReview: action === 'redact' && f.confidence < CONFIDENT };
  });
}

/** Redact or keep findings; null returns them to the kind's default. The decision follows the text. */
export function setFindingDecision(db: Db, findingIds: readonly number[], action: FindingAction | null): number {
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of findingIds) {
      const finding = requireFinding(db, id);
      const entry = requireEntry(db, finding.entryId);
      if (action === null) {
        db.prepare('DELETE FROM finding_decision WHERE source_path = ? AND entry_key = ? AND kind = ? AND value = ?').run(entry.sourcePath, entry.key, finding.kind, finding.value);
      } else {
        db.prepare(`INSERT INTO finding_decision (source_path, entry_key, kind, value, action, needs_review, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)
          ON CONFLICT (source_path, entry_key, kind, value) DO UPDATE SET action = excluded.action, needs_review = 0, updated_at = excluded.updated_at`)
          .run(entry.sourcePath, entry.key, finding.kind, finding.value, action, now);
      }
    }
  })();
  return findingIds.length;
}

/** Bulk action: decide every current finding of one kind (optionally only in entries a rule matches). */
export function setKindFindings(db: Db, kind: FindingKind, action: FindingAction, ruleId?: number): number {
  let ids = db.prepare('SELECT f.id FROM finding f JOIN entry e ON e.id = f.entry_id WHERE f.kind = ? AND e.removed = 0').pluck().all(kind) as number[];
  if (ruleId !== undefined) {
    const rule = listRules(db).find((r) => r.id === ruleId);
    if (!rule) throw new ConfidantError('not_found', `There is no rule ${ruleId}.`);
    const hits = matchRules(db, [rule]).get(rule.id) ?? new Set<number>();
    const entryOf = db.prepare('SELECT entry_id FROM finding WHERE id = ?').pluck();
    ids = ids.filter((id) => hits.has(entryOf.get(id) as number));
  }
  return setFindingDecision(db, ids, action);
}

/** Bulk action: include or exclude every entry a rule matches, marking them reviewed. */
export function setRuleEntries(db: Db, ruleId: number, decision: 'include' | 'exclude'): number {
  const rule = listRules(db).find((r) => r.id === ruleId);
  if (!rule) throw new ConfidantError('not_found', `There is no rule ${ruleId}. List rules with \`confidant privacy rules\`.`);
  const ids = [...(matchRules(db, [rule], readEntries(db)).get(rule.id) ?? [])];
  return setEntryDecision(db, ids, decision);
}

/** Decisions on text that is no longer in its entry, waiting for the person to look again. */
export function flaggedFindingDecisions(db: Db, entry: Pick<EntryRow, 'sourcePath' | 'key'>): { kind: FindingKind; value: string; action: FindingAction }[] {
  return db.prepare('SELECT kind, value, action FROM finding_decision WHERE source_path = ? AND entry_key = ? AND needs_review = 1 ORDER BY kind, value')
    .all(entry.sourcePath, entry.key) as { kind: FindingKind; value: string; action: FindingAction }[];
}

/** Dismisses flags on an entry once the person has looked at it again. */
export function clearFlags(db: Db, entry: Pick<EntryRow, 'sourcePath' | 'key'>): void {
  db.prepare('DELETE FROM finding_decision WHERE source_path = ? AND entry_key = ? AND needs_review = 1').run(entry.sourcePath, entry.key);
}
