import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import {
  addName, addRule, compileUserPattern, exportDecisions, getQueue, getTrainingView, getTrainingViews, importDecisions,
  listRulesWithCounts, readFindings, scanEntries, setEntryDecision, setFindingDecision, setKindFindings, setKindPolicy, setValueDecision, updateRule,
} from '../../../electron/core/privacy/index.ts';
import { addEntry, addSource, editEntry, openTestDb } from './helpers.ts';

const JOURNAL = '/home/me/journal';

function setup() {
  const db = openTestDb();
  const sourceId = addSource(db, JOURNAL);
  addName(db, { name: 'Anna Berg', kind: 'person', aliases: ['Anna', 'Annie'] });
  return { db, sourceId };
}

function thrown(fn: () => unknown): ConfidantError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfidantError) return error;
    throw error;
  }
  throw new Error('expected a ConfidantError');
}

describe('the training view', () => {
  it('applies each kind\'s style: placeholders, one pseudonym per listed person, dropped sentences', () => {
    const { db, sourceId } = setup();
    const id = addEntry(db, sourceId, { key: 'a.md', text: "Anna called from +44 20 7946 0958. Annie's cat is ill. My card 4111 1111 1111 1111 expired. Lunch was good." });
    setKindPolicy(db, 'card', { style: 'drop' });
    const view = getTrainingView(db, id);
    expect(view.included).toBe(true);
    expect(view.text).toBe("Clara called from [PHONE]. Clara's cat is ill. Lunch was good.");
    expect(view.text).not.toContain('Anna');
  });

  it('gives the same stand-in to the same value across a batch and a later build', () => {
    const { db, sourceId } = setup();
    const a = addEntry(db, sourceId, { key: 'a.md', text: 'Met Anna Berg at noon.' });
    const b = addEntry(db, sourceId, { key: 'b.md', text: 'Anna Berg phoned.' });
    setKindPolicy(db, 'email', { style: 'pseudonym' });
    const c = addEntry(db, sourceId, { key: 'c.md', text: 'Mail anna@example.org and anna@example.org.' });
    const [va, vb, vc] = getTrainingViews(db, [a, b, c]);
    expect(va?.text).toBe('Met Clara Holm at noon.');
    expect(vb?.text).toBe('Clara Holm phoned.');
    expect(vc?.text).toMatch(/^Mail (\S+@example\.com) and \1\.$/);
    expect(getTrainingView(db, b).text).toBe('Clara Holm phoned.');
  });

  it('keeps a finding the person chose to keep, and redacts text they always want redacted', () => {
    const { db, sourceId } = setup();
    const id = addEntry(db, sourceId, { key: 'a.md', text: 'Anna works on Project Falcon.' });
    scanEntries(db);
    const anna = readFindings(db, id).find((f) => f.value === 'Anna');
    setFindingDecision(db, [anna!.id], 'keep');
    addRule(db, 'redact_word', 'project falcon');
    expect(getTrainingView(db, id).text).toBe('Anna works on [REDACTED].');
  });

  it('returns nothing for an excluded entry and follows the precedence entry > rule > source default', () => {
    const { db, sourceId } = setup();
    const health = addEntry(db, sourceId, { key: 'h.md', text: 'Doctor again.', tags: ['Health'] });
    const plain = addEntry(db, sourceId, { key: 'p.md', text: 'Nice walk.' });
    const rule = addRule(db, 'tag', '#health');
    expect(getTrainingView(db, health)).toEqual({ entryId: health, included: false, text: '', title: '', tags: [] });
    setEntryDecision(db, [health], 'include');
    expect(getTrainingView(db, health).included).toBe(true);
    setEntryDecision(db, [plain], 'exclude');
    expect(getTrainingView(db, plain).text).toBe('');
    updateRule(db, rule.id, { enabled: false });
    // A search rule excludes only the entry it matches.
    const rainy = addEntry(db, sourceId, { key: 'r.md', text: 'Rain all day.' });
    addRule(db, 'search', 'rain');
    expect(getTrainingView(db, rainy).included).toBe(false);
    expect(getTrainingView(db, health).included).toBe(true);
    const otherSource = addSource(db, '/home/me/private', 'exclude');
    const secret = addEntry(db, otherSource, { key: 's.md', text: 'Secret.' });
    expect(getTrainingView(db, secret).included).toBe(false);
  });

  it('rescans an entry edited since its last scan before returning any of its text', () => {
    const { db, sourceId } = setup();
    const id = addEntry(db, sourceId, { key: 'a.md', text: 'Quiet day.' });
    expect(getTrainingView(db, id).text).toBe('Quiet day.');
    editEntry(db, id, 'Quiet day. Wrote to anna.b@example.org.');
    expect(getTrainingView(db, id).text).toBe('Quiet day. Wrote to [EMAIL].');
  });
});

