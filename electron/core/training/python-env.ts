/**
 * The trainer's own Python environment, made on first use inside the data directory
 * (`<data>/python`), step by step. Each step is recorded in `confidant-env.json` as it ends, so a
 * failed setup says which step failed and why, and `repair` resumes from that step instead of
 * starting over. After setup nothing in training, evaluation or export touches the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import type { DataPaths } from '../paths.ts';
import { runWithLines } from './spawn-lines.ts';

export const SETUP_STEPS = ['find-python', 'create-venv', 'install-torch', 'install-trainer', 'verify'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

/** The PyTorch build the trainer is tested with; CUDA wheels come from PyTorch's own index. */
export const TORCH_VERSION = '2.13.0';
const TORCH_INDEX = { cuda: 'https://download.pytorch.org/whl/cu130', cpu: 'https://download.pytorch.org/whl/cpu' } as const;
const MIN_PYTHON: [number, number] = [3, 10];

export type PackageSource = { kind: 'index' } | { kind: 'local'; dirs: string[] };

export interface SetupProgress {
  step: SetupStep;
  status: 'running' | 'done' | 'failed' | 'skipped';
  message: string;
  /** One line of the tool's own output, while a step runs. */
  line?: string;
}

interface StepRecord {
  status: 'done' | 'failed';
  at: string;
  detail: string;
}

export interface EnvState {
  version: 1;
  mode: 'managed' | 'existing';
  python: string | null;
  pythonVersion: string | null;
  packageSource: PackageSource;
  accelerator: 'cuda' | 'cpu';
  steps: Partial<Record<SetupStep, StepRecord>>;
  ready: boolean;
  doctor: unknown;
}

export interface SetupOptions {
  paths: DataPaths;
  /** The trainer project shipped with the app (folder holding pyproject.toml). */
  trainerDir: string;
  /** Which Python makes the environment; default: the first of python3, python on PATH that is new enough. */
  basePython?: string;
  /** Use this existing environment's Python instead of making one (the person pointed at it). */
  existingPython?: string;
  packageSource?: PackageSource;
  accelerator: 'cuda' | 'cpu';
  onProgress?: (progress: SetupProgress) => void;
}

export function envDir(paths: DataPaths): string {
  return path.join(paths.root, 'python');
}

function stateFile(paths: DataPaths): string {
  return path.join(envDir(paths), 'confidant-env.json');
}

function venvPython(dir: string): string {
  return process.platform === 'win32' ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
}

export function readEnvState(paths: DataPaths): EnvState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFile(paths), 'utf8')) as EnvState;
  } catch {
    return null;
  }
}

function writeEnvState(paths: DataPaths, state: EnvState): void {
  fs.mkdirSync(envDir(paths), { recursive: true });
  const tmp = `${stateFile(paths)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
  fs.renameSync(tmp, stateFile(paths));
}

/** The Python that training runs with, or a clear error saying to run setup. */
export function requireTrainerPython(paths: DataPaths): string {
  const state = readEnvState(paths);
  if (!state?.ready || !state.python) {
    const failed = state && SETUP_STEPS.find((s) => state.steps[s]?.status === 'failed');
    throw new ConfidantError(
      'trainer',
      failed
        ? `The trainer environment is not ready: step "${failed}" failed (${state.steps[failed]?.detail}). Run \`confidant trainer setup --repair\`.`
        : 'The trainer environment is not set up yet. Run `confidant trainer setup` (or Train > Set up) first.',
    );
  }
  return state.python;
}

function pipSourceArgs(source: PackageSource): string[] {
  if (source.kind === 'index') return [];
  // A local package directory: nothing may come from the network.
  return ['--no-index', ...source.dirs.flatMap((dir) => ['--find-links', dir])];
}

async function pythonVersion(python: string): Promise<string | null> {
  const result = await runWithLines(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {});
  const line = result.tail.at(-1);
  return result.code === 0 && line && /^\d+\.\d+\.\d+$/.test(line) ? line : null;
}

function isNewEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/**
 * Makes (or repairs) the trainer environment. Steps already done are skipped, so calling this
 * again after a failure is the repair. Resolves with the final state; a failed step rejects with
 * a `ConfidantError` naming the step, and the state file records it.
 */
