import type { Migration } from '../migrate.ts';

/**
 * Review that covers everything a prompt can carry, decided value by value.
 * - finding.field: findings are made in the entry's title, tags and path as well as its text;
 *   start/end index into that field. Findings are computed data, so old rows become 'text' and
 *   the scanner's config hash makes every entry scan again. entry_scan.fields_seen holds the
 *   title, tags and path the findings were made from, so a rename or a retitle scans again.
 * - value_decision: the person's work, like finding_decision: one decision for every unlisted
 *   candidate with this value ("Obsidian" is not personal), applied to every future scan.
 *   Keyed by the value folded to lower case with single spaces.
 * - dataset_entry: which entries a dataset holds, so the folder itself can name them by an
 *   opaque ref instead of their (possibly private) paths.
 */
export const reviewByValue: Migration = {
  version: 8,
  name: 'review-by-value',
  up: `
    ALTER TABLE finding ADD COLUMN field TEXT NOT NULL DEFAULT 'text' CHECK (field IN ('text', 'title', 'tags', 'path'));
    ALTER TABLE entry_scan ADD COLUMN fields_seen TEXT NOT NULL DEFAULT '';

    CREATE TABLE value_decision (
      value_key TEXT PRIMARY KEY,
      -- the value as first seen, for the list of decisions
      value TEXT NOT NULL,
      -- each: no decision for the value; the person decides finding by finding
      decision TEXT NOT NULL CHECK (decision IN ('person', 'place', 'not_personal', 'each')),
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE dataset_entry (
      dataset_id TEXT NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
      ref TEXT NOT NULL,
      source_path TEXT NOT NULL,
      entry_key TEXT NOT NULL,
      split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
      PRIMARY KEY (dataset_id, ref)
    ) STRICT;
  `,
};
