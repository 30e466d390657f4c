/**
 * Planning a dataset: which entries, in which split, as which examples, and how many tokens.
 * Entry text, title and tags are read ONLY through the privacy training view (design.md, promise
 * 2), redacted alike; the entry row gives only its date and stable key. Views are
 * read in batches sharing one pseudonym book, so a stand-in is the same across the whole dataset.
 */
import { createHash } from 'node:crypto';
import { entryDaySql, type Db } from '../db/index.ts';
import type { DataPaths } from '../paths.ts';
import { getTrainingViews, PseudonymBook, prepareScan, type UnreviewedChoice } from '../privacy/index.ts';
import { ConfidantError } from '../../api/errors.ts';
import { loadBaseModel, DEFAULT_BASE, type BaseModel } from './base-model.ts';
import { deduplicate } from './dedup.ts';
import { buildInstructExamples, buildRawExamples, type EntryForDataset, type Example } from './examples.ts';
import { splitEntries, SPLITS, type Holdout, type SplitName } from './split.ts';

export type Style = 'raw' | 'instruct' | 'both';

export interface DatasetSettings {
  style: Style;
  maxTokens: number;
  base?: string;
  seed: number;
  holdout: Holdout;
  dedupThreshold: number;
}

export const DEFAULT_SETTINGS: DatasetSettings = { style: 'both', maxTokens: 2048, seed: 0, holdout: 'random', dedupThreshold: 0.8 };

/**
 * Rough QLoRA throughput of a 7B base on one consumer GPU (24 GB class). Only for the estimate on
 * the screen; the trainer measures the real figure and reports its own ETA.
 */
export const ASSUMED_TOKENS_PER_SECOND = 1500;
export const ASSUMED_EPOCHS = 2;

export interface SplitTotals {
  entries: number;
  examples: number;
  tokens: number;
}

export interface DatasetSummary {
  entriesSeen: number;
  excluded: number;
  empty: number;
  exactDuplicates: number;
  nearDuplicates: number;
  used: number;
  /** Findings still to review in the entries used, and in how many entries: redacted with placeholders. */
  toReview: { findings: number; entries: number };
  splits: Record<SplitName, SplitTotals>;
  totalTokens: number;
  estimate: { seconds: number; epochs: number; tokensPerSecond: number };
}

export interface PlannedEntry {
  id: number;
  sourcePath: string;
  key: string;
  split: SplitName;
}

export interface DatasetPlan {
  settings: DatasetSettings;
  base: BaseModel;
  summary: DatasetSummary;
  entries: PlannedEntry[];
  examples: Record<SplitName, Example[]>;
  /** Fingerprint of what privacy let through: changes whenever a decision or redaction changes. */
  decisionsHash: string;
}

interface EntryRow {
  id: number;
  key: string;
  /** The entry's local day (where it was written); null for an undated note, so prompts use its title. */
  created_at: string | null;
  source_path: string;
}

/**
 * What a build does with findings still to review: 'review' refuses and says how many (the
 * person reviews first); 'redact' replaces them all with placeholders such as [PERSON].
 */
export type UnreviewedPolicy = 'review' | 'redact';

/**
 * The plan, or a throw when nothing is left to train on (a build must not write an empty dataset)
 * or when findings wait for review and the person has not chosen to redact them all.
 */
export function planDataset(db: Db, paths: DataPaths, settings: DatasetSettings, unreviewed: UnreviewedPolicy = 'review'): DatasetPlan {
  const planned = tryPlanDataset(db, paths, settings);
  if ('emptyReason' in planned) throw new ConfidantError('not_found', planned.emptyReason);
  const { findings, entries } = planned.plan.summary.toReview;
  if (unreviewed === 'review' && findings > 0) {
    throw new ConfidantError(
      'conflict',
      `${findings} ${findings === 1 ? 'finding' : 'findings'} in ${entries} ${entries === 1 ? 'entry' : 'entries'} ${findings === 1 ? 'is' : 'are'} still to review: names and places the detectors were not sure of. ` +
        'Review them first (the Review screen, or `confidant privacy values`), or redact them all with placeholders such as [PERSON] (`confidant dataset build --redact-unreviewed`).',
    );
  }
  return planned.plan;
}

/**
 * The plan, or why there is nothing to train on: for the preview, where an empty library is the
 * normal first state rather than a failure.
 */
