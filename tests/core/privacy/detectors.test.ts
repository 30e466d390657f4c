import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScanner, passesIbanChecksum, passesLuhn, type ListedName } from '../../../electron/core/privacy/detectors/index.ts';

const names: ListedName[] = [
  { id: 1, name: 'Anna Berg', kind: 'person', aliases: ['Anna', 'Annie'] },
  { id: 2, name: 'Will', kind: 'person', aliases: [] },
  { id: 3, name: 'Kestrel Bay', kind: 'place', aliases: ['the Bay cottage'] },
];
const scanner = createScanner({ names, redactPatterns: [] });
const found = (text: string) => scanner.detect(text).map((f) => ({ kind: f.kind, text: text.slice(f.start, f.end) }));

describe('structured detectors', () => {
  it.each([
    ['email', 'Wrote to anna.berg@example.com today.', 'anna.berg@example.com'],
    ['phone', 'Call (415) 555-0132 tomorrow.', '(415) 555-0132'],
    ['phone', 'Her mobile is +44 20 7946 0958.', '+44 20 7946 0958'],
    ['phone', 'French number 06 12 34 56 78 works.', '06 12 34 56 78'],
    ['url', 'Photos at https://photos.example.com/album/12.', 'https://photos.example.com/album/12'],
    ['ip', 'The NAS is at 192.168.1.20 now.', '192.168.1.20'],
    ['ip', 'Link-local fe80::1ff:fe23:4567:890a here.', 'fe80::1ff:fe23:4567:890a'],
    ['card', 'Card 4111 1111 1111 1111 was declined.', '4111 1111 1111 1111'],
    ['card', 'Amex 3782 822463 10005 too.', '3782 822463 10005'],
    ['iban', 'Rent to DE89 3704 0044 0532 0130 00 monthly.', 'DE89 3704 0044 0532 0130 00'],
    ['iban', 'Or GB82WEST12345698765432 instead.', 'GB82WEST12345698765432'],
    ['ssn', 'SSN 123-45-6789 on the form.', '123-45-6789'],
    ['address', 'Moved to 42 Elm Street, Apt 3, Springfield, IL 62704 in May.', '42 Elm Street, Apt 3, Springfield, IL 62704'],
    ['address', 'Sie wohnt in der Lindenstraße 12, 10115 Berlin jetzt.', 'Lindenstraße 12, 10115 Berlin'],
    ['dob', 'Mum was born on March 3, 1950.', 'March 3, 1950'],
    ['dob', 'DOB: 1987-03-14 on the form.', '1987-03-14'],
  ])('finds %s in %j', (kind, text, expected) => {
    expect(found(text)).toContainEqual({ kind, text: expected });
  });

  // Look-alikes: each has the shape of personal data but is not.
  it.each([
    ['an order number', 'Order #4839201755 finally shipped.'],
    ['a version string shaped like an IPv4 address', 'Updated to version 10.0.19041.1 today, and v1.2.3.4 of the app.'],
    ['a 16-digit invoice number that fails Luhn', 'Invoice 1234 5678 9012 3456 is overdue.'],
    ['an ISBN', 'ISBN 978-3-16-148410-0 for the book club.'],
    ['a clock time and a date', 'Meeting on 2023-04-05 at 12:30:45 sharp.'],
    ['lottery numbers', 'Lottery numbers: 2 17 24 35 47 55.'],
    ['an IBAN with a wrong check digit', 'Account DE88 3704 0044 0532 0130 00 maybe.'],
    ['an SSN that is never issued', 'Number 666-12-3456 and 000-12-3456.'],
    ['a date far from any birthday', 'Born to run, they say. We met on 2019-06-01 in the rain.'],
    ['a tracking number', 'Tracking number 1Z999AA10123456784 says Tuesday.'],
  ])('ignores %s', (_what, text) => {
    expect(found(text).filter((f) => f.kind !== 'person' && f.kind !== 'place')).toEqual([]);
  });

  it('validates checksums the way card issuers and banks do', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesIbanChecksum('DE89370400440532013000')).toBe(true);
    expect(passesIbanChecksum('DE88370400440532013000')).toBe(false);
  });
});

