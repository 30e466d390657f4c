import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PreflightReport } from '../../../electron/api/calls/training.ts';
import { openCore, type Core } from '../../../electron/core/core.ts';
import { call } from '../../helpers/client.ts';
import { recordMeasuredRun } from '../../helpers/measured-run.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { insertEntries, prose, tinyMistralDir } from '../dataset/fixtures.ts';

function preflight(core: Core, datasetId: string, base: string): Promise<PreflightReport> {
  return call(core, 'training.preflight', { datasetId, baseModel: base, preset: 'tiny_cpu', overrides: ['train.epochs=2'] });
}

describe('preflight duration for a dataset made by dataset build', () => {
  it('shows the expected duration from the built manifest and the speed measured here', async () => {
    const dataDir = path.join(tempDir('confidant-preflight-'), 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      const base = tinyMistralDir();
      insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 12 }, (_, i) => ({ key: `${i}.md`, text: prose(i, 120), createdAt: '2024-02-03T08:00:00Z' })));
      const dataset = await call(core, 'dataset.build', { base, seed: 1, style: 'raw' });
      const trainTokens = dataset.summary.splits.train.tokens;
      expect(trainTokens).toBeGreaterThan(0);
      recordMeasuredRun(core.context.db, base, 50);

      const report = await preflight(core, dataset.id, base);
      expect(report.duration.tokens).toBe(trainTokens);
      expect(report.duration.seconds).toBeCloseTo((trainTokens * 2) / 50, 6);
      expect(report.duration.detail).toBe(`about ${Math.ceil((trainTokens * 2) / 50 / 60)} min for ${trainTokens} tokens × 2 epoch(s) at 50 tokens/s measured here`);
    } finally {
      await core.close();
    }
  });

  it('names the manifest and the field when a manifest is damaged, instead of hiding the duration silently', async () => {
    const dataDir = path.join(tempDir('confidant-preflight-'), 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      const base = tinyMistralDir();
      insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 12 }, (_, i) => ({ key: `${i}.md`, text: prose(i, 120), createdAt: '2024-02-03T08:00:00Z' })));
      const dataset = await call(core, 'dataset.build', { base, seed: 1, style: 'raw' });
      const file = path.join(dataDir, 'datasets', dataset.id, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { summary: { splits: { train: { tokens: unknown } } } };
      manifest.summary.splits.train.tokens = 'many';
      fs.writeFileSync(file, JSON.stringify(manifest));

      const report = await preflight(core, dataset.id, base);
      expect(report.duration.tokens).toBeNull();
      expect(report.duration.detail).toContain(file);
      expect(report.duration.detail).toContain('summary.splits.train.tokens');
      expect(report.duration.detail).toMatch(/build the dataset again/i);
    } finally {
      await core.close();
    }
  });
});
