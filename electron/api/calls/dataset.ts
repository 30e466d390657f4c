import { z } from 'zod';
import { defineCall } from '../define.ts';

export const DatasetStyle = z.enum(['raw', 'instruct', 'both']);
export const DatasetSplit = z.enum(['train', 'val', 'test']);

export const DatasetSettingsInput = z
  .object({
    /** raw: the person's text; instruct: prompt/answer pairs; both: one file holding both. */
    style: DatasetStyle.default('both'),
    /** Longest example in tokens; raising it costs GPU memory during training. */
    maxTokens: z.number().int().min(128).max(32768).default(2048),
    /** A registered base model name or a folder holding its tokenizer and chat template. */
    base: z.string().min(1).optional(),
    seed: z.number().int().min(0).default(0),
    /** random: 80/10/10 at random; recent: the newest 10% by date is the test split. */
    holdout: z.enum(['random', 'recent']).default('random'),
    /** Estimated word-shingle Jaccard similarity at which entries count as near-duplicates. */
    dedupThreshold: z.number().gt(0).max(1).default(0.8),
  })
  .strict();

const SplitTotals = z.object({ entries: z.number().int(), examples: z.number().int(), tokens: z.number().int() });

export const DatasetSummary = z.object({
  entriesSeen: z.number().int(),
  excluded: z.number().int(),
  empty: z.number().int(),
  exactDuplicates: z.number().int(),
  nearDuplicates: z.number().int(),
  used: z.number().int(),
  /** Findings still to review in the entries used (replaced by placeholders if built anyway). Datasets built before this was counted read 0. */
  toReview: z.object({ findings: z.number().int(), entries: z.number().int() }).default({ findings: 0, entries: 0 }),
  splits: z.object({ train: SplitTotals, val: SplitTotals, test: SplitTotals }),
  totalTokens: z.number().int(),
  estimate: z.object({ seconds: z.number(), epochs: z.number(), tokensPerSecond: z.number() }),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const DatasetSettings = z.object({
  style: DatasetStyle,
  maxTokens: z.number().int(),
  base: z.string().optional(),
  seed: z.number().int(),
  holdout: z.enum(['random', 'recent']),
  dedupThreshold: z.number(),
});

export const DatasetInfo = z.object({
  id: z.string(),
  path: z.string(),
  createdAt: z.string(),
  settings: DatasetSettings,
  base: z.object({ name: z.string(), dir: z.string() }),
  summary: DatasetSummary,
  decisionsHash: z.string(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string(), examples: z.number().int() })),
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

/** One example as the model will read it: the base's chat template (or BOS/EOS) applied. */
export const DatasetExample = z.object({
  split: DatasetSplit,
  kind: z.enum(['raw', 'instruct']),
  rendered: z.string(),
  tokens: z.number().int(),
});
export type DatasetExample = z.infer<typeof DatasetExample>;

const SampleInput = z.object({
  count: z.number().int().min(0).max(50).default(5),
  /** Each page of random examples is one seed. */
  seed: z.number().int().min(0).default(0),
});

export const datasetCalls = {
  /** Base models whose tokenizer is available, and which one is the default. */
  'dataset.listBases': defineCall({
    summary: 'Base models with a tokenizer available locally',
    input: z.object({}).strict(),
    output: z.object({
      defaultBase: z.string(),
      bases: z.array(z.object({ name: z.string(), dir: z.string() })),
    }),
  }),
  /** What a build with these settings would hold: counts, tokens, time estimate and random examples, or why there is nothing to train on. Writes nothing. */
  'dataset.preview': defineCall({
    summary: 'Counts, tokens, time estimate and sample examples for a dataset, without writing it',
    input: z.object({ settings: DatasetSettingsInput.default(DatasetSettingsInput.parse({})), sample: SampleInput.default(SampleInput.parse({})) }).strict(),
    output: z.discriminatedUnion('state', [
      z.object({ state: z.literal('ready'), base: z.object({ name: z.string(), dir: z.string() }), summary: DatasetSummary, examples: z.array(DatasetExample) }),
      /** Nothing to train on yet (an empty library, or everything excluded): what to do next. */
      z.object({ state: z.literal('empty'), message: z.string() }),
    ]),
  }),
  /**
   * Builds train/val/test files from the included, redacted entries. While findings wait for
   * review, `unreviewed: 'review'` refuses (a conflict saying how many) and 'redact' replaces them
   * all with placeholders such as [PERSON].
   */
  'dataset.build': defineCall({
    summary: 'Build a dataset from the included, redacted entries',
    input: DatasetSettingsInput.extend({ unreviewed: z.enum(['review', 'redact']).default('review') }),
    output: DatasetInfo,
  }),
  /** Every dataset built, newest first. */
  'dataset.list': defineCall({
    summary: 'Datasets built so far, newest first',
    input: z.object({}).strict(),
    output: z.object({ datasets: z.array(DatasetInfo) }),
  }),
  /** One dataset and a random sample of its examples. */
  'dataset.show': defineCall({
    summary: 'One dataset with a random sample of its examples',
    input: z.object({ id: z.string().min(1), sample: SampleInput.default(SampleInput.parse({})) }).strict(),
    output: z.object({ dataset: DatasetInfo, examples: z.array(DatasetExample) }),
  }),
};
