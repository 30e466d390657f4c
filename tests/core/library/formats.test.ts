/**
 * Faithful extraction, one fixture per construct of real exports (tests/fixtures/formats/<format>/,
 * each file with `<name>.expected.txt` beside it; several entries of one file are separated there by
 * a `=== next entry ===` line). Every fixture must give exactly the expected words and no markup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importerFor, importers } from '../../../electron/core/library/importers/index.ts';
import { asImportedFile, defaultSourceOptions, isNotThisFormat, type ImportedFile, type SourceOptions } from '../../../electron/core/library/importers/types.ts';
import { blockTextsOf } from '../../../electron/core/library/importers/logseq-refs.ts';
import { findDebris } from '../../helpers/debris.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/formats');
const entrySeparator = '\n\n=== next entry ===\n\n';
const mtimeMs = Date.UTC(2024, 0, 1);

function listFixtures(): { format: string; relPath: string; absPath: string; expected: string }[] {
  const found: { format: string; relPath: string; absPath: string; expected: string }[] = [];
  for (const format of fs.readdirSync(fixtures)) {
    const root = path.join(fixtures, format);
    for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
      const absPath = path.join(root, rel);
      if (rel.endsWith('.expected.txt') || !fs.statSync(absPath).isFile()) continue;
      const expectedPath = absPath.replace(/\.[^.]+$/, '.expected.txt');
      if (!fs.existsSync(expectedPath)) continue;
      found.push({ format, relPath: rel.split(path.sep).join('/'), absPath, expected: fs.readFileSync(expectedPath, 'utf8').trim() });
    }
  }
  return found;
}

/** Blocks of the fixture graph by id, as the indexer hands them to the Logseq importer for cross-page references. */
function graphBlocks(): Map<string, string> {
  const root = path.join(fixtures, 'logseq');
  const blocks = new Map<string, string>();
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    if (!/\.(md|org)$/.test(rel)) continue;
    for (const [id, text] of blockTextsOf(rel, fs.readFileSync(path.join(root, rel), 'utf8'))) blocks.set(id, text);
  }
  return blocks;
}

/** Reads one fixture as the indexer would: the importer the scanner picks, relative path inside its folder. */
async function extract(format: string, relPath: string, options: SourceOptions = defaultSourceOptions): Promise<ImportedFile> {
  const absPath = path.join(fixtures, format, relPath);
  const name = importerFor(relPath, format === 'logseq');
  if (!name) throw new Error(`no importer reads ${relPath}`);
  const importer = importers[name];
  const blocks = format === 'logseq' ? graphBlocks() : new Map<string, string>();
  const result = await importer.importFile({ relPath, absPath, bytes: importer.streams ? undefined : fs.readFileSync(absPath), mtimeMs, options, blockText: (id) => blocks.get(id) });
  if (isNotThisFormat(result)) throw new Error(`${relPath}: ${result.notThisFormat}`);
  return asImportedFile(result);
}

/** Literal text the person wrote that looks like markup; blanked before the debris check. */
const allowedLiterals: Record<string, string[]> = {
  // `%%` written inside inline code is the person's text (it is what the note is about).
  'markdown/comment-outside-code.md': ['%%'],
  // Wiki-link syntax inside backticks is literal text, not a link.
  'markdown/inline-code.md': ['[[Garden plan]]'],
};

describe('every fixture gives the expected words and no markup', () => {
  const all = listFixtures();
  it('finds fixtures for every format', () => {
    expect(new Set(all.map((f) => f.format))).toEqual(new Set(['markdown', 'logseq', 'org', 'dayone', 'enex', 'jupyter']));
  });
  it.each(all.map((f) => [`${f.format}/${f.relPath}`, f] as const))('%s', async (id, fixture) => {
    const { entries } = await extract(fixture.format, fixture.relPath);
    expect(entries.map((e) => e.text).join(entrySeparator)).toBe(fixture.expected);
    for (const entry of entries) {
      expect(findDebris(entry.text, allowedLiterals[id] ?? []), entry.key).toEqual([]);
      expect(findDebris(entry.title), `title of ${entry.key}`).toEqual([]);
    }
  });
});

