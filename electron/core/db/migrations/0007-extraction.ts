import type { Migration } from '../migrate.ts';

/**
 * Faithful extraction: each document remembers which version of its format's importer read it,
 * so a better importer re-reads every file once on the next index (entry keys, and with them the
 * person's decisions, stay the same). Each entry gets the local calendar day it was written on
 * (Day One's `timeZone`, a date in a file name or front matter), NULL for an undated note; date
 * filters, the Library list and dataset prompts use that day, never the UTC instant's day.
 * `note` says what a readable file left out (a Day One entry with no text), without being an error.
 */
export const extraction: Migration = {
  version: 7,
  name: 'extraction',
  up: `
    ALTER TABLE document ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE document ADD COLUMN note TEXT;
    ALTER TABLE entry ADD COLUMN local_day TEXT;
    -- Until the re-read lands, the stored instant's own day is the best guess for dated entries.
    UPDATE entry SET local_day = substr(created_at, 1, 10)
      WHERE created_at IS NOT NULL AND coalesce(created_from, '') NOT IN ('mtime', '');
    CREATE INDEX entry_local_day ON entry(local_day);
  `,
};
