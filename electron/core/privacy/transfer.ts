import { z } from 'zod';
import { parseUnknown } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { FINDING_KINDS, REDACTION_STYLES } from './kinds.ts';
import { RULE_TYPES, addRule, listRules } from './rules.ts';
import { addName, listKindPolicies, listNames, setKindPolicy } from './store.ts';
import { VALUE_DECISIONS, valueKey } from './values.ts';

/** The decisions file a person can back up and restore: everything that is their work. */
export const DecisionsFile = z.object({
  format: z.literal('confidant-privacy-decisions'),
  version: z.literal(1),
  exportedAt: z.string(),
  entries: z.array(z.object({
    source: z.string().min(1),
    key: z.string().min(1),
    decision: z.enum(['include', 'exclude']).nullable(),
    reviewedAt: z.string().nullable(),
    reviewedHash: z.string().nullable(),
  })),
  findings: z.array(z.object({
    source: z.string().min(1),
    key: z.string().min(1),
    kind: z.enum(FINDING_KINDS),
    value: z.string().min(1),
    action: z.enum(['redact', 'keep']),
    needsReview: z.boolean(),
  })),
  kinds: z.array(z.object({ kind: z.enum(FINDING_KINDS), action: z.enum(['redact', 'keep']), style: z.enum(REDACTION_STYLES) })),
  rules: z.array(z.object({ type: z.enum(RULE_TYPES), value: z.string(), enabled: z.boolean() })),
  names: z.array(z.object({ name: z.string().min(1), kind: z.enum(['person', 'place']), aliases: z.array(z.string()) })),
  /** Decisions on unlisted values ("Obsidian" is not personal); absent from files written before they existed. */
  values: z.array(z.object({ value: z.string().min(1), decision: z.enum(VALUE_DECISIONS) })).default([]),
});
export type DecisionsFile = z.infer<typeof DecisionsFile>;

export function exportDecisions(db: Db): DecisionsFile {
  const entries = db.prepare('SELECT source_path AS source, entry_key AS key, decision, reviewed_at AS reviewedAt, reviewed_hash AS reviewedHash FROM entry_decision ORDER BY source_path, entry_key').all() as DecisionsFile['entries'];
  const findings = (db.prepare('SELECT source_path AS source, entry_key AS key, kind, value, action, needs_review AS needsReview FROM finding_decision ORDER BY source_path, entry_key, kind, value').all() as (Omit<DecisionsFile['findings'][number], 'needsReview'> & { needsReview: number })[])
    .map((f) => ({ ...f, needsReview: f.needsReview !== 0 }));
  return {
    format: 'confidant-privacy-decisions',
    version: 1,
    exportedAt: new Date().toISOString(),
    entries,
    findings,
    kinds: listKindPolicies(db),
    rules: listRules(db).map((r) => ({ type: r.type, value: r.value, enabled: r.enabled })),
    names: listNames(db).map((n) => ({ name: n.name, kind: n.kind, aliases: [...n.aliases] })),
    values: db.prepare('SELECT value, decision FROM value_decision ORDER BY value_key').all() as DecisionsFile['values'],
  };
}

export interface ImportSummary { entries: number; findings: number; kinds: number; rules: number; names: number; values: number }

/**
 * Restores a decisions file. Validated as a whole before anything is written (a bad file changes
 * nothing, and the message names the field); then merged: what the file says wins over what is here.
 */
export function importDecisions(db: Db, document: unknown, fileName = 'decisions file'): ImportSummary {
  const file = parseUnknown(DecisionsFile, document, fileName);
  db.transaction(() => {
    const entry = db.prepare(`INSERT INTO entry_decision (source_path, entry_key, decision, reviewed_at, reviewed_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (source_path, entry_key) DO UPDATE SET decision = excluded.decision, reviewed_at = excluded.reviewed_at, reviewed_hash = excluded.reviewed_hash, updated_at = excluded.updated_at`);
    const now = new Date().toISOString();
    for (const e of file.entries) entry.run(e.source, e.key, e.decision, e.reviewedAt, e.reviewedHash, now);
    const finding = db.prepare(`INSERT INTO finding_decision (source_path, entry_key, kind, value, action, needs_review, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source_path, entry_key, kind, value) DO UPDATE SET action = excluded.action, needs_review = excluded.needs_review, updated_at = excluded.updated_at`);
    for (const f of file.findings) finding.run(f.source, f.key, f.kind, f.value, f.action, f.needsReview ? 1 : 0, now);
    for (const k of file.kinds) setKindPolicy(db, k.kind, { action: k.action, style: k.style });
    for (const r of file.rules) {
      const rule = addRule(db, r.type, r.value);
      if (!r.enabled) db.prepare('UPDATE privacy_rule SET enabled = 0 WHERE id = ?').run(rule.id);
    }
    for (const n of file.names) addName(db, n);
    const value = db.prepare(`INSERT INTO value_decision (value_key, value, decision, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (value_key) DO UPDATE SET decision = excluded.decision, updated_at = excluded.updated_at`);
    for (const v of file.values) value.run(valueKey(v.value), v.value, v.decision, now);
    // Findings were made without these decisions: scan again (lazily, on the next read).
    if (file.values.length > 0) db.prepare("UPDATE entry_scan SET config_hash = ''").run();
  })();
  return { entries: file.entries.length, findings: file.findings.length, kinds: file.kinds.length, rules: file.rules.length, names: file.names.length, values: file.values.length };
}
