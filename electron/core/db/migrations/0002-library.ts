import type { Migration } from '../migrate.ts';

/**
 * The library: picked folders (source), files seen in them (document) and the units a person
 * reviews and trains on (entry). Decisions about entries are NOT stored here: they are keyed by
 * (source path, entry key) in the privacy tables, so removing a source and adding it back restores
 * them (issue 3).
 */
export const library: Migration = {
  version: 2,
  name: 'library',
  up: `
    CREATE TABLE source (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      -- JSON: ignore rules, importer options (e.g. notebook code cells), format hints
      options TEXT NOT NULL DEFAULT '{}',
      watch INTEGER NOT NULL DEFAULT 1,
      default_decision TEXT NOT NULL DEFAULT 'include' CHECK (default_decision IN ('include', 'exclude')),
      added_at TEXT NOT NULL,
      last_scan_at TEXT
    ) STRICT;

    CREATE TABLE document (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
      rel_path TEXT NOT NULL,
      format TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      hash TEXT NOT NULL,
      inode TEXT,
      status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'removed')),
      error TEXT,
      indexed_at TEXT NOT NULL,
      UNIQUE (source_id, rel_path)
    ) STRICT;
    CREATE INDEX document_hash ON document(source_id, hash);

    CREATE TABLE entry (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
      document_id INTEGER REFERENCES document(id) ON DELETE SET NULL,
      -- stable within the source: Day One uuid, relative path, ENEX note guid, ...
      key TEXT NOT NULL,
      format TEXT NOT NULL,
      title TEXT NOT NULL DEFAULT '',
      created_at TEXT,
      -- where created_at came from: 'front-matter', 'file-name', 'dayone', 'mtime', ...
      created_from TEXT,
      modified_at TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      text TEXT NOT NULL,
      text_hash TEXT NOT NULL,
      metadata TEXT NOT NULL DEFAULT '{}',
      removed INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL,
      UNIQUE (source_id, key)
    ) STRICT;
    CREATE INDEX entry_created ON entry(created_at);
    CREATE INDEX entry_document ON entry(document_id);

    CREATE VIRTUAL TABLE entry_fts USING fts5(
      title, text, tags,
      content = 'entry', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
      INSERT INTO entry_fts(rowid, title, text, tags) VALUES (new.id, new.title, new.text, new.tags);
    END;
    CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
      INSERT INTO entry_fts(entry_fts, rowid, title, text, tags) VALUES ('delete', old.id, old.title, old.text, old.tags);
    END;
    CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, text, tags ON entry BEGIN
      INSERT INTO entry_fts(entry_fts, rowid, title, text, tags) VALUES ('delete', old.id, old.title, old.text, old.tags);
      INSERT INTO entry_fts(rowid, title, text, tags) VALUES (new.id, new.title, new.text, new.tags);
    END;
  `,
};
