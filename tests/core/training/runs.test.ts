import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../electron/api/index.ts';
import { openCore, type Core } from '../../../electron/core/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { tinyMistralDir, venvPython } from '../../helpers/tiny-model.ts';
import { writeRepeatedDataset } from '../../helpers/dataset-folder.ts';
import { call } from '../../helpers/client.ts';

// The real trainer on the tiny CPU model; only the GPU is missing.
let baseModel: string;
const cores: Core[] = [];

beforeAll(() => {
  process.env.CONFIDANT_TRAINER_PYTHON = venvPython;
  baseModel = tinyMistralDir();
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function open(dataDir: string): Core {
  const core = openCore({ dataDir, logError: () => {} });
  cores.push(core);
  return core;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const settle = (core: Core, id: string) =>
  waitFor(`run ${id} to end`, async () => {
    const { run } = await call(core, 'training.getRun', { id });
    return run.status === 'running' || run.status === 'stopping' ? undefined : run;
  });

const request = (overrides: string[]) => ({
  baseModel,
  datasetId: 'ds1',
  preset: 'tiny_cpu',
  overrides: ['data.max_length=64', 'train.micro_batch=2', 'train.grad_accum=1', 'train.warmup_steps=1', ...overrides],
});

describe('training runs with the real trainer on the tiny CPU model', { timeout: 300_000 }, () => {
  it('runs to completion, stores every event and streams them live', async () => {
    const dataDir = tempDir();
    writeRepeatedDataset(dataDir, 'ds1');
    const core = open(dataDir);
    const streamed: AppEvent[] = [];
    core.subscribe((e) => streamed.push(e));
    const run = await call(core, 'training.startRun', request(['train.max_steps=4', 'train.checkpoint_every=2', 'train.eval_every=2']));
    expect(run.status).toBe('running');
    const final = await settle(core, run.id);
    expect(final.status).toBe('completed');
    expect(final.lastStep).toBe(4);
    const { events } = await call(core, 'training.getRun', { id: run.id });
    const kinds = events.map((e) => e.event.event);
    expect(kinds[0]).toBe('start');
    expect(kinds.filter((k) => k === 'progress')).toHaveLength(4);
    expect(kinds).toContain('checkpoint');
    expect(kinds.at(-1)).toBe('done');
    expect(streamed.filter((e) => e.name === 'training.event').length).toBe(events.length);
    // A second run must not overwrite the first one's directory.
    expect(fs.existsSync(path.join(final.runDir, 'train', 'adapter'))).toBe(true);
  });

  it('refuses a second run while one is going, then stops gracefully and resumes to the same final step', async () => {
    const dataDir = tempDir();
    writeRepeatedDataset(dataDir, 'ds1');
    const core = open(dataDir);
    const run = await call(core, 'training.startRun', request(['train.max_steps=40', 'train.checkpoint_every=100']));
    const second = await core.invoke('training.startRun', request(['train.max_steps=2']));
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.message).toMatch(/one training run at a time/);

    await waitFor('the first step', async () => {
      const { run: r } = await call(core, 'training.getRun', { id: run.id });
      return r.lastStep !== null && r.lastStep >= 1 ? r : undefined;
    });
    const stopping = await call(core, 'training.stopRun', { id: run.id });
    expect(stopping.status).toBe('stopping');
    const stopped = await settle(core, run.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.resumable).toBe(true);
    expect(stopped.lastStep).toBeLessThan(40);

    await call(core, 'training.resumeRun', { id: run.id });
    const finished = await settle(core, run.id);
    expect(finished.status).toBe('completed');
    expect(finished.lastStep).toBe(40);
    expect(finished.totalSteps).toBe(40);
  });

  it('marks a run failed with its last message when the trainer is killed with SIGKILL, and logs junk lines without failing', async () => {
    const dataDir = tempDir();
    writeRepeatedDataset(dataDir, 'ds1');
    const core = open(dataDir);
    const run = await call(core, 'training.startRun', request(['train.max_steps=200']));
    await waitFor('the first step', async () => {
      const { run: r } = await call(core, 'training.getRun', { id: run.id });
      return r.lastStep !== null ? r : undefined;
    });
    // Anything on stdout that is not an event is logged, never fatal.
    fs.appendFileSync(path.join(run.runDir, 'events.jsonl'), 'this is not json\n{"event":"progress","step":"nope"}\n');
    await waitFor('the junk lines in trainer.log', async () =>
      /ignored a line that is not a trainer event: this is not json/.test(fs.readFileSync(path.join(run.runDir, 'trainer.log'), 'utf8')) ? true : undefined,
    );
    const { run: stillRunning } = await call(core, 'training.getRun', { id: run.id });
    expect(stillRunning.status).toBe('running');
    expect(fs.readFileSync(path.join(run.runDir, 'trainer.log'), 'utf8')).toMatch(/ignored a line that is not a trainer event: this is not json/);

    const pid = (core.context.db.prepare('SELECT pid FROM run WHERE id = ?').pluck().get(run.id) as number);
    process.kill(pid, 'SIGKILL');
    const failed = await settle(core, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/ended unexpectedly \(signal SIGKILL\)/);
    expect(failed.hint).toMatch(/confidant resume/);
    expect(failed.resumable).toBe(true);
  });
});
