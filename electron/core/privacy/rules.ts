import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { compileUserPattern, compileWord } from './safe-pattern.ts';
import { readEntries, type EntryRow } from './store.ts';

/**
 * Rules that scale review to years of journals: exclude whole folders, tags, date ranges or
 * search matches, and always redact certain words. Each is listed with how many entries it affects.
 */
export const RULE_TYPES = ['folder', 'tag', 'before', 'after', 'search', 'regex', 'redact_word', 'redact_regex'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export interface Rule {
  id: number;
  type: RuleType;
  value: string;
  enabled: boolean;
}

export const isExcludeRule = (type: RuleType): boolean => type !== 'redact_word' && type !== 'redact_regex';

interface RawRule { id: number; type: RuleType; value: string; enabled: number }
const toRule = (r: RawRule): Rule => ({ id: r.id, type: r.type, value: r.value, enabled: r.enabled !== 0 });

export function listRules(db: Db): Rule[] {
  return (db.prepare('SELECT id, type, value, enabled FROM privacy_rule ORDER BY id').all() as RawRule[]).map(toRule);
}

export function requireRule(db: Db, id: number): Rule {
  const raw = db.prepare('SELECT id, type, value, enabled FROM privacy_rule WHERE id = ?').get(id) as RawRule | undefined;
  if (!raw) throw new ConfidantError('not_found', `There is no rule ${id}. List rules with \`confidant privacy rules\`.`);
  return toRule(raw);
}

/** Checks and normalises a rule's value; every message says what a valid value looks like. */
export function validateRuleValue(db: Db, type: RuleType, raw: string): string {
  const value = raw.trim();
  switch (type) {
    case 'folder':
      if (value.length === 0) throw new ConfidantError('invalid_input', 'The folder is empty: give a folder inside a source (for example "work") or a full path.');
      return value.replace(/[/\\]+$/, '');
    case 'tag':
      if (value.replace(/^#/, '').length === 0) throw new ConfidantError('invalid_input', 'The tag is empty: give a tag such as "health".');
      return value.replace(/^#/, '').toLowerCase();
    case 'before':
    case 'after':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
        throw new ConfidantError('invalid_input', `The date "${raw}" is not a valid date: write it as YYYY-MM-DD, for example 2021-06-30.`);
      }
      return value;
    case 'search':
      try {
        db.prepare('SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?').pluck().get(value);
      } catch (error) {
        throw new ConfidantError('invalid_input', `The search "${raw}" is not a valid search (${(error as Error).message}). Use words, "quoted phrases", AND, OR, NOT.`, { cause: error });
      }
      return value;
    case 'regex':
    case 'redact_regex':
      compileUserPattern(value, 'rule pattern');
      return value;
    case 'redact_word':
      compileWord(value);
      return value;
  }
}

export function addRule(db: Db, type: RuleType, rawValue: string): Rule {
  const value = validateRuleValue(db, type, rawValue);
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO privacy_rule (type, value, enabled, created_at, updated_at) VALUES (?, ?, 1, ?, ?)
              ON CONFLICT (type, value) DO UPDATE SET enabled = 1, updated_at = excluded.updated_at`).run(type, value, now, now);
  const raw = db.prepare('SELECT id, type, value, enabled FROM privacy_rule WHERE type = ? AND value = ?').get(type, value) as RawRule;
  return toRule(raw);
}

export function updateRule(db: Db, id: number, change: { value?: string; enabled?: boolean }): Rule {
  const rule = requireRule(db, id);
  const value = change.value === undefined ? rule.value : validateRuleValue(db, rule.type, change.value);
  const enabled = change.enabled ?? rule.enabled;
  try {
    db.prepare('UPDATE privacy_rule SET value = ?, enabled = ?, updated_at = ? WHERE id = ?').run(value, enabled ? 1 : 0, new Date().toISOString(), id);
  } catch (error) {
    throw new ConfidantError('conflict', `Another ${rule.type} rule already has the value "${value}"; remove one of them.`, { cause: error });
  }
  return { ...rule, value, enabled };
}

export function removeRule(db: Db, id: number): void {
  requireRule(db, id);
  db.prepare('DELETE FROM privacy_rule WHERE id = ?').run(id);
}

/** The patterns of enabled always-redact rules, compiled for the scanner. */
export function redactPatterns(db: Db): RegExp[] {
  return listRules(db)
    .filter((r) => r.enabled && (r.type === 'redact_word' || r.type === 'redact_regex'))
    .map((r) => (r.type === 'redact_word' ? compileWord(r.value) : compileUserPattern(r.value, `pattern of rule ${r.id}`)));
}

function folderOf(entry: EntryRow): string {
  const rel = (entry.relPath ?? entry.key).replace(/\\/g, '/');
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

/** True when `rule` (an exclude rule) applies to `entry`. Search rules need the database. */
export function ruleMatchesEntry(db: Db, rule: Rule, entry: EntryRow): boolean {
  switch (rule.type) {
    case 'folder': {
      const folder = folderOf(entry);
      const absolute = `${entry.sourcePath.replace(/[/\\]+$/, '')}/${folder}`.replace(/\/$/, '');
      const target = rule.value.replace(/\\/g, '/');
      const within = (path: string) => path === target || path.startsWith(`${target}/`);
      return within(folder) || within(absolute);
    }
    case 'tag':
      return entry.tags.some((t) => t.replace(/^#/, '').toLowerCase() === rule.value);
    case 'before':
      return entry.day !== null && entry.day < rule.value;
    case 'after':
      return entry.day !== null && entry.day > rule.value;
    case 'search':
      // Not `MATCH ? AND rowid = ?` on the FTS table: SQLite 3.53 answers that with the wrong row.
      return db.prepare('SELECT 1 FROM entry WHERE id = ? AND id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)').get(entry.id, rule.value) !== undefined;
    case 'regex':
      return compileUserPattern(rule.value).test(entry.text);
    case 'redact_word':
      return compileWord(rule.value).test(entry.text);
    case 'redact_regex':
      return compileUserPattern(rule.value).test(entry.text);
  }
}

/** Ids of entries each rule applies to, computed once for a batch (review list, dataset build). */
export function matchRules(db: Db, rules: readonly Rule[], entries: readonly EntryRow[] = readEntries(db)): Map<number, Set<number>> {
  const result = new Map<number, Set<number>>();
  for (const rule of rules) {
    const ids = new Set<number>();
    if (rule.type === 'search') {
      const hits = new Set(db.prepare('SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?').pluck().all(rule.value) as number[]);
      for (const e of entries) if (hits.has(e.id)) ids.add(e.id);
    } else {
      const pattern = rule.type === 'regex' || rule.type === 'redact_regex' ? compileUserPattern(rule.value) : rule.type === 'redact_word' ? compileWord(rule.value) : undefined;
      for (const e of entries) {
        if (pattern) {
          pattern.lastIndex = 0;
          if (pattern.test(e.text)) ids.add(e.id);
        } else if (ruleMatchesEntry(db, rule, e)) ids.add(e.id);
      }
    }
    result.set(rule.id, ids);
  }
  return result;
}

export interface RuleWithCount extends Rule {
  /** How many present entries the rule excludes (or, for redact rules, contains the word). */
  affected: number;
}

export function listRulesWithCounts(db: Db): RuleWithCount[] {
  const rules = listRules(db);
  const matches = matchRules(db, rules);
  return rules.map((r) => ({ ...r, affected: matches.get(r.id)?.size ?? 0 }));
}

/** Entries a would-be rule matches, without storing a rule (for "include every entry tagged X"). */
export function matchEntries(db: Db, type: RuleType, rawValue: string): number[] {
  const value = validateRuleValue(db, type, rawValue);
  const transient: Rule = { id: 0, type, value, enabled: true };
  return [...(matchRules(db, [transient]).get(0) ?? [])];
}
