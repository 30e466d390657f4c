/** The `confidant` command as a person runs it: `node bin/confidant.js ...`, real data directories. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const repo = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function confidant(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, 'bin/confidant.js'), ...args], { cwd: repo, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('confidant CLI', () => {
  test('status --json prints valid JSON with the data directory and exits 0', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const run = await confidant(['--data-dir', dataDir, 'status', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ dataDir, databasePath: path.join(dataDir, 'confidant.sqlite'), schemaVersion: expect.any(Number) });
    // The data directory was created on first use, with the database in it.
    expect(fs.existsSync(path.join(dataDir, 'confidant.sqlite'))).toBe(true);
  });

  test('status reads the data directory from CONFIDANT_DATA_DIR and prints it for a person', async () => {
    const dataDir = path.join(tempDir(), 'from-env');
    const run = await confidant(['status'], { CONFIDANT_DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Data:\\s+${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('--help exits 0 and lists status', async () => {
    const run = await confidant(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: confidant');
    expect(run.stdout).toMatch(/status\s/);
    expect(run.stdout).toContain('--data-dir');
  });

  test('status --help exits 0', async () => {
    const run = await confidant(['status', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: confidant status');
  });

  test('an unknown command is a usage error: exit 2 with the help hint', async () => {
    const run = await confidant(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  test('an unknown option is a usage error: exit 2', async () => {
    const run = await confidant(['status', '--colour']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--colour'");
  });

  test('a database from a newer Confidant: exit 1, a readable message, the file untouched', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'confidant.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 9999');
    db.close();
    const before = fs.readFileSync(file);

    const human = await confidant(['--data-dir', dataDir, 'status']);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^Error: The database .*confidant\.sqlite has schema version 9999.*update Confidant/m);
    expect(human.stderr).not.toMatch(/\n\s+at /);

    const json = await confidant(['--data-dir', dataDir, '--json', 'status']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'schema_too_new', message: expect.stringContaining('9999') } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test('a data directory that is a file: exit 1 with a message naming it', async () => {
    const notADir = path.join(tempDir(), 'plain-file');
    fs.writeFileSync(notADir, 'not a folder');
    const run = await confidant(['--data-dir', notADir, 'status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Error: Cannot use ${notADir} as Confidant's data folder: a file with that name is in the way. Choose another folder with --data-dir or CONFIDANT_DATA_DIR.\n`);
    const json = await confidant(['--data-dir', notADir, '--json', 'status']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'io', message: expect.stringContaining(notADir) } });
  });
});
