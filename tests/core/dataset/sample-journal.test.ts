import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/index.ts';
import { datasetEntries, type DatasetManifest } from '../../../electron/core/dataset/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { tinyMistralDir } from './fixtures.ts';
import { call } from '../../helpers/client.ts';

const sampleJournal = path.resolve(import.meta.dirname, '../../../resources/sample-journal');

describe('dataset from the sample journal', () => {
  it('builds both styles from every format of the sample journal, through the real indexer and privacy scan', async () => {
    const core = openCore({ dataDir: tempDir(), logError: () => {} });
    const source = await call(core, 'library.addSource', { path: sampleJournal, watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    await call(core, 'privacy.scan', {});
    const entries = core.context.db.prepare('SELECT count(*) FROM entry WHERE removed = 0').pluck().get() as number;
    expect(entries).toBeGreaterThan(5);

    // The sample journal plants names the detectors are unsure of: a build asks before redacting them.
    const refused = await core.invoke('dataset.build', { base: tinyMistralDir(), style: 'both' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^\d+ findings? in \d+ (entry|entries) (is|are) still to review/);
    const built = await call(core, 'dataset.build', { base: tinyMistralDir(), style: 'both', unreviewed: 'redact' });
    expect(built.summary.toReview.findings).toBeGreaterThan(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(built.path, 'manifest.json'), 'utf8')) as DatasetManifest;
    expect(manifest.summary.entriesSeen).toBe(entries);
    expect(manifest.summary.used).toBeGreaterThan(0);
    // Entries from several formats made it in (the key names the file it came from).
    const folders = new Set(datasetEntries(core.context.db, built.id).map((e) => e.key.split('/')[0]));
    expect(folders.size).toBeGreaterThanOrEqual(4);
    const lines = ['train.jsonl', 'val.jsonl', 'test.jsonl'].flatMap((f) =>
      fs.readFileSync(path.join(built.path, f), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
    );
    expect(lines.filter((l) => typeof l.text === 'string').length).toBeGreaterThanOrEqual(manifest.summary.used);
    expect(lines.some((l) => Array.isArray(l.messages))).toBe(true);
    await core.close();
  });
});
