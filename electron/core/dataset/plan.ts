/**
 * Planning a dataset: which entries, in which split, as which examples, and how many tokens.
 * Entry text is read ONLY through the privacy training view (design.md, promise 2); the entry row
 * gives only what the entry says about itself (date, title, tags) and its stable key. Views are
 * read in batches sharing one pseudonym book, so a stand-in is the same across the whole dataset.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { DataPaths } from '../paths.ts';
import { getTrainingViews, PseudonymBook, prepareScan } from '../privacy/index.ts';
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
  created_at: string | null;
  title: string;
  tags: string;
  source_path: string;
}

/** The plan, or a throw when nothing is left to train on (a build must not write an empty dataset). */
export function planDataset(db: Db, paths: DataPaths, settings: DatasetSettings): DatasetPlan {
  const planned = tryPlanDataset(db, paths, settings);
  if ('emptyReason' in planned) throw new ConfidantError('not_found', planned.emptyReason);
  return planned.plan;
}

/**
 * The plan, or why there is nothing to train on: for the preview, where an empty library is the
 * normal first state rather than a failure.
 */
export function tryPlanDataset(db: Db, paths: DataPaths, settings: DatasetSettings): { plan: DatasetPlan } | { emptyReason: string } {
  const rows = db
    .prepare(
      `SELECT e.id, e.key, e.created_at, e.title, e.tags, s.path AS source_path
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
  const views = readViews(
    db,
    rows.map((r) => r.id),
  );
  for (const row of rows) {
    const view = views.get(row.id) ?? { included: false, text: '' };
    const stableKey = `${row.source_path}\u0000${row.key}`;
    decisions.update(`${stableKey}\t${view.included ? 1 : 0}\t${createHash('sha256').update(view.text).digest('hex')}\n`);
    if (!view.included) {
      excluded += 1;
      continue;
    }
    if (view.text.trim() === '') {
      empty += 1;
      continue;
    }
    included.push({
      id: row.id,
      stableKey,
      sourcePath: row.source_path,
      key: row.key,
      createdAt: row.created_at,
      title: safeTitle(row, view.text),
      tags: parseTags(row.tags),
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

function readViews(db: Db, ids: readonly number[]): Map<number, { included: boolean; text: string }> {
  const views = new Map<number, { included: boolean; text: string }>();
  const setup = prepareScan(db);
  const book = new PseudonymBook(db);
  for (let i = 0; i < ids.length; i += VIEW_BATCH) {
    for (const view of getTrainingViews(db, ids.slice(i, i + VIEW_BATCH), { setup, book })) {
      views.set(view.entryId, { included: view.included, text: view.text });
    }
  }
  return views;
}

/**
 * The title is stored outside the training view, and some importers derive it from the entry's
 * first line, which redaction may have changed. It is used only where it cannot carry text that
 * privacy removed: when it still appears in the redacted text, or when it is the file's own name.
 */
function safeTitle(row: Pick<EntryRow, 'title' | 'key'>, viewText: string): string {
  const title = row.title.trim();
  if (title === '') return '';
  if (viewText.includes(title)) return title;
  const fileName = row.key.split('/').pop() ?? '';
  return fileName.replace(/\.[^.]+$/, '') === title ? title : '';
}

function parseTags(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
