/**
 * Existing libraries and better importers: a document read by an older importer version is read
 * again once on the next index, its entries updated in place (same ids, same keys), so the
 * person's decisions stay attached and the text becomes clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const source = await call(core, 'library.addSource', { path: dir, watch: false });
    const index = async () => (await call(core, 'library.index', { sourceId: source.id }))[0];
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
    const note = await call(core, 'library.getEntry', { id: ferry });
    expect(note.text).toBe('Before the ferry\n\nThe last boat leaves at 18:40.');
    expect(findDebris(note.text)).toEqual([]);
    const review = await call(core, 'privacy.getEntry', { entryId: ferry });
    expect(review.verdict).toMatchObject({ included: false, by: 'entry' });
    const swim = await call(core, 'library.getEntry', { id: ids.find((r) => r.key.startsWith('dayone:'))?.id as number });
    expect([swim.text, swim.localDay]).toEqual(['Swim at Bronte. Cold water!', '2024-03-02']);
    // Search sees the new text, not the old markup.
    expect((await call(core, 'library.search', { query: 'warning' })).total).toBe(0);

    expect(await index()).toMatchObject({ filesParsed: 0, filesUnchanged: 2 });
    await core.close();
  });
});

describe('Logseq references across pages', () => {
  it('shows the referenced block of another page in place, through the real indexer', async () => {
    const core = openTestCore();
    const graph = path.join(tempDir('confidant-src-'), 'graph');
    fs.cpSync(path.resolve(import.meta.dirname, '../../fixtures/formats/logseq'), graph, { recursive: true });
    const source = await call(core, 'library.addSource', { path: graph, watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const id = core.context.db.prepare("SELECT id FROM entry WHERE key = 'pages/cross-page-refs.md'").pluck().get() as number;
    const page = await call(core, 'library.getEntry', { id });
    expect(page.text).toBe('The plan after the call: Spoke to Inês about the harbour job.\n\nEmbedded from the journal:\nSpoke to Inês about the harbour job.');
    await core.close();
  });
});

describe('a file cut into different entries by a newer importer', () => {
  // The old per-heading rows are written by hand, as the previous org importer left them.
  it('keeps text the person excluded out: an exclusion of any old entry excludes the new one, and finding decisions follow', async () => {
    const core = openTestCore();
    const dir = tempDir('confidant-src-');
    write(dir, 'journal/20240308.org', '* Friday, 03/08/24\n** 08:15 Run\nFive kilometres along the canal.\n** 19:40 Call with mum\nShe told me about the biopsy results.\n');
    const source = await call(core, 'library.addSource', { path: dir, watch: false });
    const index = async () => (await call(core, 'library.index', { sourceId: source.id }))[0];
    await index();
    const db = core.context.db;
    const day = db.prepare("SELECT id, document_id FROM entry WHERE key = 'journal/20240308.org'").get() as { id: number; document_id: number };
    db.prepare("UPDATE entry SET key = 'journal/20240308.org#08:15 Run', text = 'Five kilometres along the canal.', text_hash = 'old' WHERE id = ?").run(day.id);
    db.prepare(`INSERT INTO entry (source_id, document_id, key, format, title, created_at, created_from, tags, text, text_hash, metadata, updated_at)
      VALUES (?, ?, 'journal/20240308.org#19:40 Call with mum', 'org', 'Call with mum', '2024-03-08T19:40', 'file-name', '[]', 'She told me about the biopsy results.', 'old', '{}', '2024-03-08')`).run(source.id, day.document_id);
    const call1940 = db.prepare("SELECT id FROM entry WHERE key LIKE '%19:40%'").pluck().get() as number;
    await call(core, 'privacy.setEntryDecision', { entryIds: [call1940], decision: 'exclude' });
    db.prepare(`INSERT INTO finding_decision (source_path, entry_key, kind, value, action, updated_at) VALUES (?, 'journal/20240308.org#08:15 Run', 'place', 'canal', 'redact', '2024-03-08')`).run(source.path);
    db.prepare('UPDATE document SET parser_version = 0').run();

    expect(await index()).toMatchObject({ filesParsed: 1, entriesAdded: 1, entriesRemoved: 2 });
    const now = db.prepare("SELECT id FROM entry WHERE key = 'journal/20240308.org' AND removed = 0").pluck().get() as number;
    const review = await call(core, 'privacy.getEntry', { entryId: now });
    expect(review.verdict).toMatchObject({ included: false, by: 'entry' });
    expect(db.prepare("SELECT action FROM finding_decision WHERE entry_key = 'journal/20240308.org' AND value = 'canal'").pluck().get()).toBe('redact');
    await core.close();
  });

  it('does not carry decisions when an edit, not an upgrade, drops one day and adds another', async () => {
    const core = openTestCore();
    const dir = tempDir('confidant-src-');
    write(dir, 'log.org', '* 2024-03-05 Tuesday\nA hard day.\n');
    const source = await call(core, 'library.addSource', { path: dir, watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const db = core.context.db;
    const tuesday = db.prepare("SELECT id FROM entry WHERE key = 'log.org#2024-03-05'").pluck().get() as number;
    await call(core, 'privacy.setEntryDecision', { entryIds: [tuesday], decision: 'exclude' });
    write(dir, 'log.org', '* 2024-03-06 Wednesday\nA better day, longer too.\n');
    await call(core, 'library.index', { sourceId: source.id });
    const wednesday = db.prepare("SELECT id FROM entry WHERE key = 'log.org#2024-03-06'").pluck().get() as number;
    expect((await call(core, 'privacy.getEntry', { entryId: wednesday })).verdict.included).toBe(true);
    await core.close();
  });
});