export function tryPlanDataset(db: Db, paths: DataPaths, settings: DatasetSettings): { plan: DatasetPlan } | { emptyReason: string } {
  const rows = db
    .prepare(
      `SELECT e.id, e.key, ${entryDaySql('e')} AS created_at, s.path AS source_path
       FROM entry e JOIN source s ON s.id = e.source_id
       WHERE e.removed = 0
       ORDER BY coalesce(e.created_at, ''), e.id`,
    )
    .all() as EntryRow[];
  if (rows.length === 0) return { emptyReason: 'Nothing to train on. The library has no entries yet: add a folder in Library first.' };
  const base = loadBaseModel(paths, settings.base ?? DEFAULT_BASE);

  const decisions = createHash('sha256');
  const included: (EntryForDataset & { sourcePath: string; key: string })[] = [];
  let excluded = 0;
  let empty = 0;
  const pending = new Map<number, number>();
  const views = readViews(
    db,
    rows.map((r) => r.id),
  );
  for (const row of rows) {
    const view = views.get(row.id) ?? { included: false, text: '', title: '', tags: [], toReview: 0 };
    const stableKey = `${row.source_path}\u0000${row.key}`;
    const shown = createHash('sha256').update(JSON.stringify([view.text, view.title, view.tags])).digest('hex');
    decisions.update(`${stableKey}\t${view.included ? 1 : 0}\t${shown}\n`);
    if (!view.included) {
      excluded += 1;
      continue;
    }
    if (view.text.trim() === '') {
      empty += 1;
      continue;
    }
    if (view.toReview > 0) pending.set(row.id, view.toReview);
    included.push({
      id: row.id,
      stableKey,
      sourcePath: row.source_path,
      key: row.key,
      createdAt: row.created_at,
      // Title and tags come from the training view: scanned and redacted like the text.
      title: view.title,
      tags: view.tags,
      text: view.text,
    });
  }

  const dedup = deduplicate(included, { threshold: settings.dedupThreshold });
  const kept = new Set(dedup.keptIds);
  const used = included.filter((e) => kept.has(e.id));
  if (used.length === 0) {
    return { emptyReason: `Nothing to train on. All ${rows.length} entries are excluded or empty after redaction: include some entries in Review, then build again.` };
  }

  const splitOf = splitEntries(used, settings.seed, settings.holdout);
  const examples: Record<SplitName, Example[]> = { train: [], val: [], test: [] };
  const splits = Object.fromEntries(SPLITS.map((s) => [s, { entries: 0, examples: 0, tokens: 0 }])) as Record<SplitName, SplitTotals>;
  const entries: PlannedEntry[] = [];
  const toReview = { findings: 0, entries: 0 };
  // `used` is in time order, so each split file reads in the order the entries were written.
  for (const entry of used) {
    const split = splitOf.get(entry.id) ?? 'train';
    const made = [
      ...(settings.style !== 'instruct' ? buildRawExamples(entry, base, settings.maxTokens) : []),
      ...(settings.style !== 'raw' ? buildInstructExamples(entry, base, settings.maxTokens) : []),
    ];
    examples[split].push(...made);
    splits[split].entries += 1;
    splits[split].examples += made.length;
    splits[split].tokens += made.reduce((n, e) => n + e.tokens, 0);
    entries.push({ id: entry.id, sourcePath: entry.sourcePath, key: entry.key, split });
    const waiting = pending.get(entry.id) ?? 0;
    toReview.findings += waiting;
    toReview.entries += waiting > 0 ? 1 : 0;
  }
  const totalTokens = SPLITS.reduce((n, s) => n + splits[s].tokens, 0);
  return {
    plan: {
      settings,
      base,
      entries,
      examples,
      decisionsHash: decisions.digest('hex'),
      summary: {
        entriesSeen: rows.length,
        excluded,
        empty,
        exactDuplicates: dedup.exactDuplicates,
        nearDuplicates: dedup.nearDuplicates,
        used: used.length,
        toReview,
        splits,
        totalTokens,
        estimate: {
          seconds: Math.round((splits.train.tokens * ASSUMED_EPOCHS) / ASSUMED_TOKENS_PER_SECOND),
          epochs: ASSUMED_EPOCHS,
          tokensPerSecond: ASSUMED_TOKENS_PER_SECOND,
        },
      },
    },
  };
}

const VIEW_BATCH = 500;

interface ViewForPlan { included: boolean; text: string; title: string; tags: string[]; toReview: number }

function readViews(db: Db, ids: readonly number[]): Map<number, ViewForPlan> {
  const views = new Map<number, ViewForPlan>();
  const setup = prepareScan(db);
  const book = new PseudonymBook(db);
  // Findings to review are redacted in every plan; a build without the person's say-so refuses before writing.
  const unreviewed: UnreviewedChoice = 'redact';
  for (let i = 0; i < ids.length; i += VIEW_BATCH) {
    for (const view of getTrainingViews(db, ids.slice(i, i + VIEW_BATCH), { setup, book, unreviewed })) {
      views.set(view.entryId, { included: view.included, text: view.text, title: view.title, tags: view.tags, toReview: view.toReview });
    }
  }
  return views;
}
