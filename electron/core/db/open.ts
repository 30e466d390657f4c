import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfidantError } from '../../api/errors.ts';
import { toStorageError } from '../storage-errors.ts';
import { assertSchemaNotNewer, latestVersion, migrate } from './migrate.ts';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** How long a write waits for another process's lock before failing as `locked` (default 5 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens (or creates) the one SQLite file. WAL with synchronous=FULL so a power cut or kill -9
 * loses at most the transaction in flight; a busy timeout so the CLI and the app can share it.
 * The file is created 0600 before SQLite opens it: SQLite gives -wal and -shm the same mode.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const root = path.dirname(file);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let db: Db;
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (cause) {
    throw toStorageError(cause, { root }) ?? new ConfidantError('io', `Cannot open the database ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    // Refuse a newer schema before any pragma writes to the file header.
    assertSchemaNotNewer(db, latestVersion(migrations), file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    migrate(db, migrations, file);
  } catch (error) {
    db.close();
    if (error instanceof ConfidantError) throw error;
    throw toStorageError(error, { root }) ?? new ConfidantError('io', `The database ${file} could not be prepared: ${(error as Error).message}. ` +
      'If it is damaged, move it aside and Confidant will start a new one.', { cause: error });
  }
  return db;
}

/** A consistent copy taken while the database is in use (SQLite's online backup), private like the original. */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(destination), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(destination, 'a', 0o600));
  await db.backup(destination);
  fs.chmodSync(destination, 0o600);
}
