import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../../electron/core/db/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { addName, getTrainingView, readFindings, scanEntries } from '../../../electron/core/privacy/index.ts';
import { addEntry, addSource, openTestDb } from './helpers.ts';

describe('findings in titles, tags and paths', () => {
  it('are made in every field, and the training view redacts title and tags like the text', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/home/me/notes');
    addName(db, { name: 'Anna Berg', kind: 'person', aliases: [] });
    const id = addEntry(db, sourceId, { key: 'people/Ana Souza.md', relPath: 'people/Ana Souza.md', title: 'Dinner with Ana Souza', tags: ['friends', 'anna_berg'], text: 'Quiet evening, ramen by the station.' });
    scanEntries(db);
    const byField = readFindings(db, id).map((f) => [f.field, f.kind, f.value]);
    expect(byField).toEqual(expect.arrayContaining([['title', 'person', 'Ana Souza'], ['path', 'person', 'Ana Souza'], ['tags', 'person', 'anna_berg']]));
    // Text findings come first, and none of these has offsets into the text.
    expect(readFindings(db, id).filter((f) => f.field === 'text')).toEqual([]);
    const view = getTrainingView(db, id);
    expect(view.text).toBe('Quiet evening, ramen by the station.');
    expect(view.title).toMatch(/^Dinner with (\[PERSON\]|[A-Z][a-z]+ [A-Z][a-z]+)$/);
    expect(view.title).not.toContain('Souza');
    expect(view.tags[0]).toBe('friends');
    expect(view.tags[1]).not.toMatch(/anna|berg/i);
  });

  it('catch in a title a name the detectors recognised only in the text, so one decision covers both', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/home/me/notes');
    const id = addEntry(db, sourceId, { key: 'x.md', title: 'Brannoch', text: 'Coffee with Brannoch after work.' });
    scanEntries(db);
    const found = readFindings(db, id).filter((f) => f.value === 'Brannoch');
    expect(found.map((f) => f.field).sort()).toEqual(['text', 'title']);
    const view = getTrainingView(db, id);
    expect(view.title).toBe('[PERSON]');
    expect(view.text).toBe('Coffee with [PERSON] after work.');
  });

  it('are made again when only the title, tags or file name change (a rename keeps the text)', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/home/me/notes');
    const id = addEntry(db, sourceId, { key: 'a.md', relPath: 'a.md', title: 'Evening', text: 'Quiet evening, ramen by the station.' });
    scanEntries(db);
    expect(readFindings(db, id)).toEqual([]);
    db.prepare("UPDATE entry SET title = 'Dinner with Ana Souza' WHERE id = ?").run(id);
    expect(getTrainingView(db, id).title).not.toContain('Souza');
    expect(readFindings(db, id).map((f) => f.field)).toEqual(['title']);
    db.prepare("UPDATE entry SET title = 'Evening' WHERE id = ?").run(id);
    db.prepare("UPDATE document SET rel_path = 'people/Ana Souza.md' WHERE id = (SELECT document_id FROM entry WHERE id = ?)").run(id);
    expect(getTrainingView(db, id).title).toBe('Evening');
    expect(readFindings(db, id).map((f) => [f.field, f.value])).toEqual([['path', 'Ana Souza']]);
  });
});

describe('a database from before findings had a field', () => {
  it('keeps its findings as text findings, then scans every entry again with every field', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(old, migrations.filter((m) => m.version < 8), file);
    const sourceId = addSource(old, '/home/me/notes');
    const id = addEntry(old, sourceId, { key: 'a.md', title: 'Dinner with Ana Souza', text: 'Call me at +1 415 555 0199.' });
    old.prepare("INSERT INTO finding (entry_id, kind, start, end, value, detector, confidence) VALUES (?, 'phone', 11, 26, '+1 415 555 0199', 'phone', 0.95)").run(id);
    old.prepare("INSERT INTO entry_scan (entry_id, text_hash, config_hash, risk, scanned_at) SELECT id, text_hash, 'old', 5, '2026-01-01' FROM entry").run();
    migrate(old, migrations, file);
    expect(old.prepare('SELECT field FROM finding').pluck().all()).toEqual(['text']);
    scanEntries(old);
    expect(readFindings(old, id).map((f) => [f.field, f.kind])).toEqual(expect.arrayContaining([['text', 'phone'], ['title', 'person']]));
    old.close();
  });
});
