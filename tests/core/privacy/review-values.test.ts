import { describe, expect, it } from 'vitest';
import {
  getQueue, getTrainingView, getTrainingViews, listValueGroups, readFindings, scanEntries, setFindingDecision, setValueDecision,
} from '../../../electron/core/privacy/index.ts';
import { addEntry, addSource, openTestDb } from './helpers.ts';

/** A friend the detectors know only from cues ("coffee with"), in six entries; another person in two. */
const TEXT = 'Coffee with Brannoch after work. Later Brannoch called about the boat.';

/** How many findings of `value` the scan made: what one decision on the value must settle. */
function mentionsOf(db: ReturnType<typeof openTestDb>, ids: readonly number[], value: string): number {
  scanEntries(db);
  return ids.reduce((n, id) => n + readFindings(db, id).filter((f) => f.value === value).length, 0);
}

function setup() {
  const db = openTestDb();
  const sourceId = addSource(db, '/home/me/vault');
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push(addEntry(db, sourceId, { key: `daily/${i}.md`, title: `Day ${i}`, text: `${TEXT} Day ${i}.` }));
  }
  ids.push(addEntry(db, sourceId, { key: 'people/lunch.md', title: 'Lunch', text: 'Had lunch with Marta Kowalczyk by the river.' }));
  ids.push(addEntry(db, sourceId, { key: 'people/call.md', title: 'Call', text: 'Spoke to Marta Kowalczyk about the move.' }));
  return { db, sourceId, ids };
}

