import fs from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../paths.ts';

/** The trainer's Python environment lives in the data directory (`python/`), made by `trainer setup`. */
export function trainerEnvDir(paths: DataPaths): string {
  return path.join(paths.root, 'python');
}

export function readTrainerEnvState(paths: DataPaths): {
  state: 'not_set_up' | 'ready' | 'broken';
  pythonPath: string | null;
  detail: string;
} {
  const dir = trainerEnvDir(paths);
  const marker = path.join(dir, 'confidant-env.json');
  const python = path.join(dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!fs.existsSync(dir)) {
    return { state: 'not_set_up', pythonPath: null, detail: 'The trainer environment is not set up yet: run `confidant trainer setup`.' };
  }
  if (!fs.existsSync(python) || !fs.existsSync(marker)) {
    return { state: 'broken', pythonPath: fs.existsSync(python) ? python : null, detail: `The trainer environment in ${dir} is incomplete: run \`confidant trainer setup\` to repair it.` };
  }
  return { state: 'ready', pythonPath: python, detail: `Trainer environment ready in ${dir}` };
}
