import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfidantError } from '../../api/errors.ts';

/**
 * The trainer project the app ships (pyproject.toml + confidant_trainer/). In a checkout it is
 * `<repo>/trainer`; a packaged app sets CONFIDANT_TRAINER_DIR to its resources copy.
 */
export function trainerProjectDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.CONFIDANT_TRAINER_DIR,
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../trainer'),
  ].filter((c): c is string => typeof c === 'string' && c !== '');
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'pyproject.toml'))) return dir;
  }
  throw new ConfidantError('not_found', `The trainer project was not found (looked in ${candidates.join(', ')}). Reinstall Confidant.`);
}

export function presetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(trainerProjectDir(env), 'confidant_trainer', 'configs');
}
