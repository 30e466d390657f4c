import type { DataPaths } from '../paths.ts';
import { requireTrainerPython } from './python-env.ts';
import type { TrainerLauncher } from './run-manager.ts';
import { trainerProjectDir } from './trainer-dir.ts';

/**
 * Which Python runs the trainer. `CONFIDANT_TRAINER_PYTHON` (development and CI: a venv with the
 * trainer's dependencies, the trainer taken from the checkout) wins over the environment that
 * `trainer setup` made in the data directory.
 */
export function resolveLauncher(paths: DataPaths, env: NodeJS.ProcessEnv = process.env): TrainerLauncher {
  const override = env.CONFIDANT_TRAINER_PYTHON;
  if (override && override.trim() !== '') {
    return { python: override, env: { PYTHONPATH: trainerProjectDir(env) } };
  }
  return { python: requireTrainerPython(paths) };
}
