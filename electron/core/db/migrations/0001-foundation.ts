import type { Migration } from '../migrate.ts';

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up: `
    CREATE TABLE app_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
