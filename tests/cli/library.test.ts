import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { copySample } from '../core/library/helpers.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/confidant.js');

function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('confidant source / index / entries / show / search', () => {
  it('adds a folder, indexes it with a JSON summary, and finds, lists and shows entries', () => {
    const data = tempDir('confidant-cli-');
    const dir = copySample();
    expect(cli(data, 'source', 'add', dir).stdout).toContain('Added source 1');
    const index = cli(data, '--json', 'index');
    expect(index.code).toBe(0);
    expect(index.json()).toMatchObject({ filesSeen: 13, entriesAdded: 15, entriesChanged: 0, entriesRemoved: 0, errors: 0, errorFiles: [] });
    const found = cli(data, '--json', 'search', 'broken', 'canoe').json() as { total: number; hits: { id: number }[] };
    expect(found.total).toBe(1);
    const shown = cli(data, 'show', String(found.hits[0].id));
    expect(shown.stdout).toContain("Dinner at Marek's. His sister told the story about the broken canoe again.");
    expect(shown.stdout).toContain('created 2023-11-02T18:30:00.000Z (from dayone)');
    const listed = cli(data, '--json', 'entries', '--since', '2024-03-05', '--until', '2024-03-07').json() as { total: number };
    expect(listed.total).toBe(3);
    const human = cli(data, 'search', 'tram');
    expect(human.stdout).toContain('Ride [tram] 28');
    const sources = cli(data, 'source', 'list');
    expect(sources.stdout).toContain('15 entries, 0 error(s)');
    expect(cli(data, 'source', 'remove', '1').stdout).toContain('Your decisions are kept');
    expect((cli(data, '--json', 'entries').json() as { total: number }).total).toBe(0);
  }, 300_000);

  it('reports errors per file in the summary and fails clearly on a bad source', () => {
    const data = tempDir('confidant-cli-');
    const dir = copySample();
    fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
    cli(data, 'source', 'add', dir);
    const index = cli(data, 'index');
    expect(index.stdout).toMatch(/1 error\(s\)\n {2}\[source 1\] broken\.ipynb: Malformed JSON at line 1, column 12/);
    const missing = cli(data, 'source', 'add', path.join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(cli(data, 'show', 'abc').code).toBe(2);
  }, 300_000);
});

function writeVault(dir: string, notes: number): void {
  for (let i = 0; i < notes; i++) {
    const folder = path.join(dir, `folder-${i % 20}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `note-${i}.md`), `---\ntags: [t${i % 7}]\n---\n# Note ${i}\n\nParagraph ${i} about [[note-${i + 1}]] and #topic${i % 5}.\n\n${'words '.repeat(200)}\n`);
  }
}

function snapshot(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'confidant.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT key, text_hash, removed FROM entry ORDER BY key').all() as { key: string; text_hash: string; removed: number }[]).map((r) => `${r.key}:${r.text_hash}:${r.removed}`);
  } finally {
    db.close();
  }
}

describe('kill -9 during indexing', () => {
  it('leaves an intact database and a restart converges to the same entries as an uninterrupted run', async () => {
    const vault = path.join(tempDir('confidant-vault-'), 'vault');
    writeVault(vault, 1500);
    const reference = tempDir('confidant-ref-');
    cli(reference, 'source', 'add', vault);
    expect(cli(reference, 'index').code).toBe(0);

    const data = tempDir('confidant-killed-');
    cli(data, 'source', 'add', vault);
    const child = spawn(process.execPath, [bin, '--data-dir', data, 'index'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill it mid-run: once some documents are committed but far from all.
    const dbFile = path.join(data, 'confidant.sqlite');
    let committed = 0;
    for (let i = 0; i < 600 && committed < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const db = new Database(dbFile, { readonly: true, timeout: 5000 });
      committed = db.prepare('SELECT count(*) FROM document').pluck().get() as number;
      db.close();
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(committed).toBeGreaterThanOrEqual(100);
    expect(committed).toBeLessThan(1500);

    const db = new Database(dbFile);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(cli(data, 'index').code).toBe(0);
    expect(snapshot(data)).toEqual(snapshot(reference));
    expect(snapshot(data)).toHaveLength(1500);
  }, 400_000);
});
