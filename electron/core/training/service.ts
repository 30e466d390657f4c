import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import type { RunSummary } from '../../api/calls/training.ts';
import { unloadAllModels } from '../chat/engine.ts';
import type { CoreContext } from '../context.ts';
import { checkedId } from '../ids.ts';
import { resolveLauncher } from './launcher.ts';
import { applyOverrides, findPreset } from './presets.ts';
import { RunManager } from './run-manager.ts';
import { RESUMABLE_STATUSES, type RunRow } from './run-store.ts';

const services = new WeakMap<CoreContext, RunManager>();

/** The one RunManager of a core; created on first use, when it also reattaches to live trainers. */
export function runManager(ctx: CoreContext): RunManager {
  let manager = services.get(ctx);
  if (!manager) {
    manager = new RunManager(ctx, () => resolveLauncher(ctx.paths), {
      // Chat models hold GPU memory the trainer needs: unload them before any run or export.
      beforeStart: async () => {
        await unloadAllModels();
      },
    });
    services.set(ctx, manager);
    manager.reconcile();
  }
  return manager;
}

export interface RunRequest {
  datasetId?: string;
  baseModel: string;
  preset: string;
  overrides: string[];
}

/** Preset, then the chosen base model and dataset files, then the person's overrides. */
export function composeRunConfig(ctx: CoreContext, request: RunRequest): Record<string, Record<string, unknown>> {
  const preset = findPreset(request.preset);
  const baseModel = path.resolve(request.baseModel);
  if (!fs.existsSync(baseModel)) {
    throw new ConfidantError('not_found', `The base model folder ${baseModel} does not exist. Point --base at a folder holding config.json and the weights.`);
  }
  const config = structuredClone(preset.config);
  config.model = { ...(config.model ?? {}), path: baseModel };
  if (request.datasetId) {
    const dir = path.join(ctx.paths.datasets, checkedId('dataset', request.datasetId));
    if (!fs.existsSync(path.join(dir, 'train.jsonl'))) {
      throw new ConfidantError('not_found', `Dataset ${request.datasetId} has no train.jsonl in ${dir}. Build one with \`confidant dataset build\`.`);
    }
    const data: Record<string, unknown> = { ...(config.data ?? {}), train: path.join(dir, 'train.jsonl') };
    for (const [key, file] of [['validation', 'val.jsonl'], ['test', 'test.jsonl']] as const) {
      if (fs.existsSync(path.join(dir, file))) data[key] = path.join(dir, file);
    }
    config.data = data;
  }
  return applyOverrides(config, request.overrides);
}

export function toRunSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    command: row.command,
    datasetId: row.dataset_id,
    baseModel: row.base_model,
    preset: row.preset,
    status: row.status,
    resumable: RESUMABLE_STATUSES.includes(row.status),
    lastStep: row.last_step,
    totalSteps: row.total_steps,
    error: row.error,
    hint: row.hint,
    runDir: row.run_dir,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  };
}
