import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { repoRoot, tinyMistralDir, venvPython } from '../helpers/tiny-model.ts';
import { writeDatasetFolder } from '../helpers/dataset-folder.ts';
import { cliRunner } from '../helpers/cli.ts';

const QUAY_LINE = 'I kept the notebook by the window and wrote about the rain on the quay. '.repeat(2);

const cli = path.join(repoRoot, 'bin', 'confidant.js');
const env = { ...process.env, CONFIDANT_TRAINER_PYTHON: venvPython };
let base: string;

beforeAll(() => {
  base = tinyMistralDir();
});

const confidant = cliRunner({ env, timeoutMs: 280_000 });

function readRun(dataDir: string): { id: string; status: string; pid: number | null; last_step: number | null } | undefined {
  const file = path.join(dataDir, 'confidant.sqlite');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, status, pid, last_step FROM run ORDER BY created_at DESC LIMIT 1').get() as ReturnType<typeof readRun>;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

async function waitForFirstStep(dataDir: string): Promise<{ id: string; pid: number }> {
  const deadline = Date.now() + 200_000;
  for (;;) {
    const run = readRun(dataDir);
    if (run && run.pid !== null && run.last_step !== null && run.last_step >= 1) return { id: run.id, pid: run.pid };
    if (Date.now() > deadline) throw new Error('the run never reached its first step');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function startTrainCli(dataDir: string) {
  return spawn(process.execPath, [cli, '--data-dir', dataDir, 'train', '--base', base, '--dataset', 'ds1', '--preset', 'tiny_cpu',
    '--set', 'train.max_steps=10', '--set', 'data.max_length=64', '--set', 'train.checkpoint_every=1'], { cwd: repoRoot, env, stdio: 'ignore' });
}

function integrityOk(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'confidant.sqlite'));
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('confidant train when the app dies', { timeout: 300_000 }, () => {
  it('reattaches to a trainer that outlived a SIGKILLed CLI and follows it to the end', async () => {
    const dataDir = tempDir();
    writeDatasetFolder(dataDir, 'ds1', { train: Array.from({ length: 24 }, () => QUAY_LINE) });
    const child = startTrainCli(dataDir);
    const { id } = await waitForFirstStep(dataDir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(integrityOk(dataDir)).toBe('ok');

    const followed = await confidant(dataDir, '--json', 'run', id, '--follow');
    expect(followed.code).toBe(0);
    const run = JSON.parse(followed.stdout) as { status: string; lastStep: number };
    expect(run.status).toBe('completed');
    expect(run.lastStep).toBe(10);
  });

  it('finds the run interrupted and resumable when the CLI and the trainer were both killed, and resumes it', async () => {
    const dataDir = tempDir();
    writeDatasetFolder(dataDir, 'ds1', { train: Array.from({ length: 24 }, () => QUAY_LINE) });
    const child = startTrainCli(dataDir);
    const { id, pid } = await waitForFirstStep(dataDir);
    child.kill('SIGKILL');
    process.kill(-pid, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(integrityOk(dataDir)).toBe('ok');

    const listed = await confidant(dataDir, '--json', 'runs');
    expect(listed.code).toBe(0);
    const [run] = JSON.parse(listed.stdout) as { id: string; status: string; resumable: boolean }[];
    expect(run).toMatchObject({ id, status: 'interrupted', resumable: true });

    const resumed = await confidant(dataDir, '--json', 'resume', id);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', lastStep: 10 });
  });

  it('goes from the sample journal through a built dataset, training and export to a registered Q4_K_M GGUF that node-llama-cpp runs', { timeout: 900_000 }, async () => {
    const dataDir = tempDir();
    expect((await confidant(dataDir, 'source', 'add', path.join(repoRoot, 'resources', 'sample-journal'))).code).toBe(0);
    expect((await confidant(dataDir, 'index')).code).toBe(0);
    // The sample journal has unsure names waiting for review; the person chooses "redact them all".
    const built = await confidant(dataDir, '--json', 'dataset', 'build', '--style', 'raw', '--max-tokens', '256', '--base', base, '--redact-unreviewed');
    expect(built.code).toBe(0);
    const datasetId = (JSON.parse(built.stdout) as { id: string }).id;
    expect(fs.existsSync(path.join(dataDir, 'datasets', datasetId, 'test.jsonl'))).toBe(true);

    const trained = await confidant(dataDir, '--json', 'train', '--base', base, '--dataset', datasetId, '--set', 'train.max_steps=3', '--set', 'data.max_length=64');
    expect(trained.code).toBe(0);
    const run = JSON.parse(trained.stdout) as { id: string; status: string; datasetId: string };
    expect(run).toMatchObject({ status: 'completed', datasetId });

    const exported = await confidant(dataDir, '--json', 'export', run.id, '--quant', 'Q4_K_M');
    expect(exported.code).toBe(0);
    const { model } = JSON.parse(exported.stdout) as { model: { files: { kind: string; path: string; bytes: number }[]; perplexity: { base: number; fineTuned: number } | null; chatModelId: number | null; leakCheck: { canaries: number } } };
    expect(model.perplexity?.fineTuned).toBeGreaterThan(0);
    expect(model.chatModelId).not.toBeNull();
    const q4 = model.files.find((f) => f.kind === 'gguf_q4_k_m');
    expect(q4?.bytes).toBeGreaterThan(0);

    const listed = JSON.parse((await confidant(dataDir, '--json', 'models')).stdout) as { files: { path: string }[] }[];
    expect(listed).toHaveLength(1);
    // The quantized file is a real GGUF that node-llama-cpp loads and generates from on the CPU.
    const { getLlama, LlamaCompletion } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: false });
    const loaded = await llama.loadModel({ modelPath: q4?.path ?? '' });
    const context = await loaded.createContext({ contextSize: 256 });
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    const text = await completion.generateCompletion('Dear diary,', { maxTokens: 4 });
    expect(typeof text).toBe('string');
    expect(loaded.tokens.eos).toBe(2);
    await context.dispose();
    await loaded.dispose();
  });

  it('explains a base model folder that does not exist and exits 1', async () => {
    const dataDir = tempDir();
    writeDatasetFolder(dataDir, 'ds1', { train: Array.from({ length: 24 }, () => QUAY_LINE) });
    const result = await confidant(dataDir, 'train', '--base', path.join(dataDir, 'no-such-model'), '--dataset', 'ds1');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/base model folder .*no-such-model does not exist/);
  });
});