describe('people and places', () => {
  it('matches names on the list and their aliases in any case and before possessives', () => {
    const text = "ANNA called. Borrowed annie's bike, then Anna Berg's car, and drove to kestrel bay.";
    expect(found(text)).toEqual([
      { kind: 'person', text: 'ANNA' },
      { kind: 'person', text: 'annie' },
      { kind: 'person', text: 'Anna Berg' },
      { kind: 'place', text: 'kestrel bay' },
    ]);
  });

  it('matches a listed alias that is an ordinary word only when capitalised', () => {
    expect(found('I will ask Will tomorrow.')).toEqual([{ kind: 'person', text: 'Will' }]);
  });

  it('does not match a listed name inside a longer word', () => {
    expect(found('Annabelle and Hannah came.').some((f) => f.text === 'Anna')).toBe(false);
  });

  it('proposes names that are not on the list with lower confidence', () => {
    const spans = scanner.detect('Had coffee with Siobhan Brennan. Dr. Okafor changed my prescription. Flights to Lisbon are cheap.');
    const text = 'Had coffee with Siobhan Brennan. Dr. Okafor changed my prescription. Flights to Lisbon are cheap.';
    expect(spans.map((s) => [s.kind, text.slice(s.start, s.end), s.detector])).toEqual([
      ['person', 'Siobhan Brennan', 'names'],
      ['person', 'Okafor', 'names'],
      ['place', 'Lisbon', 'names'],
    ]);
    expect(Math.max(...spans.map((s) => s.confidence))).toBeLessThan(1);
  });

  it('does not take acronyms, weekdays or sentence openings for names', () => {
    expect(found('Monday was grey. Logged into the NAS again. Yesterday felt long.')).toEqual([]);
  });
});

describe('always-redact words', () => {
  it('finds every occurrence of a rule pattern', () => {
    const s = createScanner({ names: [], redactPatterns: [/\bproject falcon\b/giu] });
    const text = 'Project Falcon is secret; project falcon ships soon.';
    expect(s.detect(text).map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
      ['custom', 'Project Falcon'],
      ['custom', 'project falcon'],
    ]);
  });
});

describe('no detector hangs', () => {
  // Inputs built to make a careless pattern backtrack exponentially or quadratically.
  const adversarial = [
    'a'.repeat(50_000) + '@',
    `${'a.'.repeat(20_000)}@@`,
    `${'1 '.repeat(30_000)}x`,
    `${'1-'.repeat(30_000)}`,
    `${'Anna '.repeat(20_000)}`,
    `${'12 Elm '.repeat(10_000)}`,
    `http://${'a'.repeat(60_000)}`,
    `${':'.repeat(40_000)}1`,
    `${'1.'.repeat(30_000)}`,
    `DE89 ${'3704 '.repeat(20_000)}`,
    `born ${'1/'.repeat(30_000)}`,
    `${'Dr. '.repeat(20_000)}`,
    `${"O'".repeat(30_000)}`,
  ];
  it.each(adversarial.map((text, i) => [i, text] as const))('scans adversarial input %i in well under a second', (_i, text) => {
    const started = performance.now();
    scanner.detect(text);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('the labelled corpus', () => {
  it('is found at the issue targets for structured kinds and the list', () => {
    const dir = path.join(import.meta.dirname, '..', '..', 'fixtures', 'privacy-corpus');
    const people = JSON.parse(fs.readFileSync(path.join(dir, 'people.json'), 'utf8')) as { name: string; kind: 'person' | 'place'; aliases: string[] }[];
    const corpus = createScanner({ names: people.map((p, i) => ({ id: i + 1, ...p })), redactPatterns: [] });
    const entries = fs.readFileSync(path.join(dir, 'entries.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; labels: { kind: string; start: number; end: number; onList?: boolean }[] });
    expect(entries.length).toBeGreaterThanOrEqual(300);
    let structured = 0;
    let structuredFound = 0;
    let listed = 0;
    let listedFound = 0;
    for (const e of entries) {
      const spans = corpus.detect(e.text);
      for (const l of e.labels) {
        const hit = spans.some((s) => s.kind === l.kind && s.start < l.end && l.start < s.end);
        if (l.onList === true) { listed++; if (hit) listedFound++; }
        else if (l.onList === undefined) { structured++; if (hit) structuredFound++; }
      }
    }
    expect(listedFound).toBe(listed);
    expect(structuredFound / structured).toBeGreaterThanOrEqual(0.99);
  });
});
