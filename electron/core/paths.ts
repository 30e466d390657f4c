import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { ConfidantError } from '../api/errors.ts';
import { toStorageError } from './storage-errors.ts';

/** The layout of the data directory: everything Confidant keeps lives here (privacy promise 4). */
export interface DataPaths {
  root: string;
  database: string;
  datasets: string;
  runs: string;
  models: string;
  logs: string;
  backups: string;
  tmp: string;
}

/**
 * The data directory, in order: an explicit choice, `CONFIDANT_DATA_DIR`, then the operating
 * system's application-data folder for "Confidant" (Linux: ~/.local/share/Confidant).
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.CONFIDANT_DATA_DIR;
  if (chosen && chosen.trim() !== '') return path.resolve(chosen);
  return envPaths('Confidant', { suffix: '' }).data;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'confidant.sqlite'),
    datasets: path.join(root, 'datasets'),
    runs: path.join(root, 'runs'),
    models: path.join(root, 'models'),
    logs: path.join(root, 'logs'),
    backups: path.join(root, 'backups'),
    tmp: path.join(root, 'tmp'),
  };
}

/** Creates the layout on first use; mode 0700 because the contents are a person's diary. */
export function ensureDataDir(paths: DataPaths): void {
  for (const dir of [paths.root, paths.datasets, paths.runs, paths.models, paths.logs, paths.backups, paths.tmp]) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (cause) {
      const storage = toStorageError(cause, { root: paths.root });
      if (storage) throw storage;
      const reason = (cause as NodeJS.ErrnoException).code === 'EEXIST' || (cause as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? 'a file with that name is in the way'
        : (cause as Error).message;
      throw new ConfidantError('io', `Cannot use ${dir} as Confidant's data folder: ${reason}. ` +
        'Choose another folder with --data-dir or CONFIDANT_DATA_DIR.', { cause });
    }
  }
}
