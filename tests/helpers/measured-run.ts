import type { Db } from '../../electron/core/db/index.ts';

/**
 * A finished run of `baseModel` measured earlier on this machine at `tokensPerSecond`, written as the
 * run store keeps it, so preflight has a speed to estimate the duration from.
 */
export function recordMeasuredRun(db: Db, baseModel: string, tokensPerSecond: number): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO run (id, command, dataset_id, base_model, preset, config, run_dir, status, created_at, updated_at)
     VALUES ('run-earlier', 'train', NULL, ?, 'tiny_cpu', '{}', '/nowhere', 'completed', ?, ?)`,
  ).run(baseModel, now, now);
  const progress = { event: 'progress', time: 1, step: 1, total_steps: 2, loss: 2.5, lr: 0.0001, tokens_per_s: tokensPerSecond, eta_s: 1, vram_gb: 0 };
  db.prepare(`INSERT INTO run_event (run_id, seq, kind, payload) VALUES ('run-earlier', 1, 'progress', ?)`).run(JSON.stringify(progress));
}
