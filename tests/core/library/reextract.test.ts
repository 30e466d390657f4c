/**
 * Existing libraries and better importers: a document read by an older importer version is read
 * again once on the next index, its entries updated in place (same ids, same keys), so the
 * person's decisions stay attached and the text becomes clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntryDetail, IndexSummary, Source } from '../../../electron/api/calls/library.ts';
import type { ReviewEntry } from '../../../electron/api/calls/privacy.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { findDebris } from '../../helpers/debris.ts';
import { call, openTestCore, write } from './helpers.ts';

const sydneyJournal = JSON.stringify({
  entries: [{ uuid: 'D0000000000000000000000000000001', creationDate: '2024-03-01T20:30:00Z', timeZone: 'Australia/Sydney', text: 'Swim at Bronte\\. **Cold** water\\!' }],
});

describe('re-extraction after an importer upgrade', () => {
  // The old rows are written by hand, as the previous importers left them (markup in the text, the
  // UTC day as the day, parser version 0 as before the migration): that code no longer exists to run.
  it('re-reads documents of an older parser version once, keeping entry ids and decisions, and cleans their text', async () => {
    const core = openTestCore();
    const dir = tempDir('confidant-src-');
    write(dir, 'Notes/ferry.md', '> [!warning] Before the ferry\n> The last boat leaves at 18:40.\n');
    write(dir, 'Journal.json', sydneyJournal);
    const source = await call<Source>(core, 'library.addSource', { path: dir, watch: false });
    const index = async () => (await call<IndexSummary[]>(core, 'library.index', { sourceId: source.id }))[0];
    await index();

    const db = core.context.db;
    db.prepare('UPDATE document SET parser_version = 0').run();
    db.prepare("UPDATE entry SET text = ?, text_hash = 'old', local_day = NULL WHERE key = 'Notes/ferry.md'").run('> [!warning] Before the ferry\n> The last boat leaves at 18:40.');
    db.prepare("UPDATE entry SET text = ?, text_hash = 'old', local_day = '2024-03-01' WHERE key LIKE 'dayone:%'").run('Swim at Bronte. **Cold** water!');
    const ids = db.prepare('SELECT key, id FROM entry ORDER BY key').all() as { key: string; id: number }[];
    const ferry = ids.find((r) => r.key === 'Notes/ferry.md')?.id as number;
    await call(core, 'privacy.setEntryDecision', { entryIds: [ferry], decision: 'exclude' });

    const upgraded = await index();
    expect(upgraded).toMatchObject({ filesParsed: 2, entriesChanged: 2, entriesAdded: 0, entriesRemoved: 0 });
    expect(db.prepare('SELECT key, id FROM entry ORDER BY key').all()).toEqual(ids);
    const note = await call<EntryDetail>(core, 'library.getEntry', { id: ferry });
    expect(note.text).toBe('Before the ferry\n\nThe last boat leaves at 18:40.');
    expect(findDebris(note.text)).toEqual([]);
    const review = await call<ReviewEntry>(core, 'privacy.getEntry', { entryId: ferry });
    expect(review.verdict).toMatchObject({ included: false, by: 'entry' });
    const swim = await call<EntryDetail>(core, 'library.getEntry', { id: ids.find((r) => r.key.startsWith('dayone:'))?.id as number });
    expect([swim.text, swim.localDay]).toEqual(['Swim at Bronte. Cold water!', '2024-03-02']);
    // Search sees the new text, not the old markup.
    expect((await call<{ total: number }>(core, 'library.search', { query: 'warning' })).total).toBe(0);

    expect(await index()).toMatchObject({ filesParsed: 0, filesUnchanged: 2 });
    await core.close();
  });
});

describe('Logseq references across pages', () => {
  it('shows the referenced block of another page in place, through the real indexer', async () => {
    const core = openTestCore();
    const graph = path.join(tempDir('confidant-src-'), 'graph');
    fs.cpSync(path.resolve(import.meta.dirname, '../../fixtures/formats/logseq'), graph, { recursive: true });
    const source = await call<Source>(core, 'library.addSource', { path: graph, watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const id = core.context.db.prepare("SELECT id FROM entry WHERE key = 'pages/cross-page-refs.md'").pluck().get() as number;
    const page = await call<EntryDetail>(core, 'library.getEntry', { id });
    expect(page.text).toBe('The plan after the call: Spoke to Inês about the harbour job.\n\nEmbedded from the journal:\nSpoke to Inês about the harbour job.');
    await core.close();
  });
});
