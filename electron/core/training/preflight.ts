import fs from 'node:fs';
import path from 'node:path';
import type { PreflightReport } from '../../api/calls/training.ts';
import { ConfidantError } from '../../api/errors.ts';
import { TrainerPreflight, parseJson } from '../../api/trainer-artifacts.ts';
import { readManifest } from '../dataset/store.ts';
import type { CoreContext } from '../context.ts';
import { checkedId } from '../ids.ts';
import { detectGpus } from '../status/gpus.ts';
import { runWithLines } from './spawn-lines.ts';
import type { TrainerLauncher } from './run-manager.ts';

const GiB = 2 ** 30;

/** Measured speed on this machine: the best tokens/s a finished run of this base reached. */
function measuredTokensPerSecond(ctx: CoreContext, baseModel: string): number | null {
  const value = ctx.db
    .prepare(
      `SELECT max(json_extract(e.payload, '$.tokens_per_s')) FROM run_event e JOIN run r ON r.id = e.run_id
       WHERE r.base_model = ? AND e.kind = 'progress'`,
    )
    .pluck()
    .get(baseModel) as number | null;
  return value && value > 0 ? value : null;
}

/**
 * The dataset's training token total, from the manifest `dataset build` wrote: null when no
 * dataset is chosen or the folder has no manifest; a damaged manifest throws, naming the file.
 */
export function datasetTrainTokens(ctx: CoreContext, datasetId: string | undefined): number | null {
  if (!datasetId) return null;
  const id = checkedId('dataset', datasetId);
  if (!fs.existsSync(path.join(ctx.paths.datasets, id, 'manifest.json'))) return null;
  return readManifest(ctx.paths, id).summary.splits.train.tokens;
}

async function askTrainer(launcher: TrainerLauncher | null, configFile: string): Promise<TrainerPreflight | null> {
  if (!launcher) return null;
  let out = '';
  const result = await runWithLines(launcher.python, ['-m', 'confidant_trainer.preflight', '--config', configFile], {
    env: { ...process.env, ...launcher.env, HF_HUB_OFFLINE: '1' },
    onLine: (line, stream) => {
      if (stream === 'stdout') out += line;
    },
  });
  try {
    return parseJson(TrainerPreflight, out, "trainer's preflight output");
  } catch {
    return { error: `the trainer's preflight failed: ${result.tail.slice(-2).join(' ')}` };
  }
}

export async function runPreflight(
  ctx: CoreContext,
  options: { launcher: TrainerLauncher | null; launcherProblem: string | null; config: Record<string, unknown>; baseModel: string; datasetId?: string },
): Promise<PreflightReport> {
  const messages: string[] = [];
  const gpus = await detectGpus();
  const gpu = gpus.gpus[0];
  if (!gpu) messages.push(`${gpus.detail} Training Mistral 7B needs an NVIDIA GPU with about 10 GB of free memory.`);

  const configFile = path.join(ctx.paths.tmp, `preflight-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(configFile, JSON.stringify(options.config));
  let trainer: TrainerPreflight | null;
  try {
    trainer = await askTrainer(options.launcher, configFile);
  } finally {
    fs.rmSync(configFile, { force: true });
  }
  if (options.launcherProblem) messages.push(options.launcherProblem);
  if (trainer?.error) messages.push(`VRAM estimate unavailable: ${trainer.error}${trainer.hint ? ` (${trainer.hint})` : ''}`);

  const stat = fs.statfsSync(ctx.paths.root);
  const freeGb = (stat.bavail * stat.bsize) / GiB;
  // Checkpoints of a LoRA adapter are small; the merged model and its GGUF files are not.
  const neededGb = 40;
  if (freeGb < neededGb) messages.push(`Only ${freeGb.toFixed(1)} GB free in ${ctx.paths.root}; a 7B export needs about ${neededGb} GB (merged model + GGUF files).`);

  let tokens: number | null = null;
  let manifestProblem: string | null = null;
  try {
    tokens = datasetTrainTokens(ctx, options.datasetId);
  } catch (error) {
    // A bad id is the caller's fault; a damaged manifest is shown where the duration would be.
    if (!(error instanceof ConfidantError) || error.code === 'invalid_input') throw error;
    manifestProblem = error.message;
  }
  const speed = measuredTokensPerSecond(ctx, options.baseModel);
  const epochs = Number((options.config.train as Record<string, unknown> | undefined)?.epochs ?? 1) || 1;
  const seconds = tokens !== null && speed !== null ? (tokens * epochs) / speed : null;
  const durationDetail = seconds !== null
    ? `about ${Math.ceil(seconds / 60)} min for ${tokens} tokens × ${epochs} epoch(s) at ${Math.round(speed ?? 0)} tokens/s measured here`
    : manifestProblem !== null
      ? manifestProblem
      : tokens === null
        ? 'choose a built dataset to estimate the duration'
        : 'no run of this base model has been measured on this machine yet; the first run reports its speed live';

  const verdict = trainer?.verdict ?? 'unknown';
  const report: PreflightReport = {
    gpu: {
      found: gpu !== undefined,
      name: gpu?.name ?? null,
      freeVramGb: gpu ? gpu.memoryFreeMb / 1024 : null,
      totalVramGb: gpu ? gpu.memoryTotalMb / 1024 : null,
      driver: gpu?.driverVersion ?? null,
      detail: gpus.detail,
    },
    vram: {
      estimateGb: trainer?.estimate_gb?.total ?? null,
      parts: trainer?.estimate_gb ?? {},
      verdict,
      advice: trainer?.advice ?? 'Set up the trainer to get a VRAM estimate.',
    },
    disk: { freeGb: Math.round(freeGb * 10) / 10, neededGb, ok: freeGb >= neededGb },
    duration: { tokens, seconds, detail: durationDetail },
    canTrain: options.launcher !== null && verdict !== 'will_not_fit',
    messages,
  };
  return report;
}