describe('Day One', () => {
  it('files each entry under the day on the calendar where it was written, not the UTC day', async () => {
    const { entries } = await extract('dayone', 'timezone-morning-australia.json');
    // 20:30 UTC on 1 March is 07:30 on 2 March in Sydney; 22:05 UTC on 2 March is 06:05 on 3 March in Perth;
    // 07:40 UTC on 5 March is 23:40 on 4 March in California.
    expect(entries.map((e) => [e.createdAt, e.localDay])).toEqual([
      ['2024-03-01T20:30:00.000Z', '2024-03-02'],
      ['2024-03-02T22:05:00.000Z', '2024-03-03'],
      ['2024-03-05T07:40:00.000Z', '2024-03-04'],
    ]);
  });
  it('skips entries without text and says so in a note for the file', async () => {
    const { entries, notes } = await extract('dayone', 'entry-without-text.json');
    expect(entries.map((e) => e.key)).toEqual(['dayone:B0000000000000000000000000000003']);
    expect(notes).toEqual(['entry-without-text.json: 2 entries have no text and were skipped (B0000000000000000000000000000001, B0000000000000000000000000000002).']);
  });
  it('titles an entry by its first line without heading marks', async () => {
    const { entries } = await extract('dayone', 'markdown-escapes.json');
    expect(entries[0].title).toBe('Saturday at the market');
    expect(entries[0].metadata.photoCount).toBe(1);
  });
});

describe('org-mode', () => {
  it('keeps TODO keywords, priorities, cookies and tags out of titles, makes tags tags, and never dates by SCHEDULED', async () => {
    const { entries } = await extract('org', 'headline-cookies-tags.org');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ key: 'headline-cookies-tags.org', tags: ['home', 'repairs'], createdFrom: 'mtime', localDay: null });
  });
  it('takes TITLE, DATE and FILETAGS as metadata of the one entry of an ordinary document', async () => {
    const { entries } = await extract('org', 'drawers-keywords-blocks.org');
    expect(entries.map((e) => [e.key, e.title, e.localDay, e.tags])).toEqual([['drawers-keywords-blocks.org', 'Garden log', '2024-04-02', ['garden', 'home']]]);
    const { entries: titled } = await extract('org', 'inline-markup.org');
    expect(titled[0].title).toBe('Notes on sourdough');
  });
  it('gives one entry per day for org-journal files and datetrees, keyed by the day', async () => {
    const monthly = (await extract('org', 'journal-monthly.org')).entries;
    expect(monthly.map((e) => [e.key, e.localDay])).toEqual([['journal-monthly.org#2024-04-01', '2024-04-01'], ['journal-monthly.org#2024-04-02', '2024-04-02']]);
    const tree = (await extract('org', 'datetree.org')).entries;
    expect(tree.map((e) => [e.key, e.title, e.localDay])).toEqual([['datetree.org#2024-03-05', '2024-03-05 Tuesday', '2024-03-05'], ['datetree.org#2024-03-06', '2024-03-06 Wednesday', '2024-03-06']]);
    const day = (await extract('org', 'journal/20240308.org')).entries;
    expect(day.map((e) => [e.key, e.localDay, e.tags])).toEqual([['journal/20240308.org', '2024-03-08', ['family']]]);
  });
});

describe('Logseq', () => {
  it('reads an .org page of a graph as one page: title and page properties from its keywords, block properties nowhere', async () => {
    const { entries } = await extract('logseq', 'pages/Harbour%2FPlans.org');
    expect(entries).toHaveLength(1);
    expect(entries[0].title).toBe('Harbour plans');
    expect(entries[0].metadata.properties).toEqual({ title: 'Harbour /plans/', description: 'What we want from the new mooring', tags: 'harbour, boat', alias: 'mooring' });
    expect(entries[0].tags).toEqual(['harbour', 'boat']);
  });
  it('dates a journal page by its name and keeps block properties out of the page properties', async () => {
    const { entries } = await extract('logseq', 'journals/2024_06_02.md');
    expect(entries[0]).toMatchObject({ title: '2024-06-02', localDay: '2024-06-02', metadata: { kind: 'journal', properties: {} } });
  });
});