export async function setupTrainerEnv(options: SetupOptions): Promise<EnvState> {
  const { paths } = options;
  const dir = envDir(paths);
  const source = options.packageSource ?? { kind: 'index' };
  const mode = options.existingPython ? 'existing' : 'managed';
  const previous = readEnvState(paths);
  // A change of mode, source or accelerator invalidates earlier steps; so does a deleted venv.
  const reusable =
    previous && previous.mode === mode && previous.accelerator === options.accelerator &&
    JSON.stringify(previous.packageSource) === JSON.stringify(source) &&
    (!previous.python || fs.existsSync(previous.python));
  const state: EnvState = reusable
    ? { ...previous, ready: false }
    : { version: 1, mode, python: null, pythonVersion: null, packageSource: source, accelerator: options.accelerator, steps: {}, ready: false, doctor: null };
  const emit = (p: SetupProgress) => options.onProgress?.(p);
  let basePython: string | null = null;

  const steps: Record<SetupStep, () => Promise<string>> = {
    'find-python': async () => {
      const candidates = options.existingPython ? [options.existingPython] : options.basePython ? [options.basePython] : ['python3', 'python'];
      for (const candidate of candidates) {
        const version = await pythonVersion(candidate);
        if (version && isNewEnough(version)) {
          basePython = candidate;
          if (mode === 'existing') {
            state.python = candidate;
            state.pythonVersion = version;
          }
          return `Python ${version} (${candidate})`;
        }
      }
      throw new Error(`no Python ${MIN_PYTHON.join('.')} or newer found (tried ${candidates.join(', ')}). Install Python 3.10+ and try again.`);
    },
    'create-venv': async () => {
      if (mode === 'existing') return 'using the existing environment';
      fs.rmSync(path.join(dir, 'venv'), { recursive: true, force: true });
      const venv = path.join(dir, 'venv');
      const result = await runWithLines(basePython ?? 'python3', ['-m', 'venv', venv], { onLine: (line) => emit({ step: 'create-venv', status: 'running', message: 'Creating the environment', line }) });
      if (result.code !== 0) throw new Error(`python -m venv failed: ${result.tail.slice(-3).join(' ')}`);
      state.python = venvPython(venv);
      state.pythonVersion = await pythonVersion(state.python);
      return `environment created in ${venv}`;
    },
    'install-torch': async () => {
      if (mode === 'existing') return 'using the PyTorch already in the environment';
      const index = source.kind === 'index' ? ['--index-url', TORCH_INDEX[options.accelerator]] : [];
      await pip(['install', `torch==${TORCH_VERSION}`, ...index, ...pipSourceArgs(source)], 'install-torch', 'Installing PyTorch');
      return `PyTorch ${TORCH_VERSION} (${options.accelerator === 'cuda' ? 'CUDA' : 'CPU'} build)`;
    },
    'install-trainer': async () => {
      // pip builds in the source folder, and an installed app's resources may be read-only: build a copy.
      const copy = path.join(dir, 'trainer-src');
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(options.trainerDir, copy, { recursive: true, filter: (src) => !/(__pycache__|\.pytest_cache|\.egg-info|[\\/]build|[\\/]tests)$/.test(src) });
      const target = options.accelerator === 'cuda' ? `${copy}[gpu]` : copy;
      await pip(['install', target, ...pipSourceArgs(source)], 'install-trainer', 'Installing the trainer');
      return 'trainer installed';
    },
    'verify': async () => {
      const python = state.python ?? '';
      let json = '';
      const result = await runWithLines(python, ['-m', 'confidant_trainer', 'doctor'], {
        onLine: (line, stream) => {
          if (stream === 'stdout') json += line;
        },
      });
      if (result.code !== 0) throw new Error(`the trainer does not start: ${result.tail.slice(-3).join(' ')}`);
      try {
        state.doctor = JSON.parse(json);
      } catch {
        throw new Error('the trainer doctor did not print JSON');
      }
      return 'the trainer starts and reports its environment';
    },
  };

  async function pip(args: string[], step: SetupStep, message: string): Promise<void> {
    const python = state.python;
    if (!python) throw new Error('no Python environment yet');
    // A local package directory means no network and nothing else: --isolated also ignores the pip
    // configuration files, whose extra indexes or find-links would otherwise still be used.
    const isolation = source.kind === 'local' ? ['--isolated'] : [];
    const result = await runWithLines(python, ['-m', 'pip', '--disable-pip-version-check', ...isolation, ...args], {
      onLine: (line) => emit({ step, status: 'running', message, line }),
    });
    if (result.code !== 0) {
      const reason = result.tail.filter((l) => /error|not found|No matching/i.test(l)).slice(-2).join(' ') || result.tail.slice(-2).join(' ');
      throw new Error(`pip failed: ${reason}`);
    }
  }

  for (const step of SETUP_STEPS) {
    // find-python always runs: later steps need the interpreter it finds.
    if (step !== 'find-python' && state.steps[step]?.status === 'done') {
      emit({ step, status: 'skipped', message: `${step}: already done` });
      continue;
    }
    emit({ step, status: 'running', message: `${step}: starting` });
    try {
      const detail = await steps[step]();
      state.steps[step] = { status: 'done', at: new Date().toISOString(), detail };
      writeEnvState(paths, state);
      emit({ step, status: 'done', message: detail });
    } catch (error) {
      const detail = (error as Error).message;
      state.steps[step] = { status: 'failed', at: new Date().toISOString(), detail };
      // Steps after a failed one must run again on repair.
      for (const later of SETUP_STEPS.slice(SETUP_STEPS.indexOf(step) + 1)) delete state.steps[later];
      writeEnvState(paths, state);
      emit({ step, status: 'failed', message: detail });
      throw new ConfidantError('trainer', `Trainer setup failed at step "${step}": ${detail} Fix that, then run \`confidant trainer setup --repair\` to resume from this step.`, { cause: error });
    }
  }
  state.ready = true;
  writeEnvState(paths, state);
  return state;
}
