import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, copySample, openTestCore, write } from './helpers.ts';


async function setup() {
  const core = openTestCore();
  const dir = copySample();
  const source = await call(core, 'library.addSource', { path: dir });
  const index = async () => (await call(core, 'library.index', { sourceId: source.id }))[0];
  const entries = async (filter: object = {}) => call(core, 'library.listEntries', { limit: 1000, ...filter });
  return { core, dir, source, index, entries };
}

describe('incremental indexing', () => {
  it('indexes every format of the sample journal and then skips unchanged files', async () => {
    const { core, index, entries } = await setup();
    const first = await index();
    expect(first).toMatchObject({ filesSeen: 13, filesParsed: 13, entriesAdded: 15, errors: 0 });
    expect((await entries()).total).toBe(15);
    const second = await index();
    expect(second).toMatchObject({ filesParsed: 0, filesUnchanged: 13, entriesAdded: 0, entriesChanged: 0, entriesRemoved: 0 });
    await core.close();
  });

  it('does not re-parse a file whose mtime changed but whose bytes did not', async () => {
    const { core, dir, index } = await setup();
    await index();
    const file = path.join(dir, 'diary/2023-12-31.txt');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const after = await index();
    expect(after.filesParsed).toBe(0);
    expect(after.filesUnchanged).toBe(13);
    await core.close();
  });

  it('updates an edited entry in place, keeping its id', async () => {
    const { core, dir, index, entries } = await setup();
    await index();
    const before = (await entries()).entries.find((e) => e.key === 'diary/2023-12-31.txt');
    fs.appendFileSync(path.join(dir, 'diary/2023-12-31.txt'), 'Added later: fireworks at midnight.\n');
    const summary = await index();
    expect(summary).toMatchObject({ filesParsed: 1, entriesChanged: 1, entriesAdded: 0 });
    const entry = await call(core, 'library.getEntry', { id: before!.id });
    expect(entry.text).toContain('fireworks at midnight');
    await core.close();
  });

  it('keeps the entry (same id) across a rename and moves its key', async () => {
    const { core, dir, index, entries } = await setup();
    await index();
    const before = (await entries()).entries.find((e) => e.key === 'obsidian/Daily/2024-03-05.md')!;
    fs.mkdirSync(path.join(dir, 'obsidian/Archive'));
    fs.renameSync(path.join(dir, 'obsidian/Daily/2024-03-05.md'), path.join(dir, 'obsidian/Archive/2024-03-05.md'));
    const summary = await index();
    expect(summary).toMatchObject({ filesRenamed: 1, entriesRemoved: 0, filesRemoved: 0 });
    const after = (await entries()).entries.find((e) => e.id === before.id)!;
    expect(after.key).toBe('obsidian/Archive/2024-03-05.md');
    expect(after.removed).toBe(false);
    expect((await entries()).total).toBe(15);
    await core.close();
  });

  it('marks entries of a deleted file removed, and restores them when the file comes back', async () => {
    const { core, dir, index, entries } = await setup();
    await index();
    const file = path.join(dir, 'dayone/Journal.json');
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    expect(await index()).toMatchObject({ filesRemoved: 1, entriesRemoved: 2 });
    expect((await entries()).total).toBe(13);
    const removed = await entries({ sourceId: 1 });
    expect(removed.entries.some((e) => e.key.startsWith('dayone:7F3A'))).toBe(false);
    fs.writeFileSync(file, saved);
    expect(await index()).toMatchObject({ entriesAdded: 2 });
    expect((await entries()).total).toBe(15);
    await core.close();
  });

  it('drops a removed source from the index and restores the same entries when it is added back', async () => {
    const { core, dir, source, index } = await setup();
    await index();
    const hits = await call(core, 'library.search', { query: 'canoe' });
    expect(hits.total).toBe(1);
    await call(core, 'library.removeSource', { id: source.id });
    expect((await call(core, 'library.search', { query: 'canoe' })).total).toBe(0);
    expect((await call(core, 'library.listEntries', {})).total).toBe(0);
    const again = await call(core, 'library.addSource', { path: dir });
    await call(core, 'library.index', { sourceId: again.id });
    const back = await call(core, 'library.listEntries', { limit: 100 });
    expect(back.total).toBe(15);
    expect(back.entries.map((e) => e.key)).toContain('dayone:C0FFEE00C0FFEE00C0FFEE00C0FFEE00');
    await core.close();
  });

  it('never reads ignored folders, conflict copies or attachments', async () => {
    const { core, dir, index, entries } = await setup();
    write(dir, '.trash/old.md', 'deleted note');
    write(dir, 'obsidian/.obsidian/workspace.md', 'config');
    write(dir, 'my-config/.git/HEAD.md', 'git');
    write(dir, 'node_modules/pkg/readme.md', 'package');
    write(dir, 'obsidian/Daily/2024-03-05.sync-conflict-20240306-101010-ABCDEF.md', 'conflict copy');
    write(dir, 'obsidian/Daily/2024-03-05 (Ana\'s conflicted copy 2024-03-06).md', 'dropbox copy');
    write(dir, 'obsidian/attachments/scan.pdf', '%PDF-1.4 fake');
    write(dir, 'private/secret.md', 'ignored by the person');
    const db = core.context.db;
    db.prepare('UPDATE source SET options = ? WHERE id = 1').run(JSON.stringify({ ignore: ['private/'] }));
    const summary = await index();
    expect(summary.filesSeen).toBe(13);
    expect((await entries()).total).toBe(15);
    await core.close();
  });
});

describe('search', () => {
  it('finds words with highlighted snippets and filters by source, tag and date range', async () => {
    const { core, index, source } = await setup();
    await index();
    const found = await call(core, 'library.search', { query: 'tram' });
    expect(found.total).toBe(1);
    expect(found.hits[0].snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['tram']);
    expect(found.hits[0].snippet.map((p) => p.text).join('')).toContain('Ride tram 28 to the top');
    // A query full of FTS5 syntax is searched as words, not parsed (and does not throw).
    expect((await call(core, 'library.search', { query: 'Ana" OR NEAR(' })).total).toBe(0);
    expect((await call(core, 'library.search', { query: '"tram 28"' })).total).toBe(1);
    const ana = await call(core, 'library.search', { query: 'Ana' });
    expect(ana.total).toBeGreaterThanOrEqual(5);
    const tagged = await call(core, 'library.search', { query: 'Ana', tag: 'friends' });
    expect(tagged.hits.map((h) => h.key).sort()).toEqual(['dayone:7F3A2C1E9B8D4F60A1B2C3D4E5F60718', 'logseq-graph/pages/Ana Souza.md', 'obsidian/Daily/2024-03-05.md']);
    const march = await call(core, 'library.search', { query: 'Ana', since: '2024-03-05', until: '2024-03-07' });
    expect(march.hits.map((h) => h.key).sort()).toEqual(['dayone:7F3A2C1E9B8D4F60A1B2C3D4E5F60718', 'logseq-graph/journals/2024_03_07.md', 'obsidian/Daily/2024-03-05.md']);
    expect((await call(core, 'library.search', { query: 'Ana', sourceId: source.id + 1 })).total).toBe(0);
    await core.close();
  });
});
