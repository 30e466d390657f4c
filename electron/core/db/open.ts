import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfidantError } from '../../api/errors.ts';
import { assertSchemaNotNewer, latestVersion, migrate } from './migrate.ts';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

/**
 * Opens (or creates) the one SQLite file. WAL with synchronous=FULL so a power cut or kill -9
 * loses at most the transaction in flight; a busy timeout so the CLI and the app can share it.
 */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let db: Db;
  try {
    db = new Database(file, { timeout: 5000 });
  } catch (cause) {
    throw new ConfidantError('io', `Cannot open the database ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    // Refuse a newer schema before any pragma writes to the file header.
    assertSchemaNotNewer(db, latestVersion(migrations), file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, file);
  } catch (error) {
    db.close();
    if (error instanceof ConfidantError) throw error;
    throw new ConfidantError('io', `The database ${file} could not be prepared: ${(error as Error).message}. ` +
      'If it is damaged, move it aside and Confidant will start a new one.', { cause: error });
  }
  return db;
}

/** A consistent copy taken while the database is in use (SQLite's online backup). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  await db.backup(destination);
}
