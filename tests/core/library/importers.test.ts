import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importers, type ImporterName } from '../../../electron/core/library/importers/index.ts';
import { asImportedFile, defaultSourceOptions, isNotThisFormat, type ImportedEntry } from '../../../electron/core/library/importers/types.ts';
import { toFtsQuery } from '../../../electron/core/library/search.ts';
import { sampleJournal } from './helpers.ts';

async function run(name: ImporterName, rel: string, bytes?: Buffer, options = defaultSourceOptions): Promise<ImportedEntry[]> {
  const absPath = path.join(sampleJournal, rel);
  const importer = importers[name];
  const result = await importer.importFile({ relPath: rel, absPath, bytes: importer.streams ? undefined : (bytes ?? fs.readFileSync(absPath)), mtimeMs: Date.UTC(2024, 0, 1), options });
  if (isNotThisFormat(result)) throw new Error(result.notThisFormat);
  return asImportedFile(result).entries;
}

describe('markdown (Obsidian)', () => {
  it('takes title, tags, aliases and date from front matter, keeps code out and HTML blocks as the text they show', async () => {
    const [entry] = await run('markdown', 'obsidian/Notes/Trip to Lisbon.md');
    expect(entry.title).toBe('Planning the Lisbon trip');
    expect(entry.createdAt).toBe('2024-02-11');
    expect(entry.createdFrom).toBe('front-matter');
    expect(entry.tags).toEqual(['travel', 'family', 'travel/planning']);
    expect(entry.metadata.aliases).toEqual(['Lisbon 2024']);
    expect(entry.text).toContain('Marek will meet us');
    expect(entry.text).not.toContain('Marek Novak|');
    expect(entry.text).not.toContain('budget = 1200');
    expect(entry.text).toContain('\n\nraw html stays out\n\n');
    expect(entry.text).not.toMatch(/<\/?div/);
    expect(entry.text).toContain('- Ride tram 28 to the top\n- Eat pastéis');
  });

  it('dates daily notes from the file name, drops embeds and %%comments%%, keeps paragraph breaks', async () => {
    const [entry] = await run('markdown', 'obsidian/Daily/2024-03-05.md');
    expect(entry.createdAt).toBe('2024-03-05');
    expect(entry.createdFrom).toBe('file-name');
    expect(entry.text).not.toContain('Marek');
    expect(entry.text).not.toContain('river.png');
    expect(entry.text).toContain('Lunch with Ana Souza at');
    expect(entry.text).toContain('like a lid.\n\nLunch');
    expect(entry.tags).toEqual(['friends', 'reading']);
  });

  it('keeps a note whose front matter is broken YAML, saying why its fields are missing', async () => {
    const [entry] = await run('markdown', 'x.md', Buffer.from('---\ntitle: [unclosed\n---\nStill my words.\n'));
    expect(entry.text).toBe('Still my words.');
    expect(String(entry.metadata.frontMatterError)).toMatch(/not valid YAML/);
  });

  it('reports binary data and invalid UTF-8 with a readable reason', async () => {
    await expect(run('markdown', 'bin.md', Buffer.from([0x89, 0x50, 0, 0, 1]))).rejects.toThrow(/binary data/);
    await expect(run('markdown', 'bad.md', Buffer.from([0x61, 0x62, 0xff, 0x63]))).rejects.toThrow(/not valid UTF-8 \(first bad byte at offset 2\)/);
  });
});

describe('plain text', () => {
  it('normalises CRLF and dates the entry from the file name', async () => {
    const [entry] = await run('plaintext', 'diary/2023-12-31.txt');
    expect(entry.text).toBe('Cold last day of the year.\nWe lit the stove and Marek Novak played old records.\n\nResolution: write something every evening, even one line.');
    expect(entry.createdAt).toBe('2023-12-31');
  });
  it('reads UTF-16 with a BOM and falls back to a legacy single-byte encoding', async () => {
    const [utf16] = await run('plaintext', 'diary/2024-01-15 utf16.txt');
    expect(utf16.text).toBe('Snow day. Nobody went anywhere, and it was lovely.');
    expect(utf16.metadata.encoding).toBe('utf-16le');
    const [legacy] = await run('plaintext', 'diary/old-diary');
    expect(legacy.text).toContain('Café with Ana');
    expect(legacy.text).toContain('naïve');
    expect(legacy.metadata.encoding).toBe('windows-1252');
  });
});

describe('Day One', () => {
  it('keys entries by uuid, undoes escapes, removes photo links and keeps location and weather out of the text', async () => {
    const entries = await run('dayone-json', 'dayone/Journal.json');
    expect(entries.map((e) => e.key)).toEqual(['dayone:7F3A2C1E9B8D4F60A1B2C3D4E5F60718', 'dayone:0B1C2D3E4F5061728394A5B6C7D8E9F0']);
    const [first] = entries;
    expect(first.text).toBe("Morning pages\n\nCoffee on the balcony. The neighbour's cat watched me the whole time!\n\nCalled Ana Souza - she says hi to everyone.");
    expect(first.text).not.toMatch(/dayone-moment|Rua das Flores|Fog/);
    expect(first.metadata.location).toMatchObject({ placeName: 'Rua das Flores 12' });
    expect(first.metadata.weather).toMatchObject({ conditionsDescription: 'Fog' });
    expect(first.metadata.timeZone).toBe('Europe/Lisbon');
    expect(first.metadata.starred).toBe(true);
    expect(first.tags).toEqual(['morning', 'friends']);
    expect(first.createdAt).toBe('2024-03-06T07:45:12.000Z');
  });
  it('reads the export .zip without unpacking it', async () => {
    const entries = await run('dayone-zip', 'dayone/Travel Journal export.zip');
    expect(entries).toHaveLength(1);
    expect(entries[0].text).toBe("Dinner at Marek's. His sister told the story about the broken canoe again.");
  });
  it('names the line of malformed JSON', async () => {
    await expect(run('dayone-json', 'j.json', Buffer.from('{\n  "entries": [\n    {"uuid": }\n]}'))).rejects.toThrow(/Malformed JSON at line 3/);
  });
});

