import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { buildLibraryContext, createScanner, type DetectContext } from '../../../electron/core/privacy/detectors/index.ts';
import { readHomeRegions, setHomeRegions, localeRegion } from '../../../electron/core/privacy/home-regions.ts';
import { readFindings, scanEntries } from '../../../electron/core/privacy/index.ts';
import { libraryContextFor } from '../../../electron/core/privacy/library-scan.ts';
import { addEntry, addSource, openTestDb } from './helpers.ts';

const found = (text: string, ctx: Partial<DetectContext> = {}) =>
  createScanner({ names: [], redactPatterns: [], ...ctx }).detect(text).map((f) => ({ kind: f.kind, text: text.slice(f.start, f.end) }));
const ofKind = (kind: string, text: string, ctx: Partial<DetectContext> = {}) => found(text, ctx).filter((f) => f.kind === kind).map((f) => f.text);

describe('names written the way diaries write them', () => {
  it.each([
    ['lunch w/ sarah at the ramen place', ['sarah']],
    ['texted mike about the bike rack', ['mike']],
    ['coffee with lena and tomás, mostly complaining', ['lena', 'tomás']],
    ['w/ hanna & lukas at the lake', ['hanna', 'lukas']],
    ['asked bjorn to feed the cat', ['bjorn']],
  ])('finds lower-case first names after a cue word in %j', (text, names) => {
    expect(ofKind('person', text)).toEqual(names);
  });

  it.each([
    ['with ordinary words after the cue', 'lunch with rice and beans, then met up with the team'],
    ['a first name that is also a word, after a weak cue', 'went with grace and patience through the day'],
    ['lower-case names without a cue', 'sarah mike lena tomasz'],
  ])('leaves %s alone', (_what, text) => {
    expect(ofKind('person', text)).toEqual([]);
  });

  it('finds first names from other languages at the start of a sentence', () => {
    expect(ofKind('person', 'Tomasz fixed the tap. Agnieszka thinks the kids should switch schools. Zeynep and I argued.')).toEqual(['Tomasz', 'Agnieszka', 'Zeynep']);
  });

  it('takes a city with a first name inside it for a place', () => {
    expect(found('The worst trip was to San Francisco in May.')).toContainEqual({ kind: 'place', text: 'San Francisco' });
  });

  it('does not take products after an article or before a product noun for people', () => {
    expect(ofKind('person', 'Bought a Kindle Paperwhite. Set the Raspberry Pi up. Downloaded the Obsidian Git plugin.')).toEqual([]);
  });
});

describe('the library context', () => {
  const vault = [
    { title: 'Quillmark Sync', text: 'Quillmark Sync keeps your notes in step. Open Settings and turn on Quillmark Sync.' },
    { title: 'Canvas', text: 'Canvas is a core plugin. Open the Canvas view with Quillmark Sync turned off.' },
    { title: 'Meetup Berlin', text: 'Hosted by Priya Raman. She will demo Canvas and Quillmark Sync for the group.' },
    { title: 'Release 1.2', text: 'Fixed a crash in Canvas. The Canvas plugin now remembers zoom. Thanks to Priya Raman for the fix.' },
  ];

  it('tells recurring product names from the people the same notes thank', () => {
    const text = 'Thanks to Jonas Lindqvist, who tested Quillmark Sync with Canvas.';
    const without = ofKind('person', text);
    const withLibrary = ofKind('person', text, { library: buildLibraryContext(vault) });
    expect(without).toContain('Quillmark Sync');
    expect(withLibrary).toEqual(['Jonas Lindqvist']);
  });

  it('is what a real scan uses: a product recurring across the library is no person finding, the people it thanks are', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/help');
    vault.forEach((note, i) => addEntry(db, sourceId, { key: `note-${i}.md`, title: note.title, text: note.text }));
    const thanks = addEntry(db, sourceId, { key: 'thanks.md', title: 'Thanks', text: 'Thanks to Jonas Lindqvist, who tested Quillmark Sync with Canvas.' });
    scanEntries(db);
    const persons = readFindings(db, thanks).filter((f) => f.kind === 'person' && f.field === 'text').map((f) => f.value);
    expect(persons).toEqual(['Jonas Lindqvist']);
  });

  it('is kept between scans until the number of entries moves by more than 5%, so one saved note does not re-read the library', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/help');
    for (let i = 0; i < 40; i++) addEntry(db, sourceId, { key: `n${i}.md`, title: `Note ${i}`, text: vault[i % vault.length]?.text ?? '' });
    const first = libraryContextFor(db).thingTerms;
    expect(first.has('quillmark sync')).toBe(true);
    addEntry(db, sourceId, { key: 'one-more.md', text: 'Lunch with Anna.' });
    expect(libraryContextFor(db).thingTerms).toBe(first);
    for (let i = 0; i < 5; i++) addEntry(db, sourceId, { key: `more-${i}.md`, text: 'Quiet day.' });
    expect(libraryContextFor(db).thingTerms).not.toBe(first);
  });

  it('still finds a first name the library uses for a person', () => {
    const diary = [
      { title: 'Monday', text: 'Lunch with Anna. Anna said the job is going well.' },
      { title: 'Tuesday', text: 'Anna called. Walked with Anna by the river.' },
      { title: 'Friday', text: 'In the evening Anna texted about Sunday.' },
    ];
    expect(ofKind('person', 'Anna brought cake.', { library: buildLibraryContext(diary) })).toEqual(['Anna']);
  });
});

