import type { privacyCalls } from '../../api/calls/privacy.ts';
import type { HandlersOf } from '../handler-types.ts';
import {
  describeRule, entryVerdict, findingActions, flaggedFindingDecisions, readEntryDecision, readFindings, setEntryDecision,
  setFindingDecision, setKindFindings, setRuleEntries,
} from './decisions.ts';
import { readHomeRegions, setHomeRegions } from './home-regions.ts';
import { getQueue } from './queue.ts';
import { addRule, listRulesWithCounts, matchEntries, removeRule, updateRule, type Rule } from './rules.ts';
import { scanEntries } from './scan.ts';
import { addName, listKindPolicies, listNames, removeName, requireEntry, resolveEntryRef, setKindPolicy } from './store.ts';
import { renderExample } from './rendered.ts';
import { getTrainingViews } from './training-view.ts';
import { exportDecisions, importDecisions } from './transfer.ts';
import { listValueGroups, readValueDecisions, setValueDecision } from './values.ts';
import type { Db } from '../db/index.ts';

function withCount(db: Db, rule: Rule) {
  const affected = listRulesWithCounts(db).find((r) => r.id === rule.id)?.affected ?? 0;
  return { ...rule, affected, description: describeRule(rule) };
}

export const privacyHandlers: HandlersOf<typeof privacyCalls> = {
  'privacy.scan': ({ force }, { db }) => {
    const started = performance.now();
    const summary = scanEntries(db, { force });
    return { ...summary, durationMs: Math.round(performance.now() - started) };
  },
  'privacy.listFindings': ({ kind, entryId, limit }, { db }) => {
    scanEntries(db, entryId === undefined ? {} : { entryIds: [entryId] });
    const where = ['e.removed = 0'];
    const args: (string | number)[] = [];
    if (kind) { where.push('f.kind = ?'); args.push(kind); }
    if (entryId !== undefined) { where.push('f.entry_id = ?'); args.push(entryId); }
    const total = db.prepare(`SELECT count(*) FROM finding f JOIN entry e ON e.id = f.entry_id WHERE ${where.join(' AND ')}`).pluck().get(...args) as number;
    const entryIds = db.prepare(`SELECT DISTINCT f.entry_id FROM finding f JOIN entry e ON e.id = f.entry_id WHERE ${where.join(' AND ')} ORDER BY f.entry_id`).pluck().all(...args) as number[];
    const policies = listKindPolicies(db);
    const values = readValueDecisions(db);
    const findings = [];
    for (const id of entryIds) {
      if (findings.length >= limit) break;
      const entry = requireEntry(db, id);
      const rows = readFindings(db, id).filter((f) => !kind || f.kind === kind);
      for (const f of findingActions(db, entry, rows, policies, values)) {
        const { nameId: _nameId, ...rest } = f;
        findings.push({ ...rest, entryTitle: entry.title });
      }
    }
    return { findings: findings.slice(0, limit), total };
  },
  'privacy.getQueue': (input, { db }) => getQueue(db, input),
  'privacy.getEntry': ({ entryId }, { db }) => {
    const [view] = getTrainingViews(db, [entryId]);
    const entry = requireEntry(db, entryId);
    const decision = readEntryDecision(db, entry);
    const findings = findingActions(db, entry, readFindings(db, entryId)).map(({ nameId: _nameId, ...f }) => f);
    const rendered = renderExample(db, entryId);
    return {
      entryId, title: entry.title, createdAt: entry.createdAt, day: entry.day, sourcePath: entry.sourcePath, key: entry.key, tags: entry.tags, text: entry.text,
      findings,
      verdict: view?.verdict ?? entryVerdict(db, entry),
      reviewed: decision?.reviewedAt != null,
      changedSinceReview: decision?.reviewedAt != null && decision.reviewedHash !== entry.textHash,
      flagged: flaggedFindingDecisions(db, entry),
      preview: view?.text ?? '',
      rendered: rendered.included ? { prompt: rendered.prompt, answer: rendered.answer, toReview: rendered.toReview } : null,
    };
  },
  'privacy.findEntry': ({ ref }, { db }) => ({ entryId: resolveEntryRef(db, ref) }),
  'privacy.setEntryDecision': ({ entryIds, match, decision }, { db }) => ({
    changed: setEntryDecision(db, entryIds ?? (match ? matchEntries(db, match.type, match.value) : []), decision),
  }),
  'privacy.setFindingDecision': ({ findingIds, action }, { db }) => ({ changed: setFindingDecision(db, findingIds, action) }),
  'privacy.decideKind': ({ kind, action, ruleId }, { db }) => {
    scanEntries(db);
    return { changed: setKindFindings(db, kind, action, ruleId) };
  },
  'privacy.decideRule': ({ ruleId, decision }, { db }) => ({ changed: setRuleEntries(db, ruleId, decision) }),
  'privacy.listKindPolicies': (_input, { db }) => ({ policies: listKindPolicies(db) }),
  'privacy.getHomeRegions': (_input, { db }) => readHomeRegions(db),
  'privacy.setHomeRegions': ({ regions }, { db }) => setHomeRegions(db, regions),
  'privacy.setKindPolicy': ({ kind, action, style }, { db }) => setKindPolicy(db, kind, { ...(action ? { action } : {}), ...(style ? { style } : {}) }),
  'privacy.listRules': (_input, { db }) => ({ rules: listRulesWithCounts(db).map((r) => ({ ...r, description: describeRule(r) })) }),
  'privacy.addRule': ({ type, value }, { db }) => withCount(db, addRule(db, type, value)),
  'privacy.updateRule': ({ id, value, enabled }, { db }) => withCount(db, updateRule(db, id, { ...(value !== undefined ? { value } : {}), ...(enabled !== undefined ? { enabled } : {}) })),
  'privacy.removeRule': ({ id }, { db }) => {
    removeRule(db, id);
    return { removed: id };
  },
  'privacy.listNames': (_input, { db }) => ({ names: listNames(db).map((n) => ({ ...n, aliases: [...n.aliases] })) }),
  'privacy.addName': (input, { db }) => {
    const added = addName(db, input);
    return { ...added, aliases: [...added.aliases] };
  },
  'privacy.removeName': ({ id }, { db }) => {
    removeName(db, id);
    return { removed: id };
  },
  'privacy.preview': ({ entryId }, { db }) => {
    requireEntry(db, entryId);
    const [view] = getTrainingViews(db, [entryId]);
    const rendered = renderExample(db, entryId);
    return {
      entryId, included: view?.included ?? false, text: view?.text ?? '', reason: view?.verdict.reason ?? '', redactions: view?.redactions ?? 0,
      prompt: rendered.prompt, answer: rendered.answer, toReview: rendered.toReview,
    };
  },
  'privacy.listValues': (input, { db }) => listValueGroups(db, input),
  'privacy.decideValue': ({ value, decision }, { db }) => setValueDecision(db, value, decision),
  'privacy.exportDecisions': (_input, { db }) => ({ document: exportDecisions(db) }),
  'privacy.importDecisions': ({ document, fileName }, { db }) => importDecisions(db, document, fileName),
};