describe('rules', () => {
  it('lists every rule with how many entries it affects', () => {
    const { db, sourceId } = setup();
    addEntry(db, sourceId, { key: 'work/a.md', relPath: 'work/a.md', text: 'Budget meeting.', createdAt: '2019-03-01', tags: ['work'] });
    addEntry(db, sourceId, { key: 'daily/b.md', relPath: 'daily/b.md', text: 'Budget at home, with Falcon.', createdAt: '2022-07-01' });
    addEntry(db, sourceId, { key: 'daily/c.md', relPath: 'daily/c.md', text: 'Swim.', createdAt: '2024-01-01' });
    addRule(db, 'folder', 'work');
    addRule(db, 'before', '2020-01-01');
    addRule(db, 'after', '2023-12-31');
    addRule(db, 'search', 'budget');
    addRule(db, 'regex', 'Sw[iu]m');
    addRule(db, 'redact_word', 'falcon');
    expect(listRulesWithCounts(db).map((r) => [r.type, r.value, r.affected])).toEqual([
      ['folder', 'work', 1], ['before', '2020-01-01', 1], ['after', '2023-12-31', 1], ['search', 'budget', 2], ['regex', 'Sw[iu]m', 1], ['redact_word', 'falcon', 1],
    ]);
  });

  it.each([
    ['regex', '(unclosed', /not a valid regular expression/],
    ['regex', '(?<=a)b', /lookahead or lookbehind/],
    ['regex', '(x)\\1', /back-references/],
    ['regex', 'a*', /matches empty text/],
    ['before', '2021-13-45', /YYYY-MM-DD/],
    ['search', 'AND OR (', /not a valid search/],
  ] as const)('rejects a %s rule %j with a clear message', (type, value, message) => {
    const { db } = setup();
    const error = thrown(() => addRule(db, type, value));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
  });

  it('accepts safe patterns with bounded repetition', () => {
    expect(compileUserPattern('[A-Z]{2}-\\d{4}').test('ticket AB-1234')).toBe(true);
    expect(compileUserPattern('(?:foo|bar)baz').test('barbaz')).toBe(true);
  });
});

describe('the review queue', () => {
  it('orders entries by risk and counts progress', () => {
    const { db, sourceId } = setup();
    const low = addEntry(db, sourceId, { key: 'low.md', text: 'Went to Lisbon.' });
    const high = addEntry(db, sourceId, { key: 'high.md', text: 'Card 4111 1111 1111 1111, SSN 123-45-6789.' });
    const mid = addEntry(db, sourceId, { key: 'mid.md', text: 'Anna emailed anna@example.org.' });
    const first = getQueue(db);
    expect(first.items.map((i) => i.entryId)).toEqual([high, mid, low]);
    expect(first.items[0]?.findingCounts).toEqual({ card: 1, ssn: 1 });
    setEntryDecision(db, [high], 'exclude');
    const second = getQueue(db);
    expect(second.reviewed).toBe(1);
    expect(second.totalEntries).toBe(3);
    expect(second.items.at(-1)).toMatchObject({ entryId: high, reviewed: true, included: false });
    expect(getQueue(db, { filter: 'unreviewed' }).total).toBe(2);
  });

  it('bulk-decides every finding of a kind', () => {
    const { db, sourceId } = setup();
    const a = addEntry(db, sourceId, { key: 'a.md', text: 'Trip to Lisbon.' });
    setKindPolicy(db, 'place', { action: 'redact', style: 'placeholder' });
    scanEntries(db);
    expect(getTrainingView(db, a).text).toBe('Trip to [PLACE].');
    expect(setKindFindings(db, 'place', 'keep')).toBe(1);
    expect(getTrainingView(db, a).text).toBe('Trip to Lisbon.');
  });
});

describe('decisions follow the text', () => {
  it('keeps a finding decision while its text is in the entry and flags it when the text is gone', () => {
    const { db, sourceId } = setup();
    const id = addEntry(db, sourceId, { key: 'a.md', text: 'Call Anna on 020 7946 0958.' });
    scanEntries(db);
    const phone = readFindings(db, id).find((f) => f.kind === 'phone');
    setFindingDecision(db, [phone!.id], 'keep');
    editEntry(db, id, 'New start. Call Anna on 020 7946 0958 tonight.');
    expect(scanEntries(db).flagged).toBe(0);
    expect(getTrainingView(db, id).text).toContain('020 7946 0958');
    editEntry(db, id, 'Call Anna on 020 7946 0000 tonight.');
    expect(scanEntries(db).flagged).toBe(1);
    const queue = getQueue(db);
    expect(queue.items[0]).toMatchObject({ entryId: id, flagged: 1 });
    // The old decision is about text that is gone: the new number gets the kind's default.
    expect(getTrainingView(db, id).text).toBe('Call Clara on [PHONE] tonight.');
  });

  it('exports every decision as JSON and imports it into a fresh database', () => {
    const { db, sourceId } = setup();
    const id = addEntry(db, sourceId, { key: 'a.md', text: 'Anna at anna@example.org. Coffee with Brannoch after.' });
    scanEntries(db);
    setValueDecision(db, 'Brannoch', 'not_personal');
    setEntryDecision(db, [id], 'include');
    setFindingDecision(db, [readFindings(db, id).find((f) => f.kind === 'email')!.id], 'keep');
    setKindPolicy(db, 'person', { style: 'placeholder' });
    addRule(db, 'tag', 'health');
    const file = JSON.parse(JSON.stringify(exportDecisions(db))) as unknown;

    const fresh = openTestDb();
    const freshSource = addSource(fresh, JOURNAL);
    const freshId = addEntry(fresh, freshSource, { key: 'a.md', text: 'Anna at anna@example.org. Coffee with Brannoch after.' });
    scanEntries(fresh);
    expect(importDecisions(fresh, file)).toEqual({ entries: 1, findings: 1, kinds: 12, rules: 1, names: 1, values: 1 });
    expect(getTrainingView(fresh, freshId).text).toBe('[PERSON] at anna@example.org. Coffee with Brannoch after.');
  });

  it('rejects a damaged decisions file naming the field, and changes nothing', () => {
    const { db } = setup();
    const file = { ...exportDecisions(db), findings: [{ source: JOURNAL, key: 'a.md', kind: 'shoe-size', value: 'x', action: 'redact', needsReview: false }] };
    const error = thrown(() => importDecisions(db, file, 'backup.json'));
    expect(error.message).toMatch(/Invalid backup\.json: findings\.0\.kind/);
    expect(exportDecisions(db).findings).toEqual([]);
  });
});