describe('addresses of Europe and the Commonwealth', () => {
  it.each([
    'Rue de Rivoli 12, 75001 Paris',
    'Keizersgracht 123, 1015 CJ Amsterdam',
    'Flat 3, 27 Marlborough Road, London NW1 4RY',
    '12 rue des Lilas, 69003 Lyon',
    'Calle de Alcalá 45, 28014 Madrid',
    'Storgata 12, 0155 Oslo',
    'Drottninggatan 53, 111 21 Stockholm',
    'ul. Mickiewicza 10, 31-120 Kraków',
    'Unit 5, 14 Smith Street, Fitzroy VIC 3065',
    'Apartment 4B, 350 Bay Street, Toronto, ON M5H 2S6',
    '75001 Paris, 8 rue Saint-Honoré',
  ])('finds the whole of %j', (address) => {
    expect(ofKind('address', `Send it to ${address} please.`)).toEqual([address]);
  });
});

describe('phone numbers in the home regions', () => {
  it.each([
    ['NO', 'Norwegian mobile for Kari: 412 34 567, texts only.', '412 34 567'],
    ['ES', "The landlord's number is 912 345 678.", '912 345 678'],
    ['IN', "Ravi's cell 98765 43210 if the office is busy.", '98765 43210'],
  ])('finds a %s number written without a trunk 0 once that region is home', (region, text, number) => {
    expect(ofKind('phone', text)).toEqual([]);
    expect(ofKind('phone', text, { homeRegions: [region] })).toEqual([number]);
  });

  it('needs a cue word for a bare national number in a home region', () => {
    expect(ofKind('phone', 'We counted 412 34 567 grains of sand, roughly.', { homeRegions: ['NO'] })).toEqual([]);
  });

  it.each([
    'Backup ran at 2025-12-31 00:15 and again on 2026-01-01 23:59.',
    'Log says 2024-03-05 14 errors at 09:41, all from the sync daemon.',
    'Call log: 2025-12-31 00 and 31.12.2025 00 were quiet.',
  ])('never takes a date-time for a phone number: %j', (text) => {
    expect(ofKind('phone', text, { homeRegions: ['NO', 'ES', 'IN', 'GB'] })).toEqual([]);
  });
});

describe('emails and links written to dodge scrapers or without a scheme', () => {
  it.each([
    ['reach her at anna dot berg at gmail dot com she said', 'anna dot berg at gmail dot com'],
    ['his email is j.kowalski [at] proton [dot] me apparently', 'j.kowalski [at] proton [dot] me'],
    ['write to lars(at)fjordmail.no for the keys', 'lars(at)fjordmail.no'],
    ['send the CV to maria.santos AT outlook DOT com', 'maria.santos AT outlook DOT com'],
  ])('finds the obfuscated email in %j', (text, email) => {
    expect(ofKind('email', text)).toEqual([email]);
  });

  it('does not take prose with "at" for an email', () => {
    expect(ofKind('email', 'Met Tom at the station at noon. We ate at home.')).toEqual([]);
  });

  it.each([
    ['her blog is lenaskitchen.com/recipes/rhubarb, the crumble', 'lenaskitchen.com/recipes/rhubarb'],
    ['booked through airbnb.com/rooms/48213377 again', 'airbnb.com/rooms/48213377'],
    ['old portfolio at www.tomasnovak.cz still loads', 'www.tomasnovak.cz'],
    ['the page: gofundme.com/f/help-the-hansens.', 'gofundme.com/f/help-the-hansens'],
  ])('finds the link without a scheme in %j', (text, url) => {
    expect(ofKind('url', text)).toEqual([url]);
  });

  it('does not take file names, version numbers or abbreviations for links', () => {
    expect(ofKind('url', 'Renamed notes.md to journal-2025.md, ran setup.py, opened Quillmark.app; version 1.12.4, e.g. v2.0.1.')).toEqual([]);
  });
});

describe('home regions setting', () => {
  it('defaults to the region of the system locale', () => {
    expect(localeRegion({ LANG: 'nb_NO.UTF-8' })).toBe('NO');
    expect(localeRegion({ LANG: 'en_GB.UTF-8' })).toBe('GB');
    expect(localeRegion({ LANG: 'C' })).toBeUndefined();
  });

  it('is stored, refuses an unknown code by name, and makes the next scan find national numbers', () => {
    const db = openTestDb();
    const sourceId = addSource(db, '/journal');
    const entryId = addEntry(db, sourceId, { key: 'oslo.md', text: 'New mobile for Kari: 412 34 567.' });
    setHomeRegions(db, ['gb']);
    scanEntries(db);
    expect(readFindings(db, entryId).filter((f) => f.kind === 'phone')).toEqual([]);
    let error: unknown;
    try {
      setHomeRegions(db, ['NO', 'XX']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfidantError);
    expect((error as ConfidantError).message).toMatch(/Unknown region "XX"/);
    expect(readHomeRegions(db)).toEqual({ regions: ['GB'], isDefault: false });
    setHomeRegions(db, ['GB', 'no']);
    scanEntries(db);
    expect(readFindings(db, entryId).filter((f) => f.kind === 'phone').map((f) => f.value)).toEqual(['412 34 567']);
  });
});
