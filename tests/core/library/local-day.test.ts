/**
 * The day an entry belongs to is the day on the calendar where it was written: date filters, the
 * entry list (core and CLI) and the dataset's "Write my journal entry for <day>" prompt all use it,
 * and a note with no date of its own is shown and prompted as undated, never as its file's mtime.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/core.ts';
import { tinyMistralDir } from '../../helpers/tiny-model.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { call, openTestCore, write } from './helpers.ts';


/** Written at 07:30 on Saturday 2 March in Sydney, which is still Friday 1 March in UTC. */
const journal = JSON.stringify({
  entries: [{ uuid: 'E0000000000000000000000000000001', creationDate: '2024-03-01T20:30:00Z', timeZone: 'Australia/Sydney', text: 'Early swim before work.' }],
});

function makeSource(): string {
  const dir = tempDir('confidant-src-');
  write(dir, 'dayone/Journal.json', journal);
  write(dir, 'Reference/Boat checklist.md', 'Check the bilge pump, then the fuel.\n');
  return dir;
}

describe('local days', () => {
  it('files a Day One entry under its local day in filters and lists, and keeps undated notes out of date ranges', async () => {
    const core = openTestCore();
    const source = await call(core, 'library.addSource', { path: makeSource(), watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const day = await call(core, 'library.listEntries', { since: '2024-03-02', until: '2024-03-02' });
    expect(day.entries.map((e) => [e.title, e.localDay])).toEqual([['Early swim before work.', '2024-03-02']]);
    expect((await call(core, 'library.listEntries', { until: '2024-03-01' })).total).toBe(0);
    const all = await call(core, 'library.listEntries', {});
    const note = all.entries.find((e) => e.title === 'Boat checklist');
    expect(note?.localDay).toBeNull();
    const hits = await call(core, 'library.search', { query: 'swim', since: '2024-03-02', until: '2024-03-02' });
    expect(hits.total).toBe(1);
    await core.close();
  });

  it('shows local days and "undated" in `confidant entries`', async () => {
    const data = tempDir('confidant-cli-');
    // Indexed through the core into the same data folder: each CLI start costs seconds on CI.
    const core = openCore({ dataDir: data, logError: () => undefined });
    const source = await call(core, 'library.addSource', { path: makeSource(), watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    await core.close();
    const bin = path.resolve(import.meta.dirname, '../../../bin/confidant.js');
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, '--data-dir', data, ...args], { encoding: 'utf8', timeout: 120_000 });
    const listed = cli('entries').stdout;
    expect(listed).toMatch(/2024-03-02\s+Early swim before work/);
    expect(listed).toMatch(/undated\s+Boat checklist/);
    expect(cli('entries', '--since', '2024-03-02', '--until', '2024-03-02').stdout).toContain('1 of 1 entries');
  }, 120_000);

  it('prompts for the local day of a dated entry and for the title of an undated note', async () => {
    const core = openTestCore();
    const source = await call(core, 'library.addSource', { path: makeSource(), watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const built = await call(core, 'dataset.build', { base: tinyMistralDir(), style: 'instruct', unreviewed: 'redact' });
    const prompts = ['train.jsonl', 'val.jsonl', 'test.jsonl']
      .flatMap((f) => fs.readFileSync(path.join(built.path, f), 'utf8').split('\n').filter((l) => l !== ''))
      .map((l) => (JSON.parse(l) as { messages: { role: string; content: string }[] }).messages[0].content);
    // The Day One entry's title is its first line; the date is Sydney's Saturday, not UTC's Friday.
    expect(prompts.sort()).toEqual(["Write my journal entry for Saturday 2 March 2024, titled 'Early swim before work.'.", "Write my note titled 'Boat checklist'."]);
    await core.close();
  });

  it('shows the review preview, the entry under review and date rules on the local day, as the dataset does', async () => {
    const core = openTestCore();
    const source = await call(core, 'library.addSource', { path: makeSource(), watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const all = await call(core, 'library.listEntries', {});
    const swim = all.entries.find((e) => e.title === 'Early swim before work.');
    const note = all.entries.find((e) => e.title === 'Boat checklist');
    if (!swim || !note) throw new Error('both entries should be indexed');
    const promptOf = async (entryId: number) =>
      (await call(core, 'privacy.preview', { entryId })).prompt.map((s) => s.text).join('');
    expect(await promptOf(swim.id)).toBe("Write my journal entry for Saturday 2 March 2024, titled 'Early swim before work.'.");
    expect(await promptOf(note.id)).toBe("Write my note titled 'Boat checklist'.");
    expect((await call(core, 'privacy.getEntry', { entryId: swim.id })).day).toBe('2024-03-02');
    expect((await call(core, 'privacy.getEntry', { entryId: note.id })).day).toBeNull();

    // "Exclude everything before 2 March" keeps the entry written on the 2nd in Sydney, and no date rule touches an undated note.
    await call(core, 'privacy.addRule', { type: 'before', value: '2024-03-02' });
    const verdictOf = async (entryId: number) => (await call(core, 'privacy.getEntry', { entryId })).verdict.included;
    expect(await verdictOf(swim.id)).toBe(true);
    expect(await verdictOf(note.id)).toBe(true);
    await call(core, 'privacy.addRule', { type: 'after', value: '2024-03-01' });
    expect(await verdictOf(swim.id)).toBe(false);
    expect(await verdictOf(note.id)).toBe(true);
    await core.close();
  });
});
