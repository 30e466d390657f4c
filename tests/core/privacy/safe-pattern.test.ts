import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { addRule, getQueue, readFindings } from '../../../electron/core/privacy/index.ts';
import { compileUserPattern } from '../../../electron/core/privacy/safe-pattern.ts';
import { addEntry, addSource, openTestDb } from './helpers.ts';

// A pattern that JavaScript's backtracking engine needs minutes for on this line (cubic in its length).
const CUBIC = String.raw`\d+\d+\d+y`;
const DIGITS = '7'.repeat(3_000);

describe('rule patterns the person types', () => {
  it('run in linear time: a cubic-backtracking pattern on a 3,000-digit line returns at once', () => {
    const pattern = compileUserPattern(CUBIC);
    const started = performance.now();
    expect(pattern.test(DIGITS)).toBe(false);
    // The native engine takes minutes here; a second is generous for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(compileUserPattern(CUBIC).test(`${DIGITS}y`)).toBe(true);
  });

  it('do not hang a scan: an always-redact rule with nested repetition scans a long entry and still finds its matches', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/journal');
    const entryId = addEntry(db, sourceId, { key: 'digits.md', text: `Meter readings: ${DIGITS}\nLocker code 4411y, again.` });
    addRule(db, 'redact_regex', CUBIC);
    addRule(db, 'redact_regex', '(a+)+$');
    const started = performance.now();
    getQueue(db);
    expect(performance.now() - started).toBeLessThan(5_000);
    const custom = readFindings(db, entryId).filter((f) => f.kind === 'custom').map((f) => f.value);
    expect(custom).toEqual(['4411y']);
  });

  it.each([
    ['a lookbehind', '(?<=Dr\\. )\\w+', /lookahead or lookbehind/],
    ['a lookahead', 'Anna(?! Berg)', /lookahead or lookbehind/],
    ['a back-reference', '(\\w)\\1', /back-references/],
    ['an unclosed group', '(unclosed', /not a valid regular expression/],
    ['a pattern that matches empty text', 'x*', /matches empty text/],
  ])('refuses %s with a message that says what to do', (_what, source, message) => {
    let error: unknown;
    try {
      compileUserPattern(source, 'rule pattern');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfidantError);
    expect((error as ConfidantError).code).toBe('invalid_input');
    expect((error as ConfidantError).message).toMatch(message);
    expect((error as ConfidantError).message).toContain(source);
  });

  it('match case-insensitively across non-ASCII text with offsets the redactor can use', () => {
    const pattern = compileUserPattern('project\\s+fal[cç]on');
    const text = 'Zoë said Project Falçon ships; project falcon slips.';
    const hits: [number, string][] = [];
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) hits.push([m.index, m[0]]);
    // UTF-16 offsets, as JavaScript strings count them (RE2 works in UTF-8 underneath).
    expect(hits).toEqual([[text.indexOf('Project'), 'Project Falçon'], [text.indexOf('project'), 'project falcon']]);
  });
});
