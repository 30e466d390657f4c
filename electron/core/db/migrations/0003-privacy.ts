import type { Migration } from '../migrate.ts';

/**
 * Privacy review (issue #4). Two kinds of data live here:
 * - computed: findings and scan state, tied to entry rows and recomputed when an entry's text
 *   (text_hash) or the person's list changes; safe to delete.
 * - the person's work: decisions, rules, kind policies, the people-and-places list and the
 *   pseudonym book. Decisions are keyed by (source path, entry key), not entry id, so they survive
 *   re-indexing, edits, renames (rekeyDecisions) and removing and re-adding a source.
 */
export const privacy: Migration = {
  version: 3,
  name: 'privacy',
  up: `
    CREATE TABLE privacy_name (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('person', 'place')),
      -- JSON array of aliases and nicknames
      aliases TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE finding (
      id INTEGER PRIMARY KEY,
      entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      start INTEGER NOT NULL,
      end INTEGER NOT NULL,
      value TEXT NOT NULL,
      detector TEXT NOT NULL,
      confidence REAL NOT NULL,
      name_id INTEGER REFERENCES privacy_name(id) ON DELETE SET NULL
    ) STRICT;
    CREATE INDEX finding_entry ON finding(entry_id, start);
    CREATE INDEX finding_kind ON finding(kind);

    CREATE TABLE entry_scan (
      entry_id INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
      text_hash TEXT NOT NULL,
      -- hash of the list, always-redact rules and detector version the findings were made with
      config_hash TEXT NOT NULL,
      risk REAL NOT NULL,
      scanned_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE entry_decision (
      source_path TEXT NOT NULL,
      entry_key TEXT NOT NULL,
      -- NULL: reviewed, but the rules and the source default decide
      decision TEXT CHECK (decision IN ('include', 'exclude')),
      reviewed_at TEXT,
      reviewed_hash TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (source_path, entry_key)
    ) STRICT;

    CREATE TABLE finding_decision (
      source_path TEXT NOT NULL,
      entry_key TEXT NOT NULL,
      kind TEXT NOT NULL,
      value TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('redact', 'keep')),
      -- 1 when the entry changed and this text is no longer in it: kept, and shown for review
      needs_review INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (source_path, entry_key, kind, value)
    ) STRICT;

    CREATE TABLE kind_policy (
      kind TEXT PRIMARY KEY,
      action TEXT NOT NULL CHECK (action IN ('redact', 'keep')),
      style TEXT NOT NULL CHECK (style IN ('pseudonym', 'placeholder', 'drop')),
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE privacy_rule (
      id INTEGER PRIMARY KEY,
      type TEXT NOT NULL CHECK (type IN ('folder', 'tag', 'before', 'after', 'search', 'regex', 'redact_word', 'redact_regex')),
      value TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (type, value)
    ) STRICT;

    -- The same real value always gets the same stand-in, in every dataset build.
    CREATE TABLE pseudonym (
      kind TEXT NOT NULL,
      value_key TEXT NOT NULL,
      stand_in TEXT NOT NULL,
      PRIMARY KEY (kind, value_key),
      UNIQUE (kind, stand_in)
    ) STRICT;
  `,
};
