import { z } from 'zod';
import { DatasetSettings, DatasetSplit, DatasetSummary } from './calls/dataset.ts';
import { ConfidantError, parseUnknown } from './errors.ts';

/**
 * Files that cross the line between the app and the trainer (or between a build and a later
 * read): their shape is part of the contract, so a field moved on one side fails loudly on the
 * other instead of reading as "missing". `trainer-events.ts` holds the event stream.
 */

/**
 * Parses JSON text from a file or a process and checks it against its schema. `what` names the
 * source (a path, "the trainer's preflight output"), so the message says where to look.
 */
export function parseJson<S extends z.ZodType>(schema: S, text: unknown, what: string): z.output<S> {
  if (typeof text !== 'string') throw new ConfidantError('invalid_input', `Invalid ${what}: expected JSON text, got ${text === null ? 'null' : typeof text}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfidantError('invalid_input', `Invalid ${what}: not JSON (${(error as Error).message})`, { cause: error });
  }
  return parseUnknown(schema, data, what);
}

export const DatasetFile = z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string(), examples: z.number().int().nonnegative() });

/** `datasets/<id>/manifest.json`, written by `dataset build`; the trainer reads the split files beside it. */
export const DatasetManifest = z.object({
  /** 2: entries are named by an opaque ref (their paths can be private); the data directory maps refs back. */
  manifestVersion: z.number().int().positive(),
  id: z.string(),
  createdAt: z.string(),
  settings: DatasetSettings,
  base: z.object({ name: z.string(), dir: z.string() }),
  summary: DatasetSummary,
  decisionsHash: z.string(),
  /** The entries used, per split, by a ref that means nothing outside this data directory: never a path or text. */
  entries: z.array(z.object({ ref: z.string(), split: DatasetSplit })),
  files: z.array(DatasetFile),
});
export type DatasetManifest = z.infer<typeof DatasetManifest>;

/** What `python -m confidant_trainer.preflight` prints: the VRAM estimate or why there is none. */
export const TrainerPreflight = z.object({
  estimate_gb: z.record(z.string(), z.number()).optional(),
  free_gb: z.number().nullable().optional(),
  total_gb: z.number().nullable().optional(),
  quantize: z.boolean().optional(),
  verdict: z.enum(['fits', 'will_not_fit', 'unknown']).optional(),
  advice: z.string().optional(),
  error: z.string().optional(),
  hint: z.string().optional(),
});
export type TrainerPreflight = z.infer<typeof TrainerPreflight>;

const ExposureScore = z.object({ exposure_bits: z.number(), rank: z.number().int(), canary_nll: z.number() });

/** `evaluation.json` from `python -m confidant_trainer evaluate` (dataclasses in trainer/confidant_trainer/artifacts.py). */
export const EvaluationReport = z.object({
  model_type: z.string(),
  adapter: z.string(),
  test_rows: z.number().int().nonnegative(),
  perplexity: z.object({ base: z.number(), fine_tuned: z.number(), change: z.number() }),
  generations: z.array(z.object({ prompt: z.string(), base: z.string(), fine_tuned: z.string() })),
  /** One result per canary, by index: the report is on disk, so it never holds a canary's text. */
  leak_check: z.array(
    z.object({
      canary_index: z.number().int().nonnegative(),
      format: z.string(),
      candidates: z.number().int().nonnegative(),
      max_exposure_bits: z.number(),
      base: ExposureScore,
      fine_tuned: ExposureScore,
    }),
  ),
});
export type EvaluationReport = z.infer<typeof EvaluationReport>;

/** `info` of the `start` event of `train` (TrainStartInfo in trainer/confidant_trainer/artifacts.py). */
export const TrainStartInfo = z.object({
  model_type: z.string(),
  device: z.string(),
  quantize: z.enum(['nf4', 'none']),
  attention: z.string(),
  train_rows: z.number().int().nonnegative(),
  train_tokens: z.number().int().nonnegative(),
  tokens_per_step_max: z.number().int().positive(),
  rows_per_step: z.number().int().positive(),
  total_steps: z.number().int().positive(),
  resumed: z.boolean(),
  vram_estimate_gb: z.record(z.string(), z.number()),
});
export type TrainStartInfo = z.infer<typeof TrainStartInfo>;

/** `summary` of the `done` event of `train`: reached the last step, or stopped on request after a checkpoint. */
export const TrainDoneSummary = z.discriminatedUnion('completed', [
  z.object({
    completed: z.literal(true),
    final_step: z.number().int().nonnegative(),
    total_steps: z.number().int().positive(),
    final_loss: z.number().nullable(),
    tokens_per_s: z.number().nonnegative(),
    trainable_params: z.number().int().positive(),
    micro_batch: z.number().int().positive(),
    grad_accum: z.number().int().positive(),
    max_length: z.number().int().positive(),
    adapter: z.string(),
  }),
  z.object({ completed: z.literal(false), stopped_at_step: z.number().int().nonnegative(), total_steps: z.number().int().positive(), run_dir: z.string() }),
]);
export type TrainDoneSummary = z.infer<typeof TrainDoneSummary>;

/**
 * The trainer config (`config.json` of a run, or stdin of an export phase): the keys the app writes
 * or reads, typed; every other key passes through for the trainer's own validation (config.py),
 * which names an unknown one. The agreement test checks each key here is a field there.
 */
export const TrainerConfig = z.looseObject({
  model: z.looseObject({ path: z.string() }),
  data: z.looseObject({ train: z.string().optional(), validation: z.string().optional(), test: z.string().optional(), max_length: z.number().int().positive().optional() }).optional(),
  train: z.looseObject({ run_dir: z.string().optional(), resume: z.boolean().optional(), epochs: z.number().positive().optional(), max_steps: z.number().int().nonnegative().optional() }).optional(),
  lora: z.record(z.string(), z.unknown()).optional(),
  evaluate: z
    .looseObject({
      adapter: z.string().optional(),
      report: z.string().optional(),
      prompts: z.array(z.string()).optional(),
      max_new_tokens: z.number().int().positive().optional(),
      canaries: z.array(z.string()).optional(),
      canary_lookalikes: z.array(z.string()).optional(),
      candidates: z.number().int().positive().optional(),
      max_test_rows: z.number().int().nonnegative().optional(),
    })
    .optional(),
  merge: z.looseObject({ adapter: z.string().optional(), out_dir: z.string().optional() }).optional(),
});
export type TrainerConfig = z.infer<typeof TrainerConfig>;
