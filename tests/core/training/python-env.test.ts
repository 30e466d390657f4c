import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { dataPaths } from '../../../electron/core/paths.ts';
import { readEnvState, setupTrainerEnv, type SetupProgress } from '../../../electron/core/training/python-env.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { repoRoot } from '../../helpers/tiny-model.ts';

/**
 * A local package directory stands in for the network (the test must not download anything): the
 * machine's own wheel mirror, linked into a folder the test controls, so that it can first leave
 * PyTorch out (a failing step) and then put it back (the repair).
 */
const mirrors = (process.env.CONFIDANT_TEST_WHEEL_DIRS ?? '/opt/wheels:/opt/pypi/files').split(':');

function linkWheels(into: string, include: (name: string) => boolean): void {
  for (const dir of mirrors) {
    if (!fs.existsSync(dir)) throw new Error(`The wheel mirror ${dir} is missing; set CONFIDANT_TEST_WHEEL_DIRS to local wheel folders.`);
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.whl') && include(name) && !fs.existsSync(path.join(into, name))) fs.symlinkSync(path.join(dir, name), path.join(into, name));
    }
  }
}

describe('trainer environment setup from a local package directory', () => {
  it('reports the failing step, then repair resumes from it and ends with a working trainer', { timeout: 900_000 }, async () => {
    const paths = dataPaths(tempDir());
    const packages = tempDir('confidant-wheels-');
    linkWheels(packages, (name) => !name.startsWith('torch-'));
    const progress: SetupProgress[] = [];
    const options = {
      paths,
      trainerDir: path.join(repoRoot, 'trainer'),
      basePython: 'python3',
      packageSource: { kind: 'local' as const, dirs: [packages] },
      accelerator: 'cpu' as const,
      onProgress: (p: SetupProgress) => progress.push(p),
    };

    const failure = await setupTrainerEnv(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfidantError);
    expect((failure as Error).message).toMatch(/failed at step "install-torch": pip failed: .*torch==2\.13\.0/);
    expect((failure as Error).message).toMatch(/confidant trainer setup --repair/);
    const failed = readEnvState(paths);
    expect(failed?.ready).toBe(false);
    expect(failed?.steps['create-venv']?.status).toBe('done');
    expect(failed?.steps['install-torch']?.status).toBe('failed');
    expect(progress.some((p) => p.step === 'install-torch' && p.status === 'running' && p.line !== undefined)).toBe(true);
    const venvConfig = path.join(paths.root, 'python', 'venv', 'pyvenv.cfg');
    const venvMadeAt = fs.statSync(venvConfig).mtimeMs;

    // The person fixes the cause (here: PyTorch becomes available), then repairs.
    linkWheels(packages, (name) => name.startsWith('torch-'));
    progress.length = 0;
    const state = await setupTrainerEnv(options);
    expect(state.ready).toBe(true);
    expect(progress.find((p) => p.step === 'create-venv')?.status).toBe('skipped');
    expect(fs.statSync(venvConfig).mtimeMs).toBe(venvMadeAt);
    expect(progress.filter((p) => p.status === 'done').map((p) => p.step)).toEqual(['find-python', 'install-torch', 'install-trainer', 'verify']);
    const doctor = state.doctor as Record<string, unknown>;
    expect(JSON.stringify(doctor)).toMatch(/2\.13\.0/);
  });

  it('says plainly when no suitable Python exists', async () => {
    const paths = dataPaths(tempDir());
    const error = await setupTrainerEnv({
      paths,
      trainerDir: path.join(repoRoot, 'trainer'),
      basePython: '/nonexistent/python3',
      accelerator: 'cpu',
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed at step "find-python": no Python 3\.10 or newer found/);
  });
});