describe('Evernote', () => {
  it('keeps code blocks when the source asks for code, as Markdown does', async () => {
    const { entries } = await extract('enex', 'codeblock-table-blocks.enex', { ...defaultSourceOptions, markdownCode: true });
    expect(entries[0].text).toContain('torque = 6 Nm\npads = "sintered"');
  });
});

describe('Jupyter', () => {
  it('titles a notebook by its first level-1 heading', async () => {
    const { entries } = await extract('jupyter', 'title-from-heading.ipynb');
    expect(entries[0].title).toBe('Tide heights at the harbour');
  });
});

describe('undated notes', () => {
  it('leave the local day empty when nothing but the file mtime dates them', async () => {
    const { entries } = await extract('markdown', 'callouts.md');
    expect(entries[0]).toMatchObject({ createdFrom: 'mtime', localDay: null, createdAt: new Date(mtimeMs).toISOString() });
    const { entries: dated } = await extract('markdown', 'emphasis-and-lists.md');
    expect(dated[0].localDay).toBeNull();
  });
});

describe('the sample journal', () => {
  const sample = path.resolve(import.meta.dirname, '../../../resources/sample-journal');
  const files = (fs.readdirSync(sample, { recursive: true }) as string[])
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => fs.statSync(path.join(sample, rel)).isFile());
  it.each(files.filter((rel) => importerFor(rel, rel.startsWith('logseq-graph/')) !== null && !rel.endsWith('config.edn')))('%s has no markup left in its text', async (rel) => {
    const inGraph = rel.startsWith('logseq-graph/');
    const relPath = inGraph ? rel.slice('logseq-graph/'.length) : rel;
    const absPath = path.join(sample, rel);
    const importer = importers[importerFor(relPath, inGraph) ?? 'plaintext'];
    const result = await importer.importFile({ relPath, absPath, bytes: importer.streams ? undefined : fs.readFileSync(absPath), mtimeMs, options: defaultSourceOptions });
    if (isNotThisFormat(result)) return;
    for (const entry of asImportedFile(result).entries) expect(findDebris(entry.text), `${rel} ${entry.key}`).toEqual([]);
  });
});

describe('the debris check itself', () => {
  // Each line is markup an importer once let through; the check must name it.
  it.each([
    ['> [!warning] Title', 'callout marker [!type]'],
    ['before %% hidden', 'Obsidian comment %%'],
    ['#+BEGIN_QUOTE', 'org #+ keyword or block marker'],
    [':PROPERTIES:', 'org drawer line (:PROPERTIES:, :END:)'],
    ['collapsed:: true', 'Logseq key:: value property'],
    ['see ((6650f1a2-3b4c-4d5e-8f90-a1b2c3d4e5f6))', 'block reference ((uuid))'],
    ['{{video https://example.org}}', 'macro braces {{ }}'],
    ['a</span><span>b', 'HTML tag'],
    ['fish &amp; chips', 'HTML entity'],
    ['```python', 'code fence'],
    ['**bold**', 'bold marks **'],
    ['## Heading', 'heading # at line start'],
    ['|---|---|', 'table rule'],
    ['| a | b |', 'table row pipes'],
    ['4\\/kg', 'backslash escape'],
    ['![](dayone-moment://ABC)', 'dayone-moment link'],
    ['photo \uFFFC here', 'object replacement character U+FFFC'],
    ['The quote. ^fav-quote', 'block id ^id at line end'],
    ['[fn:1] note', 'org footnote marker [fn:]'],
    ['Fix the roof [1/2]', 'org statistics cookie [1/2] or priority [#A]'],
  ])('finds %s', (text, kind) => {
    expect(findDebris(text).map((d) => d.kind)).toContain(kind);
  });
  it('passes plain prose, hashtags and math as written', () => {
    expect(findDebris('We walked 5 km · felt great. #travel\n$p = t / d$ and 3 < 4 > 2')).toEqual([]);
  });
});
