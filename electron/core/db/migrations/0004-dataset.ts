import type { Migration } from '../migrate.ts';

/**
 * Datasets built for training (issue 5). The files live in `datasets/<id>/`; this row is the index
 * the screens list from. It holds settings and figures only, never entry text.
 */
export const dataset: Migration = {
  version: 4,
  name: 'dataset',
  up: `
    CREATE TABLE dataset (
      id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      style TEXT NOT NULL CHECK (style IN ('raw', 'instruct', 'both')),
      base TEXT NOT NULL,
      -- JSON: the settings the dataset was built with
      settings TEXT NOT NULL,
      -- JSON: counts, token totals and the training-time estimate
      summary TEXT NOT NULL,
      decisions_hash TEXT NOT NULL,
      manifest_sha256 TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dataset_created ON dataset(created_at);
  `,
};
