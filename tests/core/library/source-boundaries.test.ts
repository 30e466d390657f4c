import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/core.ts';
import { getLibrary } from '../../../electron/core/library/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { call, sampleJournal, write } from './helpers.ts';
import { until } from '../../helpers/until.ts';


/** A source with one note of its own, plus a folder beside it that links inside the source point to. */
function sourceWithOutsideLinks() {
  const base = tempDir('confidant-links-');
  const source = path.join(base, 'journal');
  const outside = path.join(base, 'outside');
  write(source, 'own.txt', 'My own note about the allotment.\n');
  write(outside, 'secret.txt', 'Somebody else wrote about the lighthouse.\n');
  write(outside, 'host.txt', 'lighthouse-host\n');
  fs.symlinkSync(path.join(outside, 'host.txt'), path.join(source, 'host.txt'));
  fs.symlinkSync('../outside', path.join(source, 'linkdir'));
  // A link that stays inside the source is fine and is read.
  write(source, 'real/inner.txt', 'Inner note about the greenhouse.\n');
  fs.symlinkSync('real', path.join(source, 'alias'));
  return { base, source, outside };
}

describe('symbolic links that leave the source', () => {
  it('are not indexed by a scan and are listed as skipped, saying they point outside the folder', async () => {
    const { source } = sourceWithOutsideLinks();
    const core = openCore({ dataDir: tempDir('confidant-data-'), logError: () => undefined });
    try {
      const added = await call(core, 'library.addSource', { path: source });
      await call(core, 'library.index', { sourceId: added.id });
      expect((await call(core, 'library.search', { query: 'lighthouse' })).total).toBe(0);
      expect((await call(core, 'library.search', { query: 'allotment' })).total).toBe(1);
      expect((await call(core, 'library.search', { query: 'greenhouse' })).total).toBe(1);
      const errors = await call(core, 'library.listErrors', { sourceId: added.id });
      expect(errors.map((e) => e.relPath).sort()).toEqual(['host.txt', 'linkdir']);
      for (const e of errors) expect(e.reason).toContain('points outside this folder');
    } finally {
      await core.close();
    }
  });

  it('are not indexed by the watcher either, when one appears while watching', async () => {
    const { source, outside } = sourceWithOutsideLinks();
    const core = openCore({ dataDir: tempDir('confidant-data-'), logError: () => undefined });
    try {
      getLibrary(core.context, { debounceMs: 50, stabilityMs: 100, reconcileMs: 60_000, pollMs: 300 });
      const added = await call(core, 'library.addSource', { path: source });
      await call(core, 'library.index', { sourceId: added.id });
      await call(core, 'library.setWatching', { enabled: true });
      await getLibrary(core.context).watcherOf(added.id)?.ready;
      write(outside, 'diary.txt', 'A note about the harbour, not mine.\n');
      fs.symlinkSync(path.join(outside, 'diary.txt'), path.join(source, 'new-link.txt'));
      write(source, 'fresh.txt', 'A fresh note about the orchard.\n');
      await until('the fresh note', async () => (await call(core, 'library.search', { query: 'orchard' })).total === 1);
      const errors = await until('the new link to be listed', async () => {
        const list = await call(core, 'library.listErrors', { sourceId: added.id });
        return list.find((e) => e.relPath === 'new-link.txt') ? list : undefined;
      });
      expect(errors.find((e) => e.relPath === 'new-link.txt')?.reason).toContain('points outside this folder');
      expect((await call(core, 'library.search', { query: 'harbour' })).total).toBe(0);
    } finally {
      await core.close();
    }
  });
});

