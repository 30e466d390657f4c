import { SETUP_STEPS, envDir, readEnvState } from '../training/python-env.ts';
import type { DataPaths } from '../paths.ts';

/** The trainer environment as `status` reports it: not set up, ready, or broken with the failed step. */
export function readTrainerEnvState(paths: DataPaths): {
  state: 'not_set_up' | 'ready' | 'broken';
  pythonPath: string | null;
  detail: string;
} {
  const state = readEnvState(paths);
  if (!state) {
    return { state: 'not_set_up', pythonPath: null, detail: 'The trainer environment is not set up yet: run `confidant trainer setup`.' };
  }
  if (state.ready && state.python) {
    return { state: 'ready', pythonPath: state.python, detail: `Trainer environment ready in ${envDir(paths)} (Python ${state.pythonVersion ?? '?'})` };
  }
  const failed = SETUP_STEPS.find((step) => state.steps[step]?.status === 'failed');
  return {
    state: 'broken',
    pythonPath: state.python,
    detail: failed
      ? `Setup failed at "${failed}": ${state.steps[failed]?.detail ?? ''} Run \`confidant trainer setup --repair\`.`
      : 'Setup did not finish: run `confidant trainer setup --repair`.',
  };
}
