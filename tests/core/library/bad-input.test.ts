import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLibrary } from '../../../electron/core/library/index.ts';
import { call, copySample, openTestCore, write } from './helpers.ts';

describe('bad input', () => {
  it('turns every kind of bad file into a per-file error with a readable reason and indexes the rest', async () => {
    const core = openTestCore();
    const dir = copySample();
    const bad = path.join(dir, 'bad');
    write(dir, 'bad/binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]));
    write(dir, 'bad/latin1.md', Buffer.from('caf\xe9 au lait', 'latin1'));
    write(dir, 'bad/empty.md', '');
    write(dir, 'bad/broken.json', '{"entries": [ {"uuid": "x",, } ]');
    write(dir, 'bad/broken.enex', '<?xml version="1.0"?>\n<en-export><note><title>Half</title>\n<content></note>');
    write(dir, 'bad/broken.ipynb', '{"cells": "not a list"}');
    // 200 MB of real bytes: refused from its size alone, never read into memory.
    const huge = fs.openSync(path.join(bad, 'huge.txt'), 'w');
    const mb = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 200; i++) fs.writeSync(huge, mb);
    fs.closeSync(huge);
    // A dehydrated cloud file: it has a size but no blocks on disk (what OneDrive/Dropbox placeholders look like).
    fs.closeSync(fs.openSync(path.join(bad, 'cloud.md'), 'w'));
    fs.truncateSync(path.join(bad, 'cloud.md'), 4096);
    write(dir, 'bad/.Not downloaded.md.icloud', 'bplist00');
    fs.symlinkSync('.', path.join(bad, 'loop'));
    fs.symlinkSync('self.md', path.join(bad, 'self.md'));
    fs.symlinkSync('/nonexistent/target.md', path.join(bad, 'dangling.md'));
    execFileSync('mkfifo', [path.join(bad, 'pipe.md')]);

    const source = await call(core, 'library.addSource', { path: dir });
    const [summary] = await call(core, 'library.index', { sourceId: source.id });
    const errors = await call(core, 'library.listErrors', { sourceId: source.id });
    const reasons = Object.fromEntries(errors.map((e) => [e.relPath, e.reason]));
    expect(reasons['bad/binary.md']).toMatch(/binary data, not text/);
    expect(reasons['bad/latin1.md']).toMatch(/not valid UTF-8 \(first bad byte at offset 3\)/);
    expect(reasons['bad/empty.md']).toMatch(/empty \(0 bytes\)/);
    expect(reasons['bad/broken.json']).toMatch(/Malformed JSON at line 1, column 28/);
    expect(reasons['bad/broken.enex']).toMatch(/Malformed XML at line 3/);
    expect(reasons['bad/broken.ipynb']).toMatch(/not a Jupyter notebook: cells/);
    expect(reasons['bad/huge.txt']).toMatch(/200 MB, above the 64 MB limit/);
    expect(reasons['bad/cloud.md']).toMatch(/cloud placeholder/);
    expect(reasons['bad/.Not downloaded.md.icloud']).toMatch(/still in iCloud/);
    expect(reasons['bad/loop']).toMatch(/points back to a folder that contains it/);
    expect(reasons['bad/self.md']).toMatch(/loops back on itself/);
    expect(reasons['bad/dangling.md']).toMatch(/cannot be read \(it no longer exists\)/);
    expect(reasons['bad/pipe.md']).toMatch(/not a regular file/);
    expect(errors).toHaveLength(13);
    expect(summary.errors).toBe(13);
    // Nothing else was lost: every good entry of the sample journal is there.
    expect((await call(core, 'library.listEntries', {})).total).toBe(15);
    const sources = await call(core, 'library.listSources', {});
    expect(sources[0]).toMatchObject({ entries: 15, errors: 13 });
    await core.close();
  });
});

/** Every byte and mtime under `root` (symlinks by their target text), to prove nothing was written. */
function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      const st = fs.lstatSync(p);
      if (d.isSymbolicLink()) out.set(p, `link:${fs.readlinkSync(p)}:${st.mtimeMs}`);
      else if (d.isDirectory()) {
        out.set(p, `dir:${st.mtimeMs}`);
        walk(p);
      } else out.set(p, `${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}:${st.mtimeMs}:${st.size}`);
    }
  };
  walk(root);
  return out;
}

describe('read-only source access', () => {
  it('leaves every byte and mtime of the source tree unchanged through indexing and watching', async () => {
    const core = openTestCore();
    const dir = copySample();
    const before = fingerprint(dir);
    const source = await call(core, 'library.addSource', { path: dir });
    await call(core, 'library.index', { sourceId: source.id });
    await call(core, 'library.setWatching', { enabled: true });
    // The watcher's first pass over the tree (the part that reads every file) has finished.
    await getLibrary(core.context).watcherOf(source.id)!.ready;
    await call(core, 'library.index', {});
    await call(core, 'library.setWatching', { enabled: false });
    await core.close();
    expect(fingerprint(dir)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['dayone', 'diary', 'evernote', 'logseq-graph', 'notebooks', 'obsidian', 'org']);
  });
});