describe('review by value', () => {
  it('groups unlisted candidates by value, biggest decision first, with counts and where they appear', () => {
    const { db, ids } = setup();
    const { values, total, toReview } = listValueGroups(db);
    const friend = values.find((v) => v.value === 'Brannoch');
    const mentions = mentionsOf(db, ids, 'Brannoch');
    expect(mentions).toBeGreaterThanOrEqual(6);
    expect(values[0]?.value).toBe('Brannoch');
    expect(friend).toMatchObject({ kind: 'person', mentions, entries: 6, toReview: mentions, decision: null });
    expect(friend?.samples).toHaveLength(2);
    expect(friend?.samples[0]?.snippet).toContain('Coffee with Brannoch after work');
    expect(values.find((v) => v.value === 'Marta Kowalczyk')).toMatchObject({ mentions: 2, entries: 2 });
    expect(total).toBe(values.length);
    expect(toReview).toBeGreaterThanOrEqual(mentions);
  });

  it('"not personal" removes every mention and keeps the text as written, in this scan and the next', () => {
    const { db, sourceId, ids } = setup();
    expect(getTrainingView(db, ids[0] as number).text).not.toContain('Brannoch');
    const mentions = mentionsOf(db, ids, 'Brannoch');
    const result = setValueDecision(db, 'brannoch', 'not_personal');
    expect(result).toMatchObject({ value: 'Brannoch', decision: 'not_personal', mentions, entries: 6 });
    expect(mentionsOf(db, ids, 'Brannoch')).toBe(0);
    expect(getTrainingView(db, ids[0] as number).text).toBe(`${TEXT} Day 0.`);
    // A new entry, scanned later, follows the decision: never flagged again.
    const later = addEntry(db, sourceId, { key: 'daily/new.md', text: 'Went sailing with Brannoch on Sunday.' });
    scanEntries(db);
    expect(mentionsOf(db, [later], 'Brannoch')).toBe(0);
    expect(listValueGroups(db).values.map((v) => v.value)).not.toContain('Brannoch');
    expect(listValueGroups(db, { state: 'decided' }).values).toEqual([expect.objectContaining({ value: 'Brannoch', decision: 'not_personal' })]);
    // Undo brings the mentions back for review, the new entry's too.
    setValueDecision(db, 'Brannoch', null);
    expect(listValueGroups(db).values.find((v) => v.value === 'Brannoch')?.entries).toBe(7);
  });

  it('"a person" redacts every mention with one stand-in, decided, not waiting for review', () => {
    const { db, ids } = setup();
    setValueDecision(db, 'Marta Kowalczyk', 'person');
    const views = getTrainingViews(db, [ids[6] as number, ids[7] as number]);
    const standIns = views.map((v) => /with (.+) by the river|to (.+) about/.exec(v.text)?.slice(1).find(Boolean));
    expect(views.map((v) => v.text).join(' ')).not.toContain('Kowalczyk');
    expect(standIns[0]).toBeDefined();
    expect(standIns[0]).toBe(standIns[1]);
    expect(views.every((v) => v.toReview === 0)).toBe(true);
    expect(listValueGroups(db, { state: 'decided' }).values[0]).toMatchObject({ value: 'Marta Kowalczyk', kind: 'person', decision: 'person', toReview: 0 });
  });

  it('"a person" also catches the mentions the detectors missed, in any case, in entries written later', () => {
    const { db, sourceId } = setup();
    const quiet = addEntry(db, sourceId, { key: 'daily/quiet.md', text: 'texted brannoch about sunday. BRANNOCH never answers.' });
    scanEntries(db);
    expect(getTrainingView(db, quiet).text).toContain('brannoch');
    setValueDecision(db, 'Brannoch', 'person');
    const text = getTrainingView(db, quiet).text;
    expect(text.toLowerCase()).not.toContain('brannoch');
    expect(text).toMatch(/^texted [A-Z][a-z]+ about sunday\. [A-Z][a-z]+ never answers\.$/);
    const later = addEntry(db, sourceId, { key: 'daily/later.md', text: 'Sailing, brannoch at the helm.' });
    expect(getTrainingView(db, later).text).not.toContain('brannoch');
  });

  it('"a place" changes the kind of every mention, which follows the place default (kept)', () => {
    const { db, ids } = setup();
    setValueDecision(db, 'Brannoch', 'place');
    const kinds = readFindings(db, ids[0] as number).filter((f) => f.value === 'Brannoch').map((f) => f.kind);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['place']));
    expect(getTrainingView(db, ids[0] as number).text).toBe(`${TEXT} Day 0.`);
  });

  it('"one by one" leaves each mention to its own decision, and lists the value as decided', () => {
    const { db, ids } = setup();
    setValueDecision(db, 'Brannoch', 'each');
    const [first] = readFindings(db, ids[0] as number).filter((f) => f.value === 'Brannoch');
    setFindingDecision(db, [first?.id as number], 'keep');
    expect(getTrainingView(db, ids[0] as number).text).toBe(`${TEXT} Day 0.`);
    expect(getTrainingView(db, ids[1] as number).text).not.toContain('Brannoch');
    expect(listValueGroups(db).values.map((v) => v.value)).not.toContain('Brannoch');
  });

  it('counts a place guess as settled by its default (kept), so it never waits for review', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/home/me/vault');
    const id = addEntry(db, sourceId, { key: 'trip.md', text: 'Our servers are in Amsterdam and Tokyo.' });
    const places = listValueGroups(db).values.filter((v) => v.kind === 'place');
    expect(places.map((v) => v.value)).toEqual(expect.arrayContaining(['Amsterdam', 'Tokyo']));
    expect(places.every((v) => v.toReview === 0)).toBe(true);
    expect(getTrainingViews(db, [id])[0]?.toReview).toBe(0);
  });

  it('refuses an empty value or one no entry has, saying what to do', () => {
    const { db } = setup();
    expect(() => setValueDecision(db, '  ', 'person')).toThrow(/The value is empty/);
    expect(() => setValueDecision(db, 'Zanzibar Quill', 'person')).toThrow(/confidant privacy values/);
  });
});

describe('findings below the confidence at which defaults apply', () => {
  it('are to review: never an invented name; redacted with a placeholder, or kept, as the person chooses', () => {
    const { db, ids } = setup();
    const id = ids[0] as number;
    const [view] = getTrainingViews(db, [id]);
    const mentions = mentionsOf(db, [id], 'Brannoch');
    expect(mentions).toBeGreaterThan(0);
    expect(view?.toReview).toBe(mentions);
    expect(view?.text).toContain('Coffee with [PERSON] after work.');
    expect(view?.text).not.toContain('Brannoch');
    const [kept] = getTrainingViews(db, [id], { unreviewed: 'keep' });
    expect(kept?.text).toBe(`${TEXT} Day 0.`);
    // The queue shows how many wait in each entry; a decision on the value clears them.
    expect(getQueue(db).items.find((i) => i.entryId === id)?.toReview).toBe(mentions);
    setValueDecision(db, 'Brannoch', 'not_personal');
    expect(getQueue(db).items.find((i) => i.entryId === id)?.toReview).toBe(0);
  });
});
