import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/core.ts';
import { datasetTrainTokens } from '../../../electron/core/training/preflight.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { writeRepeatedDataset } from '../../helpers/dataset-folder.ts';

describe('identifiers from outside never become a path out of their folder', () => {
  // Each a dataset id a page or a script might send; the first three point at <data>/outside.
  const hostile = ['../outside', '../../outside', '..', 'a/b', '/etc', '.hidden', 'x\\..\\y'];

  it.each(hostile)('training.startRun and training.preflight refuse datasetId %j before touching the disk', async (datasetId) => {
    const dataDir = path.join(tempDir('confidant-ids-'), 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      // A folder beside datasets/ that looks like a dataset: the old code trained on it.
      fs.mkdirSync(path.join(dataDir, 'outside'));
      fs.writeFileSync(path.join(dataDir, 'outside', 'train.jsonl'), `${JSON.stringify({ text: 'Dear diary, not a dataset of mine.' })}\n`);
      fs.writeFileSync(path.join(dataDir, 'outside', 'manifest.json'), JSON.stringify({ tokens: { train: 1234 } }));
      const base = tempDir('confidant-base-');
      for (const call of ['training.startRun', 'training.preflight']) {
        const result = await core.invoke(call, { datasetId, baseModel: base, preset: 'tiny_cpu' });
        expect(result, call).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(!result.ok && result.error.message).toContain(`"${datasetId}" is not a dataset id`);
      }
      expect(() => datasetTrainTokens(core.context, datasetId)).toThrow(/is not a dataset id/);
      expect(core.context.db.prepare('SELECT count(*) FROM run').pluck().get()).toBe(0);
    } finally {
      await core.close();
    }
  });

  it('still accepts the ids Confidant makes', async () => {
    const dataDir = path.join(tempDir('confidant-ids-'), 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      // A folder without a manifest: the id passes and the duration is simply unknown.
      writeRepeatedDataset(dataDir, '20240203-081500-a1b2c3');
      expect(datasetTrainTokens(core.context, '20240203-081500-a1b2c3')).toBeNull();
    } finally {
      await core.close();
    }
  });
});
