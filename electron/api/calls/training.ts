import { z } from 'zod';
import { defineCall } from '../define.ts';
import { TrainerEvent } from '../trainer-events.ts';

export const RunStatus = z.enum(['running', 'stopping', 'stopped', 'completed', 'failed', 'interrupted', 'cancelled']);

export const RunSummary = z.object({
  id: z.string(),
  command: z.string(),
  datasetId: z.string().nullable(),
  baseModel: z.string(),
  preset: z.string().nullable(),
  status: RunStatus,
  resumable: z.boolean(),
  lastStep: z.number().int().nullable(),
  totalSteps: z.number().int().nullable(),
  error: z.string().nullable(),
  hint: z.string().nullable(),
  runDir: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const EnvSetupState = z.object({
  state: z.enum(['not_set_up', 'ready', 'broken']),
  python: z.string().nullable(),
  pythonVersion: z.string().nullable(),
  steps: z.array(z.object({ step: z.string(), status: z.enum(['done', 'failed', 'pending']), detail: z.string() })),
  doctor: z.unknown(),
});

export const PreflightReport = z.object({
  gpu: z.object({ found: z.boolean(), name: z.string().nullable(), freeVramGb: z.number().nullable(), totalVramGb: z.number().nullable(), driver: z.string().nullable(), detail: z.string() }),
  vram: z.object({ estimateGb: z.number().nullable(), parts: z.record(z.string(), z.number()), verdict: z.enum(['fits', 'will_not_fit', 'unknown']), advice: z.string() }),
  disk: z.object({ freeGb: z.number(), neededGb: z.number(), ok: z.boolean() }),
  duration: z.object({ tokens: z.number().nullable(), seconds: z.number().nullable(), detail: z.string() }),
  canTrain: z.boolean(),
  messages: z.array(z.string()),
});
export type PreflightReport = z.infer<typeof PreflightReport>;

const RunId = z.object({ id: z.string().min(1) }).strict();
const RunRequest = z.object({
  datasetId: z.string().min(1).optional(),
  baseModel: z.string().min(1).describe('A local model folder (or a registered base model id)'),
  preset: z.string().min(1).default('tiny_cpu'),
  /** `section.key=value` settings that win over the preset. */
  overrides: z.array(z.string()).default([]),
}).strict();

export const ModelFile = z.object({ kind: z.string(), path: z.string(), bytes: z.number().int() });

export const TrainedModel = z.object({
  id: z.string(),
  name: z.string(),
  baseModel: z.string(),
  datasetId: z.string().nullable(),
  runId: z.string(),
  exportRunId: z.string(),
  quant: z.string(),
  hyperparameters: z.record(z.string(), z.unknown()),
  /** Test-split perplexity of the base and of the fine-tuned model; null when the dataset had no test split. */
  perplexity: z.object({ base: z.number(), fineTuned: z.number() }).nullable(),
  /** The leak check: canaries tested, the highest exposure and whether it stays near chance. */
  leakCheck: z.object({ canaries: z.number().int(), maxExposureBits: z.number().nullable(), atChance: z.boolean().nullable(), detail: z.string() }),
  files: z.array(ModelFile),
  /** The chat model this export registered, for "open in chat"; null when it was removed there. */
  chatModelId: z.number().int().nullable(),
  missingFiles: z.array(z.string()),
  createdAt: z.string(),
});
export type TrainedModel = z.infer<typeof TrainedModel>;

export const trainingCalls = {
  /** The trainer environment: its steps, what failed, what the trainer reports about the machine. */
  'training.getEnv': defineCall({ summary: 'Trainer environment state', input: z.object({}).strict(), output: EnvSetupState }),
  /** Makes or repairs the trainer environment; progress arrives as `training.setup` events. */
  'training.setupEnv': defineCall({
    summary: 'Create or repair the trainer Python environment',
    input: z.object({ existingPython: z.string().optional(), packageDirs: z.array(z.string()).optional() }).strict(),
    output: EnvSetupState,
  }),
  'training.listPresets': defineCall({
    summary: 'Training presets (the trainer config files)',
    input: z.object({}).strict(),
    output: z.array(z.object({ name: z.string(), config: z.record(z.string(), z.record(z.string(), z.unknown())) })),
  }),
  /** GPU, VRAM estimate with advice, disk and expected duration, before a run. */
  'training.preflight': defineCall({ summary: 'Check the machine before a run', input: RunRequest, output: PreflightReport }),
  'training.startRun': defineCall({ summary: 'Start a training run', input: RunRequest, output: RunSummary }),
  'training.listRuns': defineCall({ summary: 'Every run, newest first', input: z.object({}).strict(), output: z.array(RunSummary) }),
  'training.getRun': defineCall({
    summary: 'One run with its stored events',
    input: z.object({ id: z.string().min(1), afterSeq: z.number().int().default(-1) }).strict(),
    output: z.object({ run: RunSummary, events: z.array(z.object({ seq: z.number().int(), event: TrainerEvent })) }),
  }),
  'training.stopRun': defineCall({ summary: 'Stop gracefully (checkpoint first)', input: RunId, output: RunSummary }),
  'training.resumeRun': defineCall({ summary: 'Resume from the last checkpoint', input: RunId, output: RunSummary }),
  'training.cancelRun': defineCall({ summary: 'End a run at once', input: RunId, output: RunSummary }),
  /**
   * evaluate -> merge -> GGUF -> quantize for a completed training run, as an export run of its own
   * (progress arrives as `training.event`); at the end the model is registered for chat.
   */
  'training.exportRun': defineCall({
    summary: 'Evaluate, merge and export a trained run to GGUF, then register the model',
    input: z.object({ id: z.string().min(1), quant: z.enum(['Q4_K_M', 'Q5_K_M', 'Q8_0']).default('Q4_K_M') }).strict(),
    output: RunSummary,
  }),
  'models.list': defineCall({ summary: 'Models made by training, with metrics and files', input: z.object({}).strict(), output: z.array(TrainedModel) }),
  'models.delete': defineCall({
    summary: 'Delete a trained model and its files (conversations stay readable)',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: z.object({ deleted: z.boolean(), freedBytes: z.number().int() }),
  }),
};