describe('the data directory and sources', () => {
  it('refuses the data directory itself as a source, also when reached through a link', async () => {
    const base = tempDir('confidant-overlap-');
    const dataDir = path.join(base, 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      const direct = await core.invoke('library.addSource', { path: dataDir });
      expect(direct).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!direct.ok && direct.error.message).toContain("Confidant's data directory");
      fs.symlinkSync(dataDir, path.join(base, 'link-to-data'));
      const linked = await core.invoke('library.addSource', { path: path.join(base, 'link-to-data') });
      expect(linked).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await core.close();
    }
  });

  it('refuses a folder inside the data directory and one that contains it', async () => {
    const base = tempDir('confidant-overlap-');
    const dataDir = path.join(base, 'notes', 'confidant-data');
    const core = openCore({ dataDir, logError: () => undefined });
    try {
      expect(await core.invoke('library.addSource', { path: path.join(dataDir, 'logs') })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await core.invoke('library.addSource', { path: path.join(base, 'notes') })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await core.close();
    }
  });

  it('refuses a source holding a data directory whose name starts with two dots', async () => {
    const base = tempDir('confidant-overlap-');
    const notes = path.join(base, 'notes');
    write(notes, 'day.txt', 'A day.\n');
    const core = openCore({ dataDir: path.join(notes, '..data'), logError: () => undefined });
    try {
      const result = await core.invoke('library.addSource', { path: notes });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await core.close();
    }
  });

  it('never reads a Confidant data directory found inside a source (one added before this check, or a copy)', async () => {
    const base = tempDir('confidant-overlap-');
    const notes = path.join(base, 'notes');
    write(notes, 'day.txt', 'A day at the allotment.\n');
    const copy = openCore({ dataDir: path.join(notes, 'old-confidant'), logError: () => undefined });
    await copy.close();
    write(notes, 'old-confidant/logs/note.txt', 'Words of the quarry, kept by Confidant.\n');
    const core = openCore({ dataDir: path.join(base, 'data'), logError: () => undefined });
    try {
      const added = await call(core, 'library.addSource', { path: notes });
      await call(core, 'library.index', { sourceId: added.id });
      expect((await call(core, 'library.search', { query: 'quarry' })).total).toBe(0);
      expect((await call(core, 'library.search', { query: 'allotment' })).total).toBe(1);
      const errors = await call(core, 'library.listErrors', { sourceId: added.id });
      expect(errors).toEqual([{ relPath: 'old-confidant', reason: expect.stringContaining('is a Confidant data directory') }]);
    } finally {
      await core.close();
    }
  });

  it('accepts a sibling folder whose name merely starts with the data directory name', async () => {
    const base = tempDir('confidant-overlap-');
    write(base, 'data-notes/day.txt', 'A day.\n');
    const core = openCore({ dataDir: path.join(base, 'data'), logError: () => undefined });
    try {
      expect(await core.invoke('library.addSource', { path: path.join(base, 'data-notes') })).toMatchObject({ ok: true });
      // Names starting with two dots are ordinary folders too, not a way out of the parent.
      write(base, '..drafts/day.txt', 'Another day.\n');
      expect(await core.invoke('library.addSource', { path: path.join(base, '..drafts') })).toMatchObject({ ok: true });
    } finally {
      await core.close();
    }
  });
});

describe('file names that are not UTF-8', () => {
  it('are indexed by the watcher when one appears while watching', async () => {
    const base = tempDir('confidant-latin1-');
    const source = path.join(base, 'journal');
    write(source, 'first.txt', 'The first note.\n');
    const core = openCore({ dataDir: path.join(base, 'data'), logError: () => undefined });
    try {
      getLibrary(core.context, { debounceMs: 50, stabilityMs: 100, reconcileMs: 60_000, pollMs: 300 });
      const added = await call(core, 'library.addSource', { path: source });
      await call(core, 'library.index', { sourceId: added.id });
      await call(core, 'library.setWatching', { enabled: true });
      await getLibrary(core.context).watcherOf(added.id)?.ready;
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(source, 'Gr')), Buffer.from([0xfc]), Buffer.from('n.txt')]), 'Green tea by the pond with the herons.\n');
      const hits = await until('the Latin-1 note', async () => {
        const found = await call(core, 'library.search', { query: 'herons' });
        return found.total === 1 ? found : undefined;
      });
      expect(hits.hits[0].key).toBe('Gr\uFFFDn.txt');
      expect(await call(core, 'library.listErrors', { sourceId: added.id })).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('are read by the importers that stream their file too (an Evernote export named in Latin-1)', async () => {
    const base = tempDir('confidant-latin1-');
    const source = path.join(base, 'journal');
    fs.mkdirSync(source);
    // "Reisetagebuch März.enex": the ä is the Latin-1 byte 0xE4.
    const name = Buffer.concat([Buffer.from(path.join(source, 'Reisetagebuch M')), Buffer.from([0xe4]), Buffer.from('rz.enex')]);
    fs.copyFileSync(path.join(sampleJournal, 'evernote', 'Travel.enex'), name);
    const core = openCore({ dataDir: path.join(base, 'data'), logError: () => undefined });
    try {
      const added = await call(core, 'library.addSource', { path: source });
      const [summary] = await call(core, 'library.index', { sourceId: added.id });
      expect(await call(core, 'library.listErrors', { sourceId: added.id })).toEqual([]);
      expect(summary.entriesAdded).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });

  it('are indexed, shown with replacement characters, and read from their real bytes', async () => {
    const base = tempDir('confidant-latin1-');
    const source = path.join(base, 'journal');
    fs.mkdirSync(source);
    // "café.txt" as Latin-1: the é is the single byte 0xE9, which is not valid UTF-8.
    const name = Buffer.concat([Buffer.from(path.join(source, 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]);
    fs.writeFileSync(name, 'Espresso with the crossword on the balcony.\n');
    const core = openCore({ dataDir: path.join(base, 'data'), logError: () => undefined });
    try {
      const added = await call(core, 'library.addSource', { path: source });
      await call(core, 'library.index', { sourceId: added.id });
      expect(await call(core, 'library.listErrors', { sourceId: added.id })).toEqual([]);
      const hits = await call(core, 'library.search', { query: 'crossword' });
      expect(hits.hits.map((h) => h.key)).toEqual(['caf\uFFFD.txt']);
      // A second scan finds the same file unchanged rather than "no longer exists".
      const [again] = await call(core, 'library.index', { sourceId: added.id });
      expect(again).toMatchObject({ filesUnchanged: 1, errors: 0 });
      expect((await call(core, 'library.search', { query: 'crossword' })).total).toBe(1);
    } finally {
      await core.close();
    }
  });
});
