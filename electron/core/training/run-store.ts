import type { Db } from '../db/index.ts';
import type { TrainerEvent } from '../../api/trainer-events.ts';

export type RunStatus = 'running' | 'stopping' | 'stopped' | 'completed' | 'failed' | 'interrupted' | 'cancelled';

export interface RunRow {
  id: string;
  command: string;
  dataset_id: string | null;
  base_model: string;
  preset: string | null;
  config: string;
  run_dir: string;
  status: RunStatus;
  pid: number | null;
  pid_started: string | null;
  events_offset: number;
  last_step: number | null;
  total_steps: number | null;
  error: string | null;
  hint: string | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}

export const ACTIVE_STATUSES: readonly RunStatus[] = ['running', 'stopping'];
/** A run in one of these states can go on from its last checkpoint. */
export const RESUMABLE_STATUSES: readonly RunStatus[] = ['stopped', 'interrupted', 'failed'];

const now = () => new Date().toISOString();

export function getRun(db: Db, id: string): RunRow | undefined {
  return db.prepare('SELECT * FROM run WHERE id = ?').get(id) as RunRow | undefined;
}

export function listRuns(db: Db): RunRow[] {
  return db.prepare('SELECT * FROM run ORDER BY created_at DESC').all() as RunRow[];
}

export function activeRuns(db: Db): RunRow[] {
  return db.prepare(`SELECT * FROM run WHERE status IN ('running', 'stopping')`).all() as RunRow[];
}

export function insertRun(db: Db, row: Pick<RunRow, 'id' | 'command' | 'dataset_id' | 'base_model' | 'preset' | 'config' | 'run_dir'>): void {
  db.prepare(
    `INSERT INTO run (id, command, dataset_id, base_model, preset, config, run_dir, status, created_at, updated_at)
     VALUES (@id, @command, @dataset_id, @base_model, @preset, @config, @run_dir, 'running', @now, @now)`,
  ).run({ ...row, now: now() });
}

export function updateRun(db: Db, id: string, fields: Partial<Omit<RunRow, 'id'>>): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${k} = @${k}`).join(', ');
  db.prepare(`UPDATE run SET ${sets}, updated_at = @updated_at WHERE id = @id`).run({ ...fields, id, updated_at: now() });
}

/**
 * Stores a batch of events and the events-file offset they end at, in one transaction: after a
 * crash the offset and the stored events always agree, so no event is lost or stored twice.
 */
export function appendEvents(db: Db, runId: string, events: TrainerEvent[], offset: number): number[] {
  const nextSeq = db.prepare('SELECT coalesce(max(seq), -1) + 1 FROM run_event WHERE run_id = ?').pluck();
  const insert = db.prepare('INSERT INTO run_event (run_id, seq, kind, payload) VALUES (?, ?, ?, ?)');
  const tx = db.transaction(() => {
    let seq = nextSeq.get(runId) as number;
    const seqs: number[] = [];
    const summary: Partial<RunRow> = { events_offset: offset };
    for (const event of events) {
      insert.run(runId, seq, event.event, JSON.stringify(event));
      seqs.push(seq++);
      if (event.event === 'progress') {
        summary.last_step = event.step;
        summary.total_steps = event.total_steps;
      } else if (event.event === 'checkpoint') {
        summary.last_step = event.step;
      } else if (event.event === 'error') {
        summary.error = event.message;
        summary.hint = event.hint;
      }
    }
    updateRun(db, runId, summary);
    return seqs;
  });
  return tx();
}

export function listEvents(db: Db, runId: string, afterSeq = -1): { seq: number; event: TrainerEvent }[] {
  const rows = db.prepare('SELECT seq, payload FROM run_event WHERE run_id = ? AND seq > ? ORDER BY seq').all(runId, afterSeq) as {
    seq: number;
    payload: string;
  }[];
  return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as TrainerEvent }));
}
