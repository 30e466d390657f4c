import { describe, expect, it } from 'vitest';
import { addName, readFindings, scanEntries, setFindingDecision } from '../../../electron/core/privacy/index.ts';
import { lookalikesOf, redactedCanaries } from '../../../electron/core/training/leak-canaries.ts';
import { addEntry, addSource, openTestDb } from '../privacy/helpers.ts';

describe('leak-check canaries', () => {
  it('include redacted names and emails beside digits, and leave out what the person kept', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/journal');
    addName(db, { name: 'Hanne Solberg', kind: 'person', aliases: [] });
    addEntry(db, sourceId, { key: 'a.md', text: 'Lunch with Hanne Solberg. Her email is hanne.solberg@fjordmail.no and her number +47 412 34 567.' });
    const kept = addEntry(db, sourceId, { key: 'b.md', text: 'Wrote to support@quillmark.com about the bug.' });
    scanEntries(db);
    const keptEmail = readFindings(db, kept).find((f) => f.kind === 'email');
    expect(keptEmail).toBeDefined();
    setFindingDecision(db, [keptEmail?.id ?? 0], 'keep');

    const { canaries, lookalikes } = redactedCanaries(db);
    expect([...canaries].sort()).toEqual(['+47 412 34 567', 'Hanne Solberg', 'hanne.solberg@fjordmail.no']);
    // Digits: the evaluator makes its own look-alikes of the same shape.
    expect(lookalikes[canaries.indexOf('+47 412 34 567')]).toBe('');
  });

  it('give a name look-alikes of the same shape drawn from real names, never the name itself', () => {
    const lookalikes = lookalikesOf('person', 'Hanne Solberg', 0);
    expect(lookalikes.length).toBeGreaterThanOrEqual(150);
    expect(new Set(lookalikes).size).toBe(lookalikes.length);
    expect(lookalikes).not.toContain('Hanne Solberg');
    for (const l of lookalikes) {
      const [first, last, ...rest] = l.split(' ');
      expect(rest).toEqual([]);
      expect(first).toMatch(/^[A-Z][a-z]+$/);
      expect(last).toMatch(/^[A-Z][a-z]+$/);
      expect(Math.abs((first?.length ?? 0) - 5)).toBeLessThanOrEqual(4);
    }
    expect(lookalikesOf('person', 'sarah', 1).every((l) => /^[a-z]+$/.test(l))).toBe(true);
  });

  it('give an email look-alikes that keep its separators, digit count and domain', () => {
    const plain = lookalikesOf('email', 'anna.berg84@gmail.com', 2);
    expect(plain.length).toBeGreaterThanOrEqual(150);
    expect(plain.every((l) => /^[a-z]+\.[a-z]+\d{2}@gmail\.com$/.test(l))).toBe(true);
    const spelled = lookalikesOf('email', 'anna dot berg at gmail dot com', 3);
    expect(spelled.every((l) => / dot [a-z]+ at gmail dot com$/.test(l))).toBe(true);
    expect(spelled).not.toContain('anna dot berg at gmail dot com');
  });

  it('are the same on every run, so a re-export ranks the canary among the same strings', () => {
    expect(lookalikesOf('person', 'Hanne Solberg', 0)).toEqual(lookalikesOf('person', 'Hanne Solberg', 0));
  });
});