describe('Jupyter', () => {
  it('reads markdown cells (string or list source), code only when asked, outputs never', async () => {
    const [entry] = await run('jupyter', 'notebooks/reading-log.ipynb');
    expect(entry.text).toBe('Reading log\n\nFinished The Lighthouse Keeper. The ending made me call my mother.\n\nNext: something lighter. Ana recommended a travel memoir. #reading');
    const [withCode] = await run('jupyter', 'notebooks/reading-log.ipynb', undefined, { ...defaultSourceOptions, notebookCode: true });
    expect(withCode.text).toContain('pages = [312, 208]');
    expect(withCode.text).not.toContain('520');
  });
  it('rejects JSON that is not a notebook with the field at fault', async () => {
    await expect(run('jupyter', 'n.ipynb', Buffer.from('{"cells": 3}'))).rejects.toThrow(/not a Jupyter notebook: cells/);
  });
});

describe('Logseq', () => {
  it('dates journals by name, drops id:: lines, shows block refs as the referenced text, lifts properties into metadata', async () => {
    const [day] = await run('logseq', 'logseq-graph/journals/2024_03_07.md');
    expect(day.createdAt).toBe('2024-03-07');
    expect(day.localDay).toBe('2024-03-07');
    expect(day.text).toBe('Rainy. Worked from the library all afternoon.\n\nMet Ana Souza for tea; we planned the Lisbon trip Rainy. Worked from the library all afternoon.\n\nShe wants to see the tiles museum #travel');
    const [page] = await run('logseq', 'logseq-graph/pages/Ana Souza.md');
    expect(page.metadata.properties).toEqual({ type: 'person', tags: 'friends, lisbon' });
    expect(page.tags).toEqual(['friends', 'lisbon']);
    expect(page.text).not.toContain('type::');
  });
});

describe('Evernote', () => {
  it('streams notes with created, updated and tags, and turns ENML into text', async () => {
    const entries = await run('enex', 'evernote/Travel.enex');
    expect(entries.map((e) => e.title)).toEqual(['Packing list', 'Dream']);
    expect(entries[0].text).toBe('Things for Lisbon:\n[x] passport\n[ ] charger\n\nAsk Marek Novak if he still has the & spare umbrella.');
    expect(entries[0].createdAt).toBe('2024-03-01T09:00:00.000Z');
    expect(entries[0].modifiedAt).toBe('2024-03-02T10:00:00.000Z');
    expect(entries[0].tags).toEqual(['travel', 'lists']);
    expect(entries[1].text).toBe('I was swimming in a library. The books were dry.\n\nWoke up laughing.');
  });
});

describe('org-mode', () => {
  it('makes an org-journal day file one entry of that day, without drawers, source blocks or the clock times org-journal stamps', async () => {
    const entries = await run('org', 'org/journal/20240308.org');
    expect(entries.map((e) => [e.key, e.title, e.createdAt, e.localDay])).toEqual([['org/journal/20240308.org', 'Friday, 03/08/24', '2024-03-08', '2024-03-08']]);
    expect(entries[0].text).toBe('Run\n\nFive kilometres along the canal. Legs heavy, head clear.\n\nCall with mum\n\nShe asked about the trip. I promised to send photos.');
  });
  it('makes an ordinary org document one entry, dated by its first :CREATED:, headings without TODO keywords or timestamps', async () => {
    const entries = await run('org', 'org/notes.org');
    expect(entries.map((e) => [e.title, e.createdAt, e.localDay, e.tags])).toEqual([['notes', '2024-02-20T10:00', '2024-02-20', ['notes', 'garden']]]);
    expect(entries[0].text).toBe('Ideas for the garden\n\nPlant tomatoes by the south wall. See the tomato guide.\n\nWrite to Ana\n\nThank her for the book.');
  });
});

describe('search query quoting', () => {
  // Each case is something a person might type that FTS5 would otherwise read as syntax.
  it.each([
    ['tram 28', '"tram" "28"'],
    ['"tram 28"', '"tram 28"'],
    ['NEAR(a b)', '"NEAR(a" "b)"'],
    ['a AND -b', '"a" "AND" "-b"'],
    ['say "hi', '"say" """hi"'],
    ['lisb*', '"lisb"*'],
    ['   ', ''],
  ])('%s', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });
});

describe('markdown fast path', () => {
  // Notes without any GFM trigger character take the CommonMark parser; the text must not differ.
  it.each([
    'Plain paragraph one.\n\nParagraph *two* with **bold** and `code`.\n\n- a list\n- of items\n\n> a quote',
    '# Heading\n\nText with a [link](notes/other.md) and an image ![alt](x.png).\n\n1. first\n2. second',
    'Line one  \nline two after a hard break\n\n---\n\nAfter a rule.',
  ])('gives the same text as GFM for %#', async (body) => {
    const { mdastToText } = await import('../../../electron/core/library/importers/markdown-text.ts');
    const { unified } = await import('unified');
    const remarkParse = (await import('remark-parse')).default;
    const remarkGfm = (await import('remark-gfm')).default;
    const gfm = mdastToText(unified().use(remarkParse).use(remarkGfm).parse(body), { keepCode: false });
    const [entry] = await run('markdown', 'n.md', Buffer.from(body));
    expect(entry.text).toBe(gfm);
  });
});
