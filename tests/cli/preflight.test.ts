import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { repoRoot, tinyMistralDir, venvPython } from '../helpers/tiny-model.ts';
import { cliRunner } from '../helpers/cli.ts';
import { recordMeasuredRun } from '../helpers/measured-run.ts';

const env = { ...process.env, CONFIDANT_TRAINER_PYTHON: venvPython };
let base: string;

beforeAll(() => {
  base = tinyMistralDir();
});

const confidant = cliRunner({ env, timeoutMs: 120_000 });

/** Writes into the data directory's database as the run store would, while no Confidant has it open. */
function recordMeasuredRunIn(dataDir: string, baseModel: string, tokensPerSecond: number): void {
  const db = new Database(path.join(dataDir, 'confidant.sqlite'));
  try {
    recordMeasuredRun(db, baseModel, tokensPerSecond);
  } finally {
    db.close();
  }
}

describe('confidant preflight', { timeout: 240_000 }, () => {
  it('prints what the Train screen shows for a dataset built from the sample journal: memory, advice, disk and the expected duration', async () => {
    const dataDir = tempDir();
    expect((await confidant(dataDir, 'source', 'add', path.join(repoRoot, 'resources', 'sample-journal'))).code).toBe(0);
    expect((await confidant(dataDir, 'index')).code).toBe(0);
    const built = await confidant(dataDir, '--json', 'dataset', 'build', '--style', 'raw', '--max-tokens', '256', '--base', base, '--redact-unreviewed');
    expect(built.code, built.stderr).toBe(0);
    const dataset = JSON.parse(built.stdout) as { id: string; summary: { splits: { train: { tokens: number } } } };
    const tokens = dataset.summary.splits.train.tokens;
    recordMeasuredRunIn(dataDir, base, 20);

    const json = await confidant(dataDir, '--json', 'preflight', '--base', base, '--dataset', dataset.id, '--set', 'train.epochs=3');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { vram: { verdict: string; advice: string }; disk: { neededGb: number }; duration: { tokens: number; seconds: number }; canTrain: boolean };
    expect(report.duration).toMatchObject({ tokens, seconds: (tokens * 3) / 20 });
    // No CUDA here: the trainer answers for the CPU, as the Train screen shows it.
    expect(report.vram.verdict).toBe('unknown');
    expect(report.canTrain).toBe(true);

    const text = await confidant(dataDir, 'preflight', '--base', base, '--dataset', dataset.id, '--set', 'train.epochs=3');
    expect(text.code, text.stderr).toBe(0);
    const minutes = Math.max(1, Math.ceil((tokens * 3) / 20 / 60));
    expect(text.stdout).toContain(`Expected duration: about ${minutes} min (${tokens} tokens)`);
    expect(text.stdout).toContain(`${tokens} tokens × 3 epoch(s) at 20 tokens/s measured here`);
    expect(text.stdout).toContain('GPU memory:        not checked on a GPU');
    expect(text.stdout).toContain(`  advice: ${report.vram.advice}`);
    expect(text.stdout).toMatch(new RegExp(`Disk: +(enough|too little) space, [0-9.]+ GB free, about ${report.disk.neededGb} GB needed`));
  });

  it('refuses a dataset id that is not one, naming it; an unknown setting is named where the memory estimate would be', async () => {
    const dataDir = tempDir();
    const bad = await confidant(dataDir, 'preflight', '--base', base, '--dataset', '../elsewhere');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"../elsewhere" is not a dataset id');
    const unknown = await confidant(dataDir, 'preflight', '--base', base, '--set', 'train.speed=11');
    expect(unknown.code, unknown.stderr).toBe(0);
    expect(unknown.stdout).toContain('- VRAM estimate unavailable: 1 problem(s) in the config: train.speed: unknown setting');
    expect(unknown.stdout).toContain('Expected duration: unknown\n  choose a built dataset to estimate the duration');
  });
});
