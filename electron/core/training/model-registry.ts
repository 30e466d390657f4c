import fs from 'node:fs';
import path from 'node:path';
import { TrainedModel } from '../../api/calls/training.ts';
import { ConfidantError } from '../../api/errors.ts';
import { parseJson } from '../../api/trainer-artifacts.ts';
import type { Db } from '../db/index.ts';

interface ModelRaw {
  id: string;
  name: string;
  base_model: string;
  dataset_id: string | null;
  run_id: string;
  export_run_id: string;
  quant: string;
  hyperparameters: string;
  perplexity: string | null;
  leak_check: string;
  files: string;
  chat_model_id: number | null;
  created_at: string;
}

export type NewModel = Omit<TrainedModel, 'missingFiles' | 'createdAt'>;

export function insertModel(db: Db, model: NewModel): void {
  db.prepare(
    `INSERT INTO model (id, name, base_model, dataset_id, run_id, export_run_id, quant, hyperparameters, perplexity, leak_check, files, chat_model_id, created_at)
     VALUES (@id, @name, @baseModel, @datasetId, @runId, @exportRunId, @quant, @hyperparameters, @perplexity, @leakCheck, @files, @chatModelId, @createdAt)`,
  ).run({
    ...model,
    hyperparameters: JSON.stringify(model.hyperparameters),
    perplexity: model.perplexity ? JSON.stringify(model.perplexity) : null,
    leakCheck: JSON.stringify(model.leakCheck),
    files: JSON.stringify(model.files),
    createdAt: new Date().toISOString(),
  });
}

function toModel(db: Db, raw: ModelRaw): TrainedModel {
  // Written by insertModel; parsed anyway, so a damaged row names its column instead of breaking the screen later.
  const column = (name: string) => `${name} of model ${raw.id} in the database`;
  const files = parseJson(TrainedModel.shape.files, raw.files, column('files'));
  // The chat side may have forgotten the model; "open in chat" then has nothing to open.
  const chatExists = raw.chat_model_id !== null && db.prepare('SELECT 1 FROM chat_model WHERE id = ?').get(raw.chat_model_id) !== undefined;
  return {
    id: raw.id,
    name: raw.name,
    baseModel: raw.base_model,
    datasetId: raw.dataset_id,
    runId: raw.run_id,
    exportRunId: raw.export_run_id,
    quant: raw.quant,
    hyperparameters: parseJson(TrainedModel.shape.hyperparameters, raw.hyperparameters, column('hyperparameters')),
    perplexity: raw.perplexity ? parseJson(TrainedModel.shape.perplexity, raw.perplexity, column('perplexity')) : null,
    leakCheck: parseJson(TrainedModel.shape.leakCheck, raw.leak_check, column('leak_check')),
    files,
    chatModelId: chatExists ? raw.chat_model_id : null,
    missingFiles: files.filter((f) => !fs.existsSync(f.path)).map((f) => f.path),
    createdAt: raw.created_at,
  };
}

export function listTrainedModels(db: Db): TrainedModel[] {
  return (db.prepare('SELECT * FROM model ORDER BY created_at DESC').all() as ModelRaw[]).map((r) => toModel(db, r));
}

/**
 * Deletes the model's export folder and its registry rows. Conversations keep their text: the chat
 * tables hold the model's name and path, not a hard link.
 */
export function deleteTrainedModel(db: Db, id: string, runsDir: string): { deleted: boolean; freedBytes: number } {
  const raw = db.prepare('SELECT * FROM model WHERE id = ?').get(id) as ModelRaw | undefined;
  if (!raw) throw new ConfidantError('not_found', `No model "${id}". \`confidant models\` lists them.`);
  const dir = path.join(runsDir, raw.export_run_id);
  const freedBytes = folderBytes(dir);
  db.transaction(() => {
    if (raw.chat_model_id !== null) db.prepare('DELETE FROM chat_model WHERE id = ?').run(raw.chat_model_id);
    db.prepare('DELETE FROM model WHERE id = ?').run(id);
  })();
  // Only the export's own outputs go; the training run (adapter, events) stays in the history.
  for (const sub of ['gguf', 'merged']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  return { deleted: true, freedBytes };
}

function folderBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) total += fs.statSync(full).size;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return total;
}
