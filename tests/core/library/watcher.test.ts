import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../electron/api/index.ts';
import { getLibrary } from '../../../electron/core/library/index.ts';
import { call, copySample, openTestCore } from './helpers.ts';
import { until } from '../../helpers/until.ts';


async function watchedSource(timings = { debounceMs: 50, stabilityMs: 100, reconcileMs: 60_000, pollMs: 300 }) {
  const core = openTestCore();
  getLibrary(core.context, timings);
  const dir = copySample();
  const source = await call(core, 'library.addSource', { path: dir });
  await call(core, 'library.index', { sourceId: source.id });
  const events: AppEvent[] = [];
  core.subscribe((e) => events.push(e));
  await call(core, 'library.setWatching', { enabled: true });
  // Changes made before chokidar has walked the tree are only caught by the next reconcile.
  await getLibrary(core.context).watcherOf(source.id)?.ready;
  const search = (q: string) => call(core, 'library.search', { query: q });
  return { core, dir, source, events, search };
}

describe('watching a source', () => {
  it('makes a new note searchable, follows an edit, a rename and a deletion', async () => {
    const { core, dir, search } = await watchedSource();
    const note = path.join(dir, 'obsidian/Daily/2024-04-01.md');
    fs.writeFileSync(note, 'Saw a heron on the canal this morning. #birds\n');
    const found = await until('the new note', async () => (await search('heron')).hits[0]);
    expect(found.key).toBe('obsidian/Daily/2024-04-01.md');

    fs.writeFileSync(note, 'Saw a kingfisher on the canal this morning. #birds\n');
    await until('the edit', async () => (await search('kingfisher')).total === 1);
    expect((await search('heron')).total).toBe(0);

    fs.renameSync(note, path.join(dir, 'obsidian/Daily/2024-04-02.md'));
    const moved = await until('the rename', async () => (await search('kingfisher')).hits.find((h) => h.key.endsWith('2024-04-02.md')));
    expect(moved.id).toBe(found.id);

    fs.rmSync(path.join(dir, 'obsidian/Daily/2024-04-02.md'));
    await until('the deletion', async () => (await search('kingfisher')).total === 0);
    await core.close();
  });

  it('falls back to periodic scanning with a warning when the watcher fails, and still picks up changes', async () => {
    const { core, dir, source, events, search } = await watchedSource();
    const watcher = getLibrary(core.context).watcherOf(source.id);
    // What chokidar emits when a huge tree exhausts file descriptors.
    watcher?.chokidar?.emit('error', Object.assign(new Error('EMFILE: too many open files, watch'), { code: 'EMFILE' }));
    const sources = await call(core, 'library.listSources', {});
    expect(sources[0].watchState.mode).toBe('polling');
    expect(sources[0].watchState.warning).toMatch(/too many files are open.*rescans it every/);
    expect(events.some((e) => e.name === 'app.notice' && e.payload.level === 'warning')).toBe(true);
    fs.writeFileSync(path.join(dir, 'diary/2024-04-03.txt'), 'A walrus in my dream again.\n');
    await until('the periodic scan', async () => (await search('walrus')).total === 1);
    await core.close();
  });
});
