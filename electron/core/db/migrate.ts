import type Database from 'better-sqlite3';
import { ConfidantError } from '../../api/errors.ts';

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside one transaction with the version bump. */
  up: string;
}

export function currentSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Brings the schema up to the newest migration. A database written by a newer Confidant is
 * refused before anything is written, so an older app never damages it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  const latest = latestVersion(migrations);
  assertSchemaNotNewer(db, latest, file);
  const current = currentSchemaVersion(db);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    const apply = db.transaction(() => {
      db.exec(migration.up);
      db.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`,
      );
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    });
    apply();
  }
  return currentSchemaVersion(db);
}

export function assertSchemaNotNewer(db: Database.Database, latest: number, file: string): void {
  const current = currentSchemaVersion(db);
  if (current > latest) {
    throw new ConfidantError(
      'schema_too_new',
      `The database ${file} has schema version ${current}, but this Confidant only knows up to ${latest}. ` +
        'It was written by a newer version: update Confidant. The file was not changed.',
    );
  }
}
