/**
 * Writing a planned dataset: `datasets/<id>/{train,val,test}.jsonl`, `alpaca.json` (instruct
 * styles) and `manifest.json`. Everything is written into a folder under the data directory's
 * tmp/ and renamed into place, so a crash or a full disk leaves no half dataset (issue 5).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import type { DataPaths } from '../paths.ts';
import { toStorageError } from '../storage-errors.ts';
import type { DatasetPlan, DatasetSettings, DatasetSummary } from './plan.ts';
import { SPLITS, type SplitName } from './split.ts';

/** 2: entries are named by an opaque ref (their paths can be private); the data directory maps refs back. */
export const MANIFEST_VERSION = 2;

export interface DatasetFile {
  name: string;
  bytes: number;
  sha256: string;
  examples: number;
}

export interface DatasetManifest {
  manifestVersion: number;
  id: string;
  createdAt: string;
  settings: DatasetSettings;
  base: { name: string; dir: string };
  summary: DatasetSummary;
  decisionsHash: string;
  /** The entries used, per split, by a ref that means nothing outside this data directory: never a path or text. */
  entries: { ref: string; split: SplitName }[];
  files: DatasetFile[];
}

/** How bytes reach the disk; tests swap it to simulate a full disk. */
export interface FileWriter {
  write(file: string, data: string): void;
}

export const fsWriter: FileWriter = {
  write(file, data) {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};

export function newDatasetId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function writeDataset(db: Db, paths: DataPaths, plan: DatasetPlan, options: { now?: Date; writer?: FileWriter } = {}): DatasetManifest {
  const now = options.now ?? new Date();
  const writer = options.writer ?? fsWriter;
  const id = newDatasetId(now);
  const staging = path.join(paths.tmp, `dataset-${id}`);
  const target = path.join(paths.datasets, id);
  // Random, not a hash of the path: a hash of `pages/Ana Souza.md` could be confirmed by guessing.
  const refs = plan.entries.map((e) => ({ ...e, ref: randomBytes(6).toString('hex') }));
  try {
    fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
    const files: DatasetFile[] = [];
    const put = (name: string, data: string, examples: number): void => {
      writer.write(path.join(staging, name), data);
      files.push({ name, bytes: Buffer.byteLength(data), sha256: sha256(data), examples });
    };
    for (const split of SPLITS) {
      const lines = plan.examples[split].map((e) => JSON.stringify(e.line));
      put(`${split}.jsonl`, lines.length > 0 ? `${lines.join('\n')}\n` : '', lines.length);
    }
    if (plan.settings.style !== 'raw') {
      // For other tools (issue 5): the training split only, so a held-out split stays held out.
      const alpaca = plan.examples.train.flatMap((e) => (e.alpaca ? [e.alpaca] : []));
      put('alpaca.json', `${JSON.stringify(alpaca, null, 2)}\n`, alpaca.length);
    }
    const manifest: DatasetManifest = {
      manifestVersion: MANIFEST_VERSION,
      id,
      createdAt: now.toISOString(),
      settings: plan.settings,
      base: { name: plan.base.name, dir: plan.base.dir },
      summary: plan.summary,
      decisionsHash: plan.decisionsHash,
      entries: refs.map((r) => ({ ref: r.ref, split: r.split })),
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    writer.write(path.join(staging, 'manifest.json'), manifestText);
    fs.renameSync(staging, target);
    try {
      const entry = db.prepare('INSERT INTO dataset_entry (dataset_id, ref, source_path, entry_key, split) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        db.prepare(
          `INSERT INTO dataset (id, created_at, style, base, settings, summary, decisions_hash, manifest_sha256)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, manifest.createdAt, plan.settings.style, plan.base.name, JSON.stringify(plan.settings), JSON.stringify(plan.summary), plan.decisionsHash, sha256(manifestText));
        for (const r of refs) entry.run(id, r.ref, r.sourcePath, r.key, r.split);
      })();
    } catch (error) {
      fs.rmSync(target, { recursive: true, force: true });
      throw error;
    }
    return manifest;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw toWriteError(error, paths, Buffer.byteLength(JSON.stringify(plan.examples)));
  }
}

function toWriteError(error: unknown, paths: DataPaths, plannedBytes: number): unknown {
  if (error instanceof ConfidantError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const storage = toStorageError(error, { root: paths.root, neededBytes: plannedBytes });
  if (storage) return storage;
  if (code !== undefined) {
    return new ConfidantError('io', `The dataset could not be written under ${paths.root} (${code}). Nothing was kept; check the folder's permissions and free space, then build again.`, { cause: error });
  }
  return error;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
