import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { insertEntries, prose, tinyMistralDir } from '../core/dataset/fixtures.ts';
import { cliRunner } from '../helpers/cli.ts';


const confidant = cliRunner();

async function journal(entries = 20): Promise<string> {
  const dataDir = tempDir();
  const core = openCore({ dataDir });
  insertEntries(core.context.db, '/home/me/journal', Array.from({ length: entries }, (_, i) => ({
    key: `${i}.md`,
    createdAt: `2023-06-${String(i + 1).padStart(2, '0')}`,
    title: `Day ${i}`,
    text: prose(i, 200),
  })));
  await core.close();
  return dataDir;
}

describe('confidant dataset', () => {
  it('builds, lists and shows a dataset in human and JSON form', async () => {
    const dataDir = await journal();
    const built = await confidant(dataDir, 'dataset', 'build', '--style', 'instruct', '--max-tokens', '1024', '--base', tinyMistralDir(), '--seed', '3');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^Dataset \d{8}-\d{6}-[0-9a-f]{6}$/m);
    expect(built.stdout).toMatch(/Entries: +20 used of 20 \(0 excluded, 0 empty, 0 exact and 0 near duplicates removed\)/);
    expect(built.stdout).toMatch(/Train: +16 entries, \d+ examples, \d+ tokens/);
    expect(built.stdout).toMatch(/Training: +roughly \d+ (s|min)/);

    const listed = await confidant(dataDir, '--json', 'dataset', 'list');
    const { datasets } = JSON.parse(listed.stdout) as { datasets: { id: string; settings: { style: string; maxTokens: number; seed: number }; files: { name: string }[] }[] };
    expect(datasets).toHaveLength(1);
    expect(datasets[0].settings).toMatchObject({ style: 'instruct', maxTokens: 1024, seed: 3 });
    expect(datasets[0].files.map((f) => f.name)).toEqual(['train.jsonl', 'val.jsonl', 'test.jsonl', 'alpaca.json']);
    expect(fs.existsSync(path.join(dataDir, 'datasets', datasets[0].id, 'manifest.json'))).toBe(true);

    const shown = await confidant(dataDir, 'dataset', 'show', datasets[0].id, '--sample', '2');
    expect(shown.code).toBe(0);
    expect(shown.stdout.match(/^--- example \d \((train|val|test), instruct, \d+ tokens\) ---$/gm)).toHaveLength(2);
    expect(shown.stdout).toMatch(/^<s>\[INST\] /m);
  }, 240_000);

  it('stops while findings wait for review, saying how many, and builds with --redact-unreviewed', async () => {
    const dataDir = tempDir();
    const core = openCore({ dataDir });
    insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 10 }, (_, i) => ({
      key: `${i}.md`,
      createdAt: `2023-06-${String(i + 1).padStart(2, '0')}`,
      text: `${prose(i, 80)}\n\nCoffee with Brannoch after work.`,
    })));
    await core.close();
    const refused = await confidant(dataDir, 'dataset', 'build', '--base', tinyMistralDir());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('10 findings in 10 entries are still to review');
    expect(refused.stderr).toContain('--redact-unreviewed');
    expect(fs.existsSync(path.join(dataDir, 'datasets')) ? fs.readdirSync(path.join(dataDir, 'datasets')) : []).toEqual([]);

    const built = await confidant(dataDir, 'dataset', 'build', '--base', tinyMistralDir(), '--redact-unreviewed', '--style', 'raw');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/Redacted: +10 findings still to review in 10 entries, as placeholders such as \[PERSON\]/);
    const id = /^Dataset (\S+)$/m.exec(built.stdout)?.[1] ?? '';
    const train = fs.readFileSync(path.join(dataDir, 'datasets', id, 'train.jsonl'), 'utf8');
    expect(train).toContain('Coffee with [PERSON] after work.');
    expect(train).not.toContain('Brannoch');
  }, 240_000);

  it('exits 1 with a message naming what is missing when the base has no tokenizer', async () => {
    const dataDir = await journal(3);
    const result = await confidant(dataDir, 'dataset', 'build', '--base', 'mistral-absent');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Error: No tokenizer found for base model "mistral-absent"/);
    expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);
  }, 240_000);

  it('exits 2 on a bad option and 1 with a JSON error for an unknown dataset', async () => {
    const dataDir = await journal(3);
    const bad = await confidant(dataDir, 'dataset', 'build', '--max-tokens', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-tokens must be a whole number of at least 128.');
    const missing = await confidant(dataDir, '--json', 'dataset', 'show', '20990101-000000-abcdef');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not_found', message: expect.stringContaining('No dataset "20990101-000000-abcdef"') } });
  }, 240_000);
});
