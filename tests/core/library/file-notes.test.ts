/**
 * A readable file that leaves something out on purpose says so per file, as an empty file does,
 * without counting as an error: a Day One entry with no text (only a photo, or nothing) is not an entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp.ts';
import { call, openTestCore, write } from './helpers.ts';

const fixture = path.resolve(import.meta.dirname, '../../fixtures/formats/dayone/entry-without-text.json');

describe('per-file notes', () => {
  it('skips Day One entries without text and names them in a note for the file', async () => {
    const core = openTestCore();
    const dir = tempDir('confidant-src-');
    write(dir, 'Journal.json', fs.readFileSync(fixture));
    const source = await call(core, 'library.addSource', { path: dir, watch: false });
    const [summary] = await call(core, 'library.index', { sourceId: source.id });
    expect(summary).toMatchObject({ entriesAdded: 1, errors: 0 });
    expect(await call(core, 'library.listNotes', { sourceId: source.id })).toEqual([
      { relPath: 'Journal.json', note: 'Journal.json: 2 entries have no text and were skipped (B0000000000000000000000000000001, B0000000000000000000000000000002).' },
    ]);
    expect(await call(core, 'library.listErrors', { sourceId: source.id })).toEqual([]);
    // Once the entries have words, the note goes.
    write(dir, 'Journal.json', JSON.stringify({ entries: [{ uuid: 'B0000000000000000000000000000003', creationDate: '2024-05-03T08:00:00Z', text: 'Words.' }] }));
    await call(core, 'library.index', { sourceId: source.id });
    expect(await call(core, 'library.listNotes', { sourceId: source.id })).toEqual([]);
    await core.close();
  });
});
