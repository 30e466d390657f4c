import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { TrainerErrorCode, TrainerEvent, trainerEventSchemas } from '../../electron/api/trainer-events.ts';
import { EvaluationReport, TrainDoneSummary, TrainStartInfo, TrainerConfig, TrainerPreflight, parseJson } from '../../electron/api/trainer-artifacts.ts';
import { repoRoot, tinyMistralDir, venvPython } from '../helpers/tiny-model.ts';
import { tempDir } from '../helpers/tmp.ts';

/** Runs the real Python writer (trainer/confidant_trainer/events.py) and returns its stdout lines. */
function pythonEventLines(): string[] {
  const stdout = execFileSync(venvPython, ['-m', 'confidant_trainer', 'events-sample'], {
    cwd: path.join(repoRoot, 'trainer'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return stdout.split('\n').filter((line) => line.length > 0);
}

describe('trainer event protocol', () => {
  const lines = pythonEventLines();

  it('every line the Python writer emits parses with the zod TrainerEvent schema', () => {
    for (const line of lines) {
      const parsed = TrainerEvent.safeParse(JSON.parse(line));
      expect(parsed.success, `${line}\n${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it('the Python writer covers every event kind the app reads, and no other', () => {
    const kinds = lines.map((line) => (JSON.parse(line) as { event: string }).event).sort();
    expect(kinds).toEqual(Object.keys(trainerEventSchemas).sort());
  });

  it('zod refuses a line that lost a required field, so drift fails loudly', () => {
    const progress = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.event === 'progress');
    expect(progress).toBeDefined();
    const withoutLoss = { ...progress };
    delete withoutLoss.loss;
    expect(TrainerEvent.safeParse(withoutLoss).success).toBe(false);
  });
});

/** A value the Python side exports, read by importing it (no copy of the list in the test). */
function pythonValue(module: string, name: string): unknown {
  const script = `import json\nfrom ${module} import ${name}\nprint(json.dumps(${name}))`;
  return JSON.parse(execFileSync(venvPython, ['-c', script], { cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8' }));
}

describe('trainer error codes', () => {
  it('are one closed list on both sides: ERROR_CODES in events.py and TrainerErrorCode in zod', () => {
    expect([...(pythonValue('confidant_trainer.events', 'ERROR_CODES') as string[])].sort()).toEqual([...TrainerErrorCode.options].sort());
  });

  it('an error event with a code outside the list does not parse', () => {
    const error = { event: 'error', time: 1, code: 'out_of_disk', message: 'no space left', hint: 'free some space' };
    expect(TrainerEvent.safeParse(error).success).toBe(false);
    expect(TrainerEvent.safeParse({ ...error, code: 'disk_full' }).success).toBe(true);
  });
});

describe('trainer config', () => {
  it('every key the app writes or reads is a field of the Python Config dataclasses', () => {
    const script = [
      'import dataclasses, json',
      'from confidant_trainer.config import Config',
      'print(json.dumps({f.name: [g.name for g in dataclasses.fields(f.default_factory())] for f in dataclasses.fields(Config) if dataclasses.is_dataclass(f.default_factory())}))',
    ].join('\n');
    const python = JSON.parse(execFileSync(venvPython, ['-c', script], { cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8' })) as Record<string, string[]>;
    const missing: string[] = [];
    for (const [section, schema] of Object.entries(TrainerConfig.shape)) {
      const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
      if (!(inner instanceof z.ZodObject)) continue;
      for (const key of Object.keys(inner.shape)) if (!python[section]?.includes(key)) missing.push(`${section}.${key}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(python)).toEqual(expect.arrayContaining(['model', 'data', 'train', 'lora', 'evaluate', 'merge']));
  });
});

describe('trainer preflight', () => {
  it('prints JSON that parses with TrainerPreflight, with an estimate and a verdict', () => {
    const config = path.join(tempDir(), 'run.json');
    fs.writeFileSync(config, JSON.stringify({ model: { path: tinyMistralDir() }, data: { max_length: 64 } }));
    const stdout = execFileSync(venvPython, ['-m', 'confidant_trainer.preflight', '--config', config], {
      cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HF_HUB_OFFLINE: '1' },
    });
    const report = parseJson(TrainerPreflight, stdout, 'preflight output');
    expect(report.verdict).toBe('unknown');
    expect(report.estimate_gb?.total).toBeGreaterThan(0);
    expect(report.error).toBeUndefined();
  });

  it('says why in the same shape when the base model folder is missing', () => {
    const config = path.join(tempDir(), 'run.json');
    fs.writeFileSync(config, JSON.stringify({ model: { path: path.join(path.dirname(config), 'no-such-model') } }));
    let stdout = '';
    try {
      execFileSync(venvPython, ['-m', 'confidant_trainer.preflight', '--config', config], { cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HF_HUB_OFFLINE: '1' } });
    } catch (error) {
      stdout = (error as { stdout: string }).stdout;
    }
    const report = parseJson(TrainerPreflight, stdout, 'preflight output');
    expect(report.error).toContain('no-such-model');
    expect(report.hint).not.toBe('');
  });
});

describe('a real training run on the tiny model', () => {
  it('writes only lines that parse as TrainerEvent, from start to done', () => {
    const tmp = tempDir();
    const train = path.join(tmp, 'train.jsonl');
    fs.writeFileSync(train, `${JSON.stringify({ text: 'Rain again, so I read by the window. '.repeat(4) })}\n`.repeat(6));
    const stdout = execFileSync(
      venvPython,
      ['-m', 'confidant_trainer', 'train', `model.path=${tinyMistralDir()}`, `data.train=${train}`, `data.validation=${train}`,
        `train.run_dir=${path.join(tmp, 'run')}`, 'data.max_length=32', 'train.max_steps=2', 'train.micro_batch=1', 'train.grad_accum=1',
        'train.eval_every=1', 'train.checkpoint_every=1'],
      { cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } },
    );
    const events = stdout.split('\n').filter((line) => line.length > 0).map((line) => TrainerEvent.parse(JSON.parse(line)));
    expect(events[0]?.event).toBe('start');
    expect(events.at(-1)?.event).toBe('done');
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['start', 'progress', 'eval', 'checkpoint', 'artifact', 'done']));
    const start = events[0];
    const done = events.at(-1);
    if (start?.event !== 'start' || done?.event !== 'done') throw new Error('the run did not start and end with start and done');
    expect(TrainStartInfo.parse(start.info)).toMatchObject({ device: 'cpu', total_steps: 2, resumed: false });
    expect(TrainDoneSummary.parse(done.summary)).toMatchObject({ completed: true, final_step: 2, adapter: path.join(tmp, 'run', 'adapter') });

    // The evaluation report the export reads, written by the real evaluate on that run's adapter.
    const report = path.join(tmp, 'evaluation.json');
    const evaluated = execFileSync(
      venvPython,
      ['-m', 'confidant_trainer', 'evaluate', `model.path=${tinyMistralDir()}`, `data.train=${train}`, `data.test=${train}`, 'data.max_length=32',
        `evaluate.adapter=${path.join(tmp, 'run', 'adapter')}`, `evaluate.report=${report}`, 'evaluate.canaries=["My locker code is 4417."]',
        'evaluate.candidates=8', 'evaluate.prompts=["How was the harbour today?"]', 'evaluate.max_new_tokens=2'],
      { cwd: path.join(repoRoot, 'trainer'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } },
    );
    const evalEvents = evaluated.split('\n').filter((line) => line.length > 0).map((line) => TrainerEvent.parse(JSON.parse(line)));
    expect(evalEvents.at(-1)?.event).toBe('done');
    const parsed = parseJson(EvaluationReport, fs.readFileSync(report, 'utf8'), report);
    expect(parsed.leak_check).toHaveLength(1);
    expect(parsed.leak_check[0]?.candidates).toBe(8);
    expect(parsed.generations.map((g) => g.prompt)).toEqual(['How was the harbour today?']);
    expect(fs.readFileSync(report, 'utf8')).not.toContain('4417');
  }, 240_000);
});
