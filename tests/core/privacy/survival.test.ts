import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSource, indexSource, removeSource } from '../../../electron/core/library/index.ts';
import { getTrainingView, readFindings, scanEntries, setEntryDecision, setFindingDecision, addName } from '../../../electron/core/privacy/index.ts';
import type { Db } from '../../../electron/core/db/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { openTestDb } from './helpers.ts';

/** Real files, the library's real indexer, and the privacy decisions made on top of them. */
function setup() {
  const db = openTestDb();
  const notes = tempDir('confidant-notes-');
  const dataDir = tempDir('confidant-data-');
  fs.mkdirSync(path.join(notes, 'daily'));
  fs.writeFileSync(path.join(notes, 'daily', 'monday.md'), '# Monday\n\nLunch with Anna. Her number is 020 7946 0958.\n');
  fs.writeFileSync(path.join(notes, 'daily', 'tuesday.md'), '# Tuesday\n\nA secret I never want trained on.\n');
  addName(db, { name: 'Anna', kind: 'person', aliases: [] });
  let source = addSource(db, notes, {}, dataDir, false);
  const index = () => indexSource(db, source);
  const entryId = (key: string) => db.prepare('SELECT id FROM entry WHERE key = ? AND removed = 0').pluck().get(key) as number | undefined;
  const readd = async () => {
    removeSource(db, source.id);
    source = addSource(db, notes, {}, dataDir, false);
    await index();
  };
  return { db, notes, index, entryId, readd };
}

function keepPhone(db: Db, entryId: number): void {
  scanEntries(db);
  const phone = readFindings(db, entryId).find((f) => f.kind === 'phone');
  if (!phone) throw new Error('the planted phone number was not found');
  setFindingDecision(db, [phone.id], 'keep');
}

describe('decisions survive the library changing underneath them', () => {
  it('survive re-indexing, an edit, a rename, and removing and re-adding the source', async () => {
    const { db, notes, index, entryId, readd } = setup();
    await index();
    const monday = entryId('daily/monday.md');
    const tuesday = entryId('daily/tuesday.md');
    expect(monday).toBeDefined();
    expect(tuesday).toBeDefined();
    setEntryDecision(db, [tuesday!], 'exclude');
    keepPhone(db, monday!);
    const expected = (id: number) => getTrainingView(db, id).text;
    expect(expected(monday!)).toContain('Lunch with Clara. Her number is 020 7946 0958.');

    // Re-index with nothing changed.
    await index();
    expect(getTrainingView(db, entryId('daily/tuesday.md')!).included).toBe(false);

    // Edit both files: the exclusion stays, the kept phone number follows its text.
    fs.writeFileSync(path.join(notes, 'daily', 'tuesday.md'), '# Tuesday\n\nA secret I never want trained on, now longer.\n');
    fs.writeFileSync(path.join(notes, 'daily', 'monday.md'), '# Monday\n\nBreakfast first. Lunch with Anna. Her number is 020 7946 0958.\n');
    await index();
    expect(getTrainingView(db, entryId('daily/tuesday.md')!).included).toBe(false);
    expect(getTrainingView(db, entryId('daily/monday.md')!).text).toContain('Breakfast first. Lunch with Clara. Her number is 020 7946 0958.');

    // Rename both: the indexer rekeys decisions to the new keys.
    fs.mkdirSync(path.join(notes, 'archive'));
    fs.renameSync(path.join(notes, 'daily', 'tuesday.md'), path.join(notes, 'archive', 'tuesday.md'));
    fs.renameSync(path.join(notes, 'daily', 'monday.md'), path.join(notes, 'archive', 'monday-renamed.md'));
    await index();
    const movedTuesday = entryId('archive/tuesday.md');
    const movedMonday = entryId('archive/monday-renamed.md');
    expect(movedTuesday).toBeDefined();
    expect(getTrainingView(db, movedTuesday!).included).toBe(false);
    expect(getTrainingView(db, movedMonday!).text).toContain('020 7946 0958');

    // Remove the source and add the same folder again: new rows, same decisions.
    await readd();
    const again = entryId('archive/tuesday.md');
    expect(again).toBeDefined();
    // The old rows (and their findings) went with the source; these are fresh ones.
    expect(db.prepare('SELECT count(*) FROM source').pluck().get()).toBe(1);
    expect(getTrainingView(db, again!).included).toBe(false);
    expect(getTrainingView(db, entryId('archive/monday-renamed.md')!).text).toContain('Lunch with Clara. Her number is 020 7946 0958.');
  });
});
