/**
 * Reading built datasets back: the list the screens show and random samples rendered the way the
 * model reads them. The manifest on disk is the truth; the table is its index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import type { DatasetExample, DatasetInfo } from '../../api/calls/dataset.ts';
import { DatasetManifest, parseJson } from '../../api/trainer-artifacts.ts';
import type { Db } from '../db/index.ts';
import type { DataPaths } from '../paths.ts';
import { loadBaseModel, type BaseModel, type ChatMessage } from './base-model.ts';
import type { Example } from './examples.ts';
import { SPLITS, type SplitName } from './split.ts';

export function toDatasetInfo(paths: DataPaths, manifest: DatasetManifest): DatasetInfo {
  return {
    id: manifest.id,
    path: path.join(paths.datasets, manifest.id),
    createdAt: manifest.createdAt,
    settings: manifest.settings,
    base: manifest.base,
    summary: manifest.summary,
    decisionsHash: manifest.decisionsHash,
    files: manifest.files,
  };
}

export function readManifest(paths: DataPaths, id: string): DatasetManifest {
  // Ids are ours (timestamp + hex); anything else could walk out of the datasets folder.
  if (!/^[0-9A-Za-z-]+$/.test(id)) throw new ConfidantError('invalid_input', `"${id}" is not a dataset id: run \`confidant dataset list\` to see them.`);
  const file = path.join(paths.datasets, id, 'manifest.json');
  if (!fs.existsSync(file)) throw new ConfidantError('not_found', `No dataset "${id}": run \`confidant dataset list\` to see the datasets built.`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfidantError('io', `The manifest ${file} cannot be read (${(error as Error).message}). Build the dataset again.`, { cause: error });
  }
  try {
    return parseJson(DatasetManifest, text, `dataset manifest ${file}`);
  } catch (error) {
    const issues = error instanceof ConfidantError ? error.issues : undefined;
    throw new ConfidantError('io', `${(error as Error).message}. Build the dataset again.`, { cause: error, issues });
  }
}

export function listDatasets(db: Db, paths: DataPaths): DatasetInfo[] {
  const ids = db.prepare('SELECT id FROM dataset ORDER BY created_at DESC, id DESC').pluck().all() as string[];
  // A folder deleted by hand drops out of the list instead of failing it.
  return ids.filter((id) => fs.existsSync(path.join(paths.datasets, id, 'manifest.json'))).map((id) => toDatasetInfo(paths, readManifest(paths, id)));
}

type Line = { text: string } | { messages: ChatMessage[] };

export function renderLine(base: BaseModel, line: Line): { kind: 'raw' | 'instruct'; rendered: string } {
  return 'messages' in line ? { kind: 'instruct', rendered: base.renderChat(line.messages) } : { kind: 'raw', rendered: base.renderRaw(line.text) };
}

export function sampleIndices(total: number, count: number, seed: number): number[] {
  const indices = Array.from({ length: total }, (_, i) => i);
  let state = (seed * 2654435761 + 1) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = indices.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, count);
}

/** A seeded random sample across all splits, rendered as the model will read it. */
export function samplePlanned(base: BaseModel, examples: Record<SplitName, Example[]>, count: number, seed: number): DatasetExample[] {
  const all = SPLITS.flatMap((split) => examples[split].map((e) => ({ split, e })));
  return sampleIndices(all.length, count, seed).map((i) => {
    const { split, e } = all[i];
    return { split, ...renderLine(base, e.line), tokens: e.tokens };
  });
}

export function showDataset(paths: DataPaths, id: string, count: number, seed: number): { dataset: DatasetInfo; examples: DatasetExample[] } {
  const manifest = readManifest(paths, id);
  const dataset = toDatasetInfo(paths, manifest);
  if (count === 0) return { dataset, examples: [] };
  const base = loadBaseModel(paths, manifest.base.dir);
  const all: { split: SplitName; line: Line }[] = [];
  for (const split of SPLITS) {
    const file = path.join(paths.datasets, id, `${split}.jsonl`);
    for (const text of fs.readFileSync(file, 'utf8').split('\n')) {
      if (text.trim() !== '') all.push({ split, line: JSON.parse(text) as Line });
    }
  }
  const examples = sampleIndices(all.length, count, seed).map((i) => {
    const { split, line } = all[i];
    const shown = renderLine(base, line);
    return { split, ...shown, tokens: base.countTokens(shown.rendered) };
  });
  return { dataset, examples };
}

/** Which entry each ref of a dataset's manifest stands for; only this data directory can say. */
export function datasetEntries(db: Db, id: string): { ref: string; sourcePath: string; key: string; split: SplitName }[] {
  return db.prepare('SELECT ref, source_path AS sourcePath, entry_key AS key, split FROM dataset_entry WHERE dataset_id = ? ORDER BY rowid').all(id) as { ref: string; sourcePath: string; key: string; split: SplitName }[];
}
