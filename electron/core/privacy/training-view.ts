import type { Db } from '../db/index.ts';
import { entryVerdict, findingActions, readFindings, type EntryVerdict } from './decisions.ts';
import { PseudonymBook, applyRedactions } from './redact.ts';
import { listRules, matchRules } from './rules.ts';
import { isScanFresh, prepareScan, scanEntries, type ScanSetup } from './scan.ts';
import { listKindPolicies, readEntries, readEntry } from './store.ts';

/**
 * What the model may see of one entry: whether it is included, and its text with every redaction
 * applied. The dataset builder and grounded chat read entries ONLY through this module, so the
 * privacy promise (design.md, promise 2) is kept in one place. Findings are brought up to date
 * first: an entry edited since its last scan is scanned again before any of its text is returned.
 */
export interface TrainingView {
  entryId: number;
  included: boolean;
  /** The text with redactions applied; empty when not included. */
  text: string;
}

export interface TrainingViewDetail extends TrainingView {
  verdict: EntryVerdict;
  redactions: number;
}

/** One entry; for many, use `getTrainingViews`, which evaluates rules and the scan setup once. */
export function getTrainingView(db: Db, entryId: number): TrainingView {
  const [view] = getTrainingViews(db, [entryId]);
  return view ? { entryId, included: view.included, text: view.text } : { entryId, included: false, text: '' };
}

/**
 * Many entries with one pseudonym book: the same real value gets the same stand-in across the
 * whole batch (and across builds, since the book is stored). Entries that no longer exist, or
 * were removed from their source, come back as not included.
 */
export function getTrainingViews(db: Db, entryIds: readonly number[], options: { book?: PseudonymBook; setup?: ScanSetup } = {}): TrainingViewDetail[] {
  const setup = options.setup ?? prepareScan(db);
  const entries = readEntries(db, entryIds);
  const stale = entries.filter((e) => !e.removed && !isScanFresh(db, e, setup.configHash)).map((e) => e.id);
  if (stale.length > 0) scanEntries(db, { entryIds: stale, setup });
  const rules = listRules(db);
  const hits = entryIds.length > 20 ? matchRules(db, rules, entries) : undefined;
  const policies = listKindPolicies(db);
  const book = options.book ?? new PseudonymBook(db);
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entryIds.map((entryId) => {
    const entry = byId.get(entryId) ?? readEntry(db, entryId);
    if (!entry || entry.removed) {
      return { entryId, included: false, text: '', redactions: 0, verdict: { included: false, by: 'entry', reason: 'The entry is no longer in its source.' } };
    }
    const verdict = entryVerdict(db, entry, rules, hits);
    if (!verdict.included) return { entryId, included: false, text: '', redactions: 0, verdict };
    const findings = findingActions(db, entry, readFindings(db, entry.id), policies);
    const text = applyRedactions(entry.text, findings, book);
    return { entryId, included: true, text, redactions: findings.filter((f) => f.action === 'redact').length, verdict };
  });
}
