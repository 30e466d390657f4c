import type { Migration } from '../migrate.ts';

/**
 * Training runs and every event their trainer wrote. Events are stored as they arrive, with the
 * byte offset reached in the run's events file, so a closed window or a restarted app loses
 * nothing and never stores an event twice.
 */
export const training: Migration = {
  version: 5,
  name: 'training',
  up: `
    CREATE TABLE run (
      id TEXT PRIMARY KEY,
      command TEXT NOT NULL,
      dataset_id TEXT,
      base_model TEXT NOT NULL,
      preset TEXT,
      config TEXT NOT NULL,
      run_dir TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'stopping', 'stopped', 'completed', 'failed', 'interrupted', 'cancelled')),
      pid INTEGER,
      -- the trainer's start time as the OS reports it, so a reused pid is never mistaken for it
      pid_started TEXT,
      events_offset INTEGER NOT NULL DEFAULT 0,
      last_step INTEGER,
      total_steps INTEGER,
      error TEXT,
      hint TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      ended_at TEXT
    ) STRICT;
    CREATE INDEX run_status ON run(status);

    CREATE TABLE run_event (
      run_id TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) STRICT;

    -- A model made by training and exported: what it came from, how good it is, where its files are.
    CREATE TABLE model (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      base_model TEXT NOT NULL,
      dataset_id TEXT,
      run_id TEXT NOT NULL,
      export_run_id TEXT NOT NULL,
      quant TEXT NOT NULL,
      hyperparameters TEXT NOT NULL,
      perplexity TEXT,
      leak_check TEXT NOT NULL,
      files TEXT NOT NULL,
      chat_model_id INTEGER,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
};
