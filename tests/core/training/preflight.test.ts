import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PreflightReport } from '../../../electron/api/calls/training.ts';
import { openCore, type Core } from '../../../electron/core/core.ts';
import { call } from '../../helpers/client.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { insertEntries, prose, tinyMistralDir } from '../dataset/fixtures.ts';

/** A finished run of this base measured earlier on this machine, as the run store keeps it. */
function recordMeasuredRun(core: Core, baseModel: string, tokensPerSecond: number): void {
  const now = new Date().toISOString();
  const db = core.context.db;
  db.prepare(
    `INSERT INTO run (id, command, dataset_id, base_model, preset, config, run_dir, status, created_at, updated_at)
     VALUES ('run-earlier', 'train', NULL, ?, 'tiny_cpu', '{}', '/nowhere', 'completed', ?, ?)`,
  ).run(baseModel, now, now);
  const progress = { event: 'progress', time: 1, step: 1, total_steps: 2, loss: 2.5, lr: 0.0001, tokens_per_s: tokensPerSecond, eta_s: 1, vram_gb: 0 };
  db.prepare(`INSERT INTO run_event (run_id, seq, kind, payload) VALUES ('run-earlier', 1, 'progress', ?)`).run(JSON.stringify(progress));
}

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
      recordMeasuredRun(core, base, 50);

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
