import type { Db } from '../db/index.ts';
import { entryVerdict, findingActions, readFindings, type EntryVerdict, type FindingWithAction } from './decisions.ts';
import { TAG_SEPARATOR, type FindingField } from './fields.ts';
import { unmarkable, wrapMark } from './marks.ts';
import { PseudonymBook, applyRedactions } from './redact.ts';
import { listRules, matchRules } from './rules.ts';
import { isScanFresh, prepareScan, scanEntries, type ScanSetup } from './scan.ts';
import { listKindPolicies, readEntries, readEntry, type EntryRow } from './store.ts';
import { readValueDecisions } from './values.ts';

/**
 * What the model may see of one entry: whether it is included, and its text, title and tags with
 * every redaction applied. The dataset builder and grounded chat read entries ONLY through this
 * module, so the privacy promise (design.md, promise 2) is kept in one place: a prompt built from
 * the title and tags carries the same redactions as the text. Findings are brought up to date
 * first: an entry edited since its last scan is scanned again before any of its text is returned.
 */
export interface TrainingView {
  entryId: number;
  included: boolean;
  /** The text with redactions applied; empty when not included. */
  text: string;
  /** The title and tags with the same redactions; empty when not included. */
  title: string;
  tags: string[];
}

export interface TrainingViewDetail extends TrainingView {
  verdict: EntryVerdict;
  redactions: number;
  /** Findings in what reaches training text (text, title, tags) that wait for the person's review. */
  toReview: number;
}

/**
 * What happens to findings still to review: 'redact' replaces them with a placeholder ("[PERSON]",
 * never an invented name, since they may be a product or a word); 'keep' leaves them as written.
 */
export type UnreviewedChoice = 'redact' | 'keep';

export interface TrainingViewOptions {
  book?: PseudonymBook;
  setup?: ScanSetup;
  unreviewed?: UnreviewedChoice;
  /** Wrap every stand-in in marks (marks.ts), for previews; never for training text. */
  marked?: boolean;
}

/** One entry; for many, use `getTrainingViews`, which evaluates rules and the scan setup once. */
export function getTrainingView(db: Db, entryId: number): TrainingView {
  const [view] = getTrainingViews(db, [entryId]);
  return view ? { entryId, included: view.included, text: view.text, title: view.title, tags: view.tags } : { entryId, included: false, text: '', title: '', tags: [] };
}

/** Fields that reach training text; the path reaches no dataset file (the manifest names entries by ref). */
const TRAINED_FIELDS: readonly FindingField[] = ['text', 'title', 'tags'];

/**
 * Many entries with one pseudonym book: the same real value gets the same stand-in across the
 * whole batch (and across builds, since the book is stored). Entries that no longer exist, or
 * were removed from their source, come back as not included.
 */
export function getTrainingViews(db: Db, entryIds: readonly number[], options: TrainingViewOptions = {}): TrainingViewDetail[] {
  const setup = options.setup ?? prepareScan(db);
  const entries = readEntries(db, entryIds);
  const stale = entries.filter((e) => !e.removed && !isScanFresh(db, e, setup.configHash)).map((e) => e.id);
  if (stale.length > 0) scanEntries(db, { entryIds: stale, setup });
  const rules = listRules(db);
  const hits = entryIds.length > 20 ? matchRules(db, rules, entries) : undefined;
  const policies = listKindPolicies(db);
  const values = readValueDecisions(db);
  const book = options.book ?? new PseudonymBook(db);
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entryIds.map((entryId) => {
    const entry = byId.get(entryId) ?? readEntry(db, entryId);
    const none = { entryId, included: false, text: '', title: '', tags: [], redactions: 0, toReview: 0 };
    if (!entry || entry.removed) return { ...none, verdict: { included: false, by: 'entry', reason: 'The entry is no longer in its source.' } };
    const verdict = entryVerdict(db, entry, rules, hits);
    if (!verdict.included) return { ...none, verdict };
    const findings = findingActions(db, entry, readFindings(db, entry.id), policies, values).filter((f) => TRAINED_FIELDS.includes(f.field));
    const resolved = findings.map((f) => resolveUnreviewed(f, options.unreviewed ?? 'redact'));
    return {
      entryId, included: true, verdict, ...redactFields(entry, resolved, book, options.marked === true),
      redactions: resolved.filter((f) => f.action === 'redact').length,
      toReview: findings.filter((f) => f.toReview).length,
    };
  });
}

function resolveUnreviewed(f: FindingWithAction, choice: UnreviewedChoice): FindingWithAction {
  if (!f.toReview) return f;
  return choice === 'keep' ? { ...f, action: 'keep' } : { ...f, action: 'redact', style: 'placeholder' };
}

/** The text, title and tags with redactions applied; tags left empty by a redaction are dropped. */
export function redactFields(entry: Pick<EntryRow, 'text' | 'title' | 'tags'>, findings: readonly FindingWithAction[], book: PseudonymBook, marked: boolean): { text: string; title: string; tags: string[] } {
  const mark = marked ? (f: FindingWithAction, replacement: string) => wrapMark(f.kind, f.toReview ? 'review' : 'redacted', replacement) : undefined;
  const source = (s: string) => (marked ? unmarkable(s) : s);
  const of = (field: FindingField) => findings.filter((f) => f.field === field);
  const tags = applyRedactions(source(entry.tags.join(TAG_SEPARATOR)), of('tags'), book, mark)
    .split(TAG_SEPARATOR).map((t) => t.trim()).filter((t) => t !== '');
  return {
    text: applyRedactions(source(entry.text), of('text'), book, mark),
    title: applyRedactions(source(entry.title), of('title'), book, mark).trim(),
    tags,
  };
}
