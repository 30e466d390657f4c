import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { latestVersion, migrations, openDatabase } from '../../../electron/core/db/index.ts';
import { tempDir } from '../../helpers/tmp.ts';

describe('database', () => {
  it('migrates an empty file to the newest schema with WAL, FULL sync and foreign keys', () => {
    const file = path.join(tempDir(), 'data', 'confidant.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(migrations));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
    db.close();
  });

  it('reopens an existing database without re-running migrations and keeps its rows', () => {
    const file = path.join(tempDir(), 'confidant.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO app_meta (key, value) VALUES ('kept', 'yes')").run();
    first.close();
    const second = openDatabase(file);
    expect(second.prepare("SELECT value FROM app_meta WHERE key = 'kept'").pluck().get()).toBe('yes');
    expect(second.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
    second.close();
  });

  it('refuses a database from a newer Confidant and leaves the file byte-for-byte unchanged', () => {
    const file = path.join(tempDir(), 'confidant.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${latestVersion(migrations) + 5}`);
    future.close();
    const before = fs.readFileSync(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfidantError);
    expect((caught as ConfidantError).code).toBe('schema_too_new');
    expect((caught as ConfidantError).message).toMatch(/newer version: update Confidant/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
