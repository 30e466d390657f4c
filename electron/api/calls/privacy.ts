import { z } from 'zod';
import { defineCall } from '../define.ts';

/** Mirrors electron/core/privacy/kinds.ts; the contract cannot import the core. */
export const FindingKind = z.enum(['email', 'phone', 'url', 'ip', 'card', 'iban', 'ssn', 'address', 'dob', 'person', 'place', 'custom']);
export type FindingKind = z.infer<typeof FindingKind>;
export const RedactionStyle = z.enum(['pseudonym', 'placeholder', 'drop']);
export const FindingAction = z.enum(['redact', 'keep']);
export const EntryDecision = z.enum(['include', 'exclude']);
export const RuleType = z.enum(['folder', 'tag', 'before', 'after', 'search', 'regex', 'redact_word', 'redact_regex']);
export type RuleType = z.infer<typeof RuleType>;

const Id = z.number().int().positive();

/** Where a finding is: the entry's text, its title, its tags (one a line) or its path. */
export const FindingField = z.enum(['text', 'title', 'tags', 'path']);
export type FindingField = z.infer<typeof FindingField>;

export const Finding = z.object({
  id: Id,
  entryId: Id,
  field: FindingField,
  kind: FindingKind,
  start: z.number().int(),
  end: z.number().int(),
  value: z.string(),
  detector: z.string(),
  confidence: z.number(),
  action: FindingAction,
  actionBy: z.enum(['finding', 'rule', 'value', 'kind']).describe('Who decided: the person on this finding, an always-redact rule, the person on every mention of this value, or the kind default'),
  style: RedactionStyle,
  /** A guess below the confidence at which defaults apply, not yet decided: a dataset build asks first. */
  toReview: z.boolean(),
});
export type Finding = z.infer<typeof Finding>;

/** A piece of a rendered example: plain text, or a stand-in that replaced a finding of `kind`. */
export const MarkedSegment = z.object({ text: z.string(), kind: FindingKind.optional(), state: z.enum(['redacted', 'review']).optional() });
export type MarkedSegment = z.infer<typeof MarkedSegment>;

/** One whole training example (prompt and answer) with every redaction marked. */
export const RenderedExample = z.object({ prompt: z.array(MarkedSegment), answer: z.array(MarkedSegment), toReview: z.number().int() });
export type RenderedExample = z.infer<typeof RenderedExample>;

export const ValueDecision = z.enum(['person', 'place', 'not_personal', 'each']);
export type ValueDecision = z.infer<typeof ValueDecision>;

/** Unlisted candidates of one value across the library, decided at once. */
export const ValueGroup = z.object({
  value: z.string(),
  kind: z.enum(['person', 'place']),
  mentions: z.number().int(),
  entries: z.number().int(),
  toReview: z.number().int(),
  decision: ValueDecision.nullable(),
  samples: z.array(z.object({ entryId: Id, title: z.string(), snippet: z.string() })),
});
export type ValueGroup = z.infer<typeof ValueGroup>;

export const Verdict = z.object({
  included: z.boolean(),
  by: z.enum(['entry', 'rule', 'source']),
  reason: z.string(),
  ruleId: Id.optional(),
});

