import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/core.ts';
import { backupDatabase } from '../../../electron/core/db/index.ts';
import { venvPython } from '../../helpers/tiny-model.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { insertEntries, prose, tinyMistralDir } from '../dataset/fixtures.ts';

/** Every path under `root` with its permission bits, as `ls -l` would show them. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const stat = fs.lstatSync(full);
      out[path.relative(root, full)] = (stat.mode & 0o777).toString(8);
      if (stat.isDirectory()) walk(full);
    }
  };
  out['.'] = (fs.statSync(root).mode & 0o777).toString(8);
  walk(root);
  return out;
}

describe.skipIf(process.platform === 'win32')('file modes of the data directory', () => {
  it('creates the database, its WAL, backups, logs, datasets and folders readable by the owner only', async () => {
    const dataDir = path.join(tempDir('confidant-modes-'), 'data');
    // A permissive umask, as many desktops have, must not leak into what Confidant writes.
    const before = process.umask(0o022);
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 12 }, (_, i) => ({ key: `${i}.md`, text: prose(i, 120), createdAt: '2024-02-03T08:00:00Z' })));
      const built = await core.invoke('dataset.build', { base: tinyMistralDir(), seed: 1 });
      expect(built.ok, JSON.stringify(built)).toBe(true);
      await backupDatabase(core.context.db, path.join(dataDir, 'backups', 'before-upgrade.sqlite'));
      await core.invoke('library.getEntry', { id: 99_999 });
      const seen = modes(dataDir);
      for (const name of ['confidant.sqlite', 'confidant.sqlite-wal', 'confidant.sqlite-shm', 'logs/confidant.log', 'backups/before-upgrade.sqlite']) {
        expect(seen[name], name).toBe('600');
      }
      const loose = Object.entries(seen).filter(([rel, mode]) => {
        const isDir = fs.lstatSync(path.join(dataDir, rel)).isDirectory();
        return mode !== (isDir ? '700' : '600');
      });
      expect(loose).toEqual([]);
      expect(Object.keys(seen).some((rel) => rel.startsWith('datasets/') && rel.endsWith('train.jsonl'))).toBe(true);
    } finally {
      await core.close();
      process.umask(before);
    }
  });

  it('passes the private umask to child processes, so what the trainer writes under runs/ is private too', async () => {
    const dataDir = path.join(tempDir('confidant-modes-'), 'data');
    const before = process.umask(0o022);
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      const runDir = path.join(dataDir, 'runs', 'run-20240203-081500-abcd');
      // The trainer is a Python child; any child shows the same inheritance.
      const made = spawnSync(venvPython, ['-c', `import os, sys; os.makedirs(sys.argv[1] + "/checkpoint-1"); open(sys.argv[1] + "/checkpoint-1/adapter.safetensors", "w").write("w")`, runDir]);
      expect(made.status, made.stderr.toString()).toBe(0);
      const seen = modes(dataDir);
      expect(seen['runs/run-20240203-081500-abcd']).toBe('700');
      expect(seen['runs/run-20240203-081500-abcd/checkpoint-1/adapter.safetensors']).toBe('600');
    } finally {
      await core.close();
      process.umask(before);
    }
  });

  it('tightens an existing data directory with looser modes at start, and says so once', async () => {
    const dataDir = path.join(tempDir('confidant-modes-'), 'data');
    const first = openCore({ dataDir, logError: () => undefined, onNotice: () => undefined });
    await first.close();
    fs.mkdirSync(path.join(dataDir, 'runs', 'run-1', 'checkpoint-2'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'runs', 'run-1', 'checkpoint-2', 'adapter.safetensors'), 'weights');
    fs.writeFileSync(path.join(dataDir, 'models', 'journal.gguf'), 'gguf');
    const loosen = (dir: string) => {
      fs.chmodSync(dir, 0o755);
      for (const name of fs.readdirSync(dir)) {
        const full = path.join(dir, name);
        if (fs.lstatSync(full).isDirectory()) loosen(full);
        else fs.chmodSync(full, 0o644);
      }
    };
    loosen(dataDir);
    const notices: string[] = [];
    const second = openCore({ dataDir, logError: () => undefined, onNotice: (m) => notices.push(m) });
    await second.close();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`made \\d+ file\\(s\\) and folder\\(s\\) in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} private to your user`));
    const seen = modes(dataDir);
    expect(seen['.']).toBe('700');
    expect(seen['runs/run-1/checkpoint-2']).toBe('700');
    expect(seen['runs/run-1/checkpoint-2/adapter.safetensors']).toBe('600');
    expect(seen['models/journal.gguf']).toBe('600');
    expect(seen['confidant.sqlite']).toBe('600');
    const third = openCore({ dataDir, logError: () => undefined, onNotice: (m) => notices.push(m) });
    await third.close();
    expect(notices).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'confidant.log'), 'utf8')).toContain('private to your user');
  });
});
