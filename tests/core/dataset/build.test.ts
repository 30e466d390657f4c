import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { openCore, type Core } from '../../../electron/core/index.ts';
import { DEFAULT_SETTINGS, datasetEntries, planDataset, writeDataset, type DatasetManifest } from '../../../electron/core/dataset/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { insertEntries, prose, tinyMistralDir } from './fixtures.ts';
import { call } from '../../helpers/client.ts';

function openWithJournal(count = 30): { core: Core; dataDir: string } {
  const dataDir = tempDir();
  const core = openCore({ dataDir, logError: () => {} });
  insertEntries(
    core.context.db,
    '/home/me/journal',
    Array.from({ length: count }, (_, i) => ({
      key: `2024/${String(i).padStart(3, '0')}.md`,
      createdAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z`,
      title: i % 2 === 0 ? `${String(i).padStart(3, '0')}` : '',
      tags: i % 3 === 0 ? ['travel'] : [],
      text: prose(i, 250),
    })),
  );
  return { core, dataDir };
}

function readLines(file: string): unknown[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

describe('dataset build', () => {
  it('writes train/val/test, the Alpaca export and a manifest with counts, tokens, entry refs and file hashes but no text or path', async () => {
    const { core } = openWithJournal();
    const info = await call(core, 'dataset.build', { base: tinyMistralDir(), seed: 1 });
    const dir = info.path;
    expect(fs.readdirSync(dir).sort()).toEqual(['alpaca.json', 'manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
    expect(manifest.summary.used).toBe(30);
    expect(manifest.summary.splits.train.entries + manifest.summary.splits.val.entries + manifest.summary.splits.test.entries).toBe(30);
    expect(manifest.summary.splits.val.entries).toBe(3);
    expect(manifest.entries).toHaveLength(30);
    expect(manifest.entries[0]).toEqual({ ref: expect.stringMatching(/^[0-9a-f]{12}$/), split: expect.stringMatching(/^(train|val|test)$/) });
    // The data directory, not the folder, knows which entry a ref stands for.
    const known = datasetEntries(core.context.db, info.id);
    expect(known.map((e) => e.ref)).toEqual(manifest.entries.map((e) => e.ref));
    expect(known[0]).toMatchObject({ sourcePath: '/home/me/journal', key: expect.stringMatching(/^2024\/\d{3}\.md$/) });
    for (const file of manifest.files) {
      expect(createHash('sha256').update(fs.readFileSync(path.join(dir, file.name))).digest('hex')).toBe(file.sha256);
    }
    // Both styles: each train line is a raw text or a user/assistant conversation.
    const train = readLines(path.join(dir, 'train.jsonl'));
    expect(train.some((l) => typeof l === 'object' && l !== null && 'text' in l)).toBe(true);
    expect(train.some((l) => typeof l === 'object' && l !== null && 'messages' in l)).toBe(true);
    expect(manifest.files.find((f) => f.name === 'train.jsonl')?.examples).toBe(train.length);
    expect(manifest.summary.totalTokens).toBeGreaterThan(30 * 250);
    expect(manifest.summary.estimate.seconds).toBeGreaterThan(0);
    const manifestText = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    for (let i = 0; i < 30; i += 1) expect(manifestText).not.toContain(prose(i, 250).slice(0, 40));
    expect(manifestText).not.toContain('/home/me/journal');
    expect(manifestText).not.toContain('2024/0');
    expect((await call(core, 'dataset.list', {})).datasets.map((d) => d.id)).toEqual([info.id]);
    await core.close();
  });

  it('gives byte-identical files for the same seed and a different split for another seed', async () => {
    const { core } = openWithJournal();
    const build = (seed: number) => call(core, 'dataset.build', { base: tinyMistralDir(), seed, style: 'raw' });
    const hashes = (dir: string) => ['train.jsonl', 'val.jsonl', 'test.jsonl'].map((f) => createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex'));
    const a = await build(4);
    const b = await build(4);
    const c = await build(5);
    expect(hashes(b.path)).toEqual(hashes(a.path));
    expect(hashes(c.path)).not.toEqual(hashes(a.path));
    expect(fs.existsSync(path.join(a.path, 'alpaca.json'))).toBe(false);
    await core.close();
  });

  it('removes duplicates before splitting and reports how many', async () => {
    const { core } = openWithJournal(20);
    const near = prose(3, 250).split(' ');
    near[100] = 'different';
    insertEntries(core.context.db, '/home/me/journal', [
      { key: 'copy-of-3.md', createdAt: '2025-01-01', text: prose(3, 250) },
      { key: 'edit-of-3.md', createdAt: '2023-01-01', text: near.join(' ') },
    ]);
    const info = await call(core, 'dataset.build', { base: tinyMistralDir() });
    expect(info.summary).toMatchObject({ used: 20, exactDuplicates: 1, nearDuplicates: 1 });
    const manifest = JSON.parse(fs.readFileSync(path.join(core.context.paths.datasets, info.id, 'manifest.json'), 'utf8')) as DatasetManifest;
    // The newest copy is the one kept.
    const keys = datasetEntries(core.context.db, info.id).map((e) => e.key);
    expect(manifest.entries).toHaveLength(keys.length);
    expect(keys).toContain('copy-of-3.md');
    expect(keys).not.toContain('2024/003.md');
    await core.close();
  });

  it('holds out the newest entries as the test split when asked', async () => {
    const { core } = openWithJournal(40);
    const info = await call(core, 'dataset.build', { base: tinyMistralDir(), holdout: 'recent', style: 'raw' });
    const manifest = JSON.parse(fs.readFileSync(path.join(core.context.paths.datasets, info.id, 'manifest.json'), 'utf8')) as DatasetManifest;
    expect(manifest.entries.filter((e) => e.split === 'test')).toHaveLength(4);
    const test = datasetEntries(core.context.db, info.id).filter((e) => e.split === 'test').map((e) => Number(/(\d{3})\.md$/.exec(e.key)?.[1]));
    expect(test).toHaveLength(4);
    // Entries 24..27 carry the latest dates (day 25..28 of the month).
    expect(test.sort((x, y) => x - y)).toEqual([24, 25, 26, 27]);
    await core.close();
  });

  it('refuses an empty result with a message saying what to do, and writes nothing', async () => {
    const { core, dataDir } = openWithJournal(5);
    // Entries with nothing left to say (blank after import) are what an all-excluded library gives too.
    core.context.db.prepare("UPDATE entry SET text = ' \n '").run();
    const result = await core.invoke('dataset.build', { base: tinyMistralDir() });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/Nothing to train on. All 5 entries are excluded or empty.*include some entries in Review/) } });
    expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    core.context.db.prepare('DELETE FROM entry').run();
    expect(await core.invoke('dataset.build', { base: tinyMistralDir() })).toMatchObject({ ok: false, error: { message: expect.stringContaining('The library has no entries yet') } });
    await core.close();
  });

  it('previews counts and rendered examples, and reports an empty library as a state with what to do', async () => {
    const { core } = openWithJournal(10);
    const preview = await call(core, 'dataset.preview', {
      settings: { base: tinyMistralDir(), style: 'raw' },
      sample: { count: 4, seed: 0 },
    });
    expect(preview.state).toBe('ready');
    if (preview.state !== 'ready') throw new Error('narrowed above');
    expect(preview.summary.used).toBe(10);
    expect(preview.examples).toHaveLength(4);
    for (const e of preview.examples) expect(e.rendered).toMatch(/^<s>[\s\S]+<\/s>$/);
    expect(fs.readdirSync(core.context.paths.datasets)).toEqual([]);
    core.context.db.prepare('DELETE FROM entry').run();
    expect(await call(core, 'dataset.preview', { settings: { base: tinyMistralDir() } })).toEqual({
      state: 'empty',
      message: 'Nothing to train on. The library has no entries yet: add a folder in Library first.',
    });
    await core.close();
  });

  it('refuses a base model whose tokenizer cannot be found, and writes nothing', async () => {
    const { core, dataDir } = openWithJournal(5);
    const result = await core.invoke('dataset.build', { base: path.join(dataDir, 'no-such-model') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('No tokenizer found for base model') } });
    expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);
    await core.close();
  });

  it('leaves no half dataset, no temporary file and no index row when the disk fills up mid-write', async () => {
    const { core, dataDir } = openWithJournal(10);
    const plan = planDataset(core.context.db, core.context.paths, { ...DEFAULT_SETTINGS, base: tinyMistralDir() });
    let writes = 0;
    const fullDisk = {
      write(file: string, data: string) {
        writes += 1;
        if (writes === 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        fs.writeFileSync(file, data);
      },
    };
    let caught: unknown;
    try {
      writeDataset(core.context.db, core.context.paths, plan, { writer: fullDisk });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfidantError);
    expect((caught as ConfidantError).code).toBe('disk_full');
    expect((caught as ConfidantError).message).toMatch(/disk .* is full.*Nothing half-written was kept\. Free at least that much space/);
    expect(fs.readdirSync(path.join(dataDir, 'datasets'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    expect(core.context.db.prepare('SELECT count(*) FROM dataset').pluck().get()).toBe(0);
    await core.close();
  });

  it('shows a sample of examples exactly as the model reads them', async () => {
    const { core } = openWithJournal(10);
    const info = await call(core, 'dataset.build', { base: tinyMistralDir(), style: 'instruct' });
    const shown = await call(core, 'dataset.show', { id: info.id, sample: { count: 4, seed: 2 } });
    expect(shown.examples).toHaveLength(4);
    for (const e of shown.examples) {
      expect(e.kind).toBe('instruct');
      expect(e.rendered).toMatch(/^<s>\[INST\] (Write my journal entry for|Continue this entry:)[\s\S]* \[\/INST\] [\s\S]+<\/s>$/);
    }
    const again = await call(core, 'dataset.show', { id: info.id, sample: { count: 4, seed: 2 } });
    expect(again.examples).toEqual(shown.examples.map((e) => expect.objectContaining({ rendered: e.rendered })));
    expect(await core.invoke('dataset.show', { id: '../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await core.close();
  });
});