export const QueueItem = z.object({
  entryId: Id,
  title: z.string(),
  createdAt: z.string().nullable(),
  sourcePath: z.string(),
  key: z.string(),
  risk: z.number(),
  findingCounts: z.partialRecord(FindingKind, z.number().int()),
  included: z.boolean(),
  reviewed: z.boolean(),
  flagged: z.number().int(),
  changedSinceReview: z.boolean(),
  /** Unsure findings nobody has decided yet (a dataset build asks before redacting them). */
  toReview: z.number().int(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const ReviewEntry = z.object({
  entryId: Id,
  title: z.string(),
  createdAt: z.string().nullable(),
  /** The local day it was written on, as prompts and date rules use it; null for an undated note. */
  day: z.string().nullable(),
  sourcePath: z.string(),
  key: z.string(),
  tags: z.array(z.string()),
  text: z.string(),
  findings: z.array(Finding),
  verdict: Verdict,
  reviewed: z.boolean(),
  changedSinceReview: z.boolean(),
  flagged: z.array(z.object({ kind: FindingKind, value: z.string(), action: FindingAction })),
  /** Exactly what the model will see: redactions applied, empty when excluded. */
  preview: z.string(),
  /** The instruct example the dataset would hold, redactions marked; null when excluded. */
  rendered: RenderedExample.nullable(),
});
export type ReviewEntry = z.infer<typeof ReviewEntry>;

export const Rule = z.object({ id: Id, type: RuleType, value: z.string(), enabled: z.boolean(), affected: z.number().int(), description: z.string() });
export type Rule = z.infer<typeof Rule>;
export const KindPolicy = z.object({ kind: FindingKind, action: FindingAction, style: RedactionStyle });
export type KindPolicy = z.infer<typeof KindPolicy>;
export const ListedName = z.object({ id: Id, name: z.string(), kind: z.enum(['person', 'place']), aliases: z.array(z.string()) });
export type ListedName = z.infer<typeof ListedName>;

export const privacyCalls = {
  /** Finds personal data in every entry whose text, or the person's list and rules, changed since the last scan. */
  'privacy.scan': defineCall({
    summary: 'Scan entries for personal data (only what changed, unless force)',
    input: z.object({ force: z.boolean().default(false) }).strict(),
    output: z.object({ scanned: z.number().int(), unchanged: z.number().int(), findings: z.number().int(), flagged: z.number().int(), durationMs: z.number() }),
  }),
  /** Findings with the action that applies to each, filtered by kind or entry. */
  'privacy.listFindings': defineCall({
    summary: 'List findings, optionally of one kind or one entry',
    input: z.object({ kind: FindingKind.optional(), entryId: Id.optional(), limit: z.number().int().positive().max(10_000).default(500) }).strict(),
    output: z.object({ findings: z.array(Finding.extend({ entryTitle: z.string() })), total: z.number().int() }),
  }),
  /** The review queue, riskiest first, with progress ("412 of 1,204 reviewed"). */
  'privacy.getQueue': defineCall({
    summary: 'Review queue ordered by risk, with progress',
    input: z.object({ filter: z.enum(['all', 'unreviewed', 'flagged']).default('all'), offset: z.number().int().min(0).default(0), limit: z.number().int().positive().max(1000).default(100) }).strict(),
    output: z.object({ items: z.array(QueueItem), total: z.number().int(), reviewed: z.number().int(), totalEntries: z.number().int() }),
  }),
  /** One entry for review: its text, findings, why it is in or out, and what the model will see. */
  'privacy.getEntry': defineCall({
    summary: 'One entry with findings, verdict and the exact training text',
    input: z.object({ entryId: Id }).strict(),
    output: ReviewEntry,
  }),
  /** Finds an entry by number or key, as typed on the command line. */
  'privacy.findEntry': defineCall({
    summary: 'Resolve an entry number or key to an entry id',
    input: z.object({ ref: z.string().min(1) }).strict(),
    output: z.object({ entryId: Id }),
  }),
  /**
   * Include or exclude entries (null: back to rules and the source default), given by id or by
   * what they match (a tag, folder, date, search), without creating a rule. Marks them reviewed.
   */
  'privacy.setEntryDecision': defineCall({
    summary: 'Include or exclude entries',
    input: z.object({
      entryIds: z.array(Id).min(1).optional(),
      match: z.object({ type: RuleType, value: z.string() }).optional(),
      decision: EntryDecision.nullable(),
    }).strict().refine((v) => (v.entryIds === undefined) !== (v.match === undefined), { message: 'give either entryIds or match, not both' }),
    output: z.object({ changed: z.number().int() }),
  }),
  /** Redact or keep findings (null: back to the kind default). The decision follows the text through edits. */
  'privacy.setFindingDecision': defineCall({
    summary: 'Redact or keep findings',
    input: z.object({ findingIds: z.array(Id).min(1), action: FindingAction.nullable() }).strict(),
    output: z.object({ changed: z.number().int() }),
  }),
  /** Bulk: redact or keep every current finding of a kind, optionally only in entries a rule matches. */
  'privacy.decideKind': defineCall({
    summary: 'Redact or keep every finding of one kind',
    input: z.object({ kind: FindingKind, action: FindingAction, ruleId: Id.optional() }).strict(),
    output: z.object({ changed: z.number().int() }),
  }),
  /** Bulk: include or exclude every entry a rule matches. */
  'privacy.decideRule': defineCall({
    summary: 'Include or exclude every entry a rule matches',
    input: z.object({ ruleId: Id, decision: EntryDecision }).strict(),
    output: z.object({ changed: z.number().int() }),
  }),
  'privacy.listKindPolicies': defineCall({
    summary: 'The default action and redaction style of every kind',
    input: z.object({}).strict(),
    output: z.object({ policies: z.array(KindPolicy) }),
  }),
  /** Sets a kind's default action and/or redaction style (pseudonym, placeholder, drop the sentence). */
  'privacy.setKindPolicy': defineCall({
    summary: "Set a kind's default action and redaction style",
    input: z.object({ kind: FindingKind, action: FindingAction.optional(), style: RedactionStyle.optional() }).strict(),
    output: KindPolicy,
  }),
  /** The countries whose national phone formats are looked for ("412 34 567" in NO); from the OS locale until set. */
  'privacy.getHomeRegions': defineCall({
    summary: 'The home regions used to find national phone numbers',
    input: z.object({}).strict(),
    output: z.object({ regions: z.array(z.string()), isDefault: z.boolean() }),
  }),
  /** Sets the home regions (two-letter country codes); an unknown code is refused by name. Entries scan again. */
  'privacy.setHomeRegions': defineCall({
    summary: 'Set the home regions used to find national phone numbers',
    input: z.object({ regions: z.array(z.string().min(1).max(3)).max(20) }).strict(),
    output: z.object({ regions: z.array(z.string()), isDefault: z.boolean() }),
  }),
  'privacy.listRules': defineCall({
    summary: 'Rules with how many entries each affects',
    input: z.object({}).strict(),
    output: z.object({ rules: z.array(Rule) }),
  }),
  /** Adds a rule; an invalid date, search or pattern is refused with a message saying how to fix it. */
  'privacy.addRule': defineCall({
    summary: 'Add an exclude or always-redact rule',
    input: z.object({ type: RuleType, value: z.string() }).strict(),
    output: Rule,
  }),
  'privacy.updateRule': defineCall({
    summary: "Change a rule's value or turn it on or off",
    input: z.object({ id: Id, value: z.string().optional(), enabled: z.boolean().optional() }).strict(),
    output: Rule,
  }),
  'privacy.removeRule': defineCall({
    summary: 'Remove a rule',
    input: z.object({ id: Id }).strict(),
    output: z.object({ removed: Id }),
  }),
  'privacy.listNames': defineCall({
    summary: 'The people and places list',
    input: z.object({}).strict(),
    output: z.object({ names: z.array(ListedName) }),
  }),
  /** Adds a person or place with aliases; an existing name gets the new aliases merged in. */
  'privacy.addName': defineCall({
    summary: 'Add a person or place (with aliases) to the list',
    input: z.object({ name: z.string(), kind: z.enum(['person', 'place']).default('person'), aliases: z.array(z.string()).default([]) }).strict(),
    output: ListedName,
  }),
  'privacy.removeName': defineCall({
    summary: 'Remove a person or place from the list',
    input: z.object({ id: Id }).strict(),
    output: z.object({ removed: Id }),
  }),
  /** The exact text that would be trained on, the whole rendered example with redactions marked, and why the entry is in or out. */
  'privacy.preview': defineCall({
    summary: 'Exactly what the model will see of one entry',
    input: z.object({ entryId: Id }).strict(),
    output: z.object({
      entryId: Id, included: z.boolean(), text: z.string(), reason: z.string(), redactions: z.number().int(),
      prompt: z.array(MarkedSegment), answer: z.array(MarkedSegment), toReview: z.number().int(),
    }),
  }),
  /**
   * Unlisted person and place candidates grouped by value ("Obsidian: 230 mentions in 96
   * entries"), ordered by how much one decision settles; `decided` lists values already decided.
   */
  'privacy.listValues': defineCall({
    summary: 'Unlisted names and places grouped by value, biggest first',
    input: z.object({ state: z.enum(['open', 'decided']).default('open'), offset: z.number().int().min(0).default(0), limit: z.number().int().positive().max(1000).default(50) }).strict(),
    output: z.object({ values: z.array(ValueGroup), total: z.number().int(), toReview: z.number().int() }),
  }),
  /**
   * One decision for every unlisted mention of a value, now and in future scans: a person or a
   * place (redacted as its kind is), not personal (never flagged again), or each (decide one by
   * one). null undoes the decision.
   */
  'privacy.decideValue': defineCall({
    summary: 'Decide every unlisted mention of a value at once',
    input: z.object({ value: z.string().min(1), decision: ValueDecision.nullable() }).strict(),
    output: z.object({ value: z.string(), decision: ValueDecision.nullable(), mentions: z.number().int(), entries: z.number().int() }),
  }),
  /** Every decision, rule, kind policy and listed name, as a JSON document to back up. */
  'privacy.exportDecisions': defineCall({
    summary: 'Export all privacy decisions as JSON',
    input: z.object({}).strict(),
    output: z.object({ document: z.record(z.string(), z.unknown()) }),
  }),
  /** Restores a decisions document; a damaged one changes nothing and the message names the field. */
  'privacy.importDecisions': defineCall({
    summary: 'Import privacy decisions from JSON',
    input: z.object({ document: z.unknown(), fileName: z.string().optional() }).strict(),
    output: z.object({ entries: z.number().int(), findings: z.number().int(), kinds: z.number().int(), rules: z.number().int(), names: z.number().int(), values: z.number().int() }),
  }),
};
