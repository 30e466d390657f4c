import { z } from 'zod';

/**
 * The trainer protocol (design.md): one JSON object per line on the trainer's stdout.
 * `trainer/confidant_trainer/events.py` writes these; `tests/api/trainer-events-agree.test.ts`
 * proves the Python writer and these schemas agree. The files the trainer writes (evaluation.json,
 * the preflight JSON, the config it reads, train's start info and done summary) are in
 * `trainer-artifacts.ts`, checked by the same test.
 */
const base = { time: z.number().describe('Unix seconds when the event was written') };

/**
 * Every `code` an error event may carry: the same closed list as `ERROR_CODES` in events.py (the
 * agreement test compares them). `export_failed` is written by the app when an export phase fails.
 */
export const TrainerErrorCode = z.enum([
  'adapter_missing',
  'bad_config',
  'convert_failed',
  'converter_missing',
  'corrupt_checkpoint',
  'data_missing',
  'disk_full',
  'diverged',
  'empty_dataset',
  'export_failed',
  'gguf_mismatch',
  'internal',
  'io_error',
  'malformed_data',
  'merge_mismatch',
  'missing_package',
  'model_missing',
  'model_unreadable',
  'no_gpu',
  'out_dir_exists',
  'out_of_memory',
  'run_dir_exists',
  'run_missing',
  'template',
  'template_missing',
  'unsupported_architecture',
  'unsupported_model',
]);
export type TrainerErrorCode = z.infer<typeof TrainerErrorCode>;

export const ProgressEvent = z.object({
  ...base,
  event: z.literal('progress'),
  step: z.number().int().nonnegative(),
  total_steps: z.number().int().positive(),
  loss: z.number(),
  lr: z.number().nonnegative(),
  tokens_per_s: z.number().nonnegative(),
  eta_s: z.number().nonnegative(),
  vram_gb: z.number().nonnegative(),
});
export const CheckpointEvent = z.object({ ...base, event: z.literal('checkpoint'), step: z.number().int().nonnegative(), path: z.string() });
export const EvalEvent = z.object({
  ...base,
  event: z.literal('eval'),
  step: z.number().int().nonnegative(),
  split: z.string(),
  loss: z.number(),
  perplexity: z.number().nonnegative(),
});
export const ArtifactEvent = z.object({
  ...base,
  event: z.literal('artifact'),
  kind: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
});
export const WarningEvent = z.object({ ...base, event: z.literal('warning'), message: z.string(), hint: z.string() });
export const ErrorEvent = z.object({
  ...base,
  event: z.literal('error'),
  code: TrainerErrorCode,
  message: z.string(),
  hint: z.string().describe('What the person should change, in plain words'),
});
export const DoneEvent = z.object({ ...base, event: z.literal('done'), command: z.string(), summary: z.record(z.string(), z.unknown()) });
export const StartEvent = z.object({
  ...base,
  event: z.literal('start'),
  command: z.string(),
  info: z.record(z.string(), z.unknown()).describe('Derived numbers printed at start-up, e.g. tokens per step'),
});

export const TrainerEvent = z.discriminatedUnion('event', [
  StartEvent,
  ProgressEvent,
  CheckpointEvent,
  EvalEvent,
  ArtifactEvent,
  WarningEvent,
  ErrorEvent,
  DoneEvent,
]);
export type TrainerEvent = z.infer<typeof TrainerEvent>;

export const trainerEventSchemas = {
  start: StartEvent,
  progress: ProgressEvent,
  checkpoint: CheckpointEvent,
  eval: EvalEvent,
  artifact: ArtifactEvent,
  warning: WarningEvent,
  error: ErrorEvent,
  done: DoneEvent,
} as const;
