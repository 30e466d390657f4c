/**
 * THE privacy proof of issue 5 (design.md, promise 2): canaries planted where the person excluded
 * or redacted text, and where the importers must drop text (Obsidian %%comments%%, notebook
 * outputs, Day One location metadata), never appear in any file under the data directory except
 * the SQLite index itself. Everything runs through the real importers, indexer, privacy scan and
 * decisions, and the real dataset build, as the app does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { prose, tinyMistralDir } from './fixtures.ts';
import { call } from '../../helpers/client.ts';

const CANARY = {
  excluded: 'CANARYexcludedQ7XW',
  redactedEmail: 'canary.redacted.k9v2@example.org',
  redactedName: 'Quorvath Zellingby',
  comment: 'CANARYcommentP3LM',
  notebookOutput: 'CANARYoutputR8TZ',
  location: 'CANARYlocationH5JD',
  laterExcluded: 'CANARYlaterexcludedB6NY',
} as const;

function writeCorpus(root: string): void {
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  for (let i = 0; i < 12; i += 1) put(`daily/2024-02-${String(i + 10).padStart(2, '0')}.md`, `${prose(i, 120)}\n`);
  put('daily/2024-03-01.md', `Private thoughts ${CANARY.excluded} that I do not want in any model.\n\n${prose(50, 80)}\n`);
  put(
    'daily/2024-03-02.md',
    `Lunch with ${CANARY.redactedName} at the harbour.\n\nShe wrote to me from ${CANARY.redactedEmail} later that evening.\n\nVisible sentence about the harbour lunch.\n`,
  );
  put('daily/2024-03-03.md', `Visible line of the commented note.\n\n%%${CANARY.comment} a note to myself%%\n\nAnother visible line here.\n`);
  put('daily/2024-03-04.md', `Second note that I will exclude later ${CANARY.laterExcluded}.\n\n${prose(51, 60)}\n`);
  put(
    'lab/analysis.ipynb',
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['Visible notebook reflection about the experiment.'] },
        {
          cell_type: 'code',
          metadata: {},
          execution_count: 1,
          source: ['print("hello")'],
          outputs: [
            { output_type: 'stream', name: 'stdout', text: [`${CANARY.notebookOutput}\n`] },
            { output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': [`'${CANARY.notebookOutput}'`] } },
          ],
        },
      ],
    }),
  );
  put(
    'dayone/Journal.json',
    JSON.stringify({
      metadata: { version: '1.0' },
      entries: [
        {
          uuid: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
          creationDate: '2024-03-05T08:30:00Z',
          text: 'Visible Day One morning entry about the walk.',
          tags: ['walks'],
          location: { placeName: CANARY.location, localityName: CANARY.location, latitude: 38.7, longitude: -9.1 },
        },
      ],
    }),
  );
}

/** Every file under the data directory, except the SQLite index and its WAL/SHM companions. */
function filesOutsideIndex(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((file) => !/confidant\.sqlite(-wal|-shm|-journal)?$/.test(file));
}

function filesContaining(dir: string, needle: string): string[] {
  return filesOutsideIndex(dir).filter((file) => fs.readFileSync(file).includes(needle));
}

async function setUp(): Promise<{ core: Core; dataDir: string; corpus: string; ids: Map<string, number> }> {
  const corpus = tempDir('confidant-corpus-');
  writeCorpus(corpus);
  const dataDir = tempDir('confidant-data-');
  const core = openCore({ dataDir, logError: () => {} });
  await call(core, 'privacy.addName', { name: CANARY.redactedName, kind: 'person' });
  const source = await call(core, 'library.addSource', { path: corpus, watch: false });
  await call(core, 'library.index', { sourceId: source.id });
  const rows = core.context.db.prepare('SELECT id, key FROM entry').all() as { id: number; key: string }[];
  const ids = new Map(rows.map((r) => [r.key, r.id]));
  await call(core, 'privacy.scan', {});
  await call(core, 'privacy.setEntryDecision', { entryIds: [ids.get('daily/2024-03-01.md')!], decision: 'exclude' });
  await call(core, 'privacy.decideKind', { kind: 'email', action: 'redact' });
  await call(core, 'privacy.decideKind', { kind: 'person', action: 'redact' });
  return { core, dataDir, corpus, ids };
}

describe('the privacy proof', () => {
  it('keeps every canary out of every file under the data directory except the SQLite index', async () => {
    const { core, dataDir, corpus } = await setUp();
    const built = await call(core, 'dataset.build', { base: tinyMistralDir(), style: 'both' });
    // A sample rendered for the screen and the CLI goes through the same files.
    await call(core, 'dataset.show', { id: built.id, sample: { count: 20, seed: 1 } });
    await call(core, 'dataset.preview', { settings: { base: tinyMistralDir() }, sample: { count: 20, seed: 1 } });
    await core.close();

    // The test could fail: each canary really is in the corpus...
    const corpusText = filesOutsideIndex(corpus).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const canary of Object.values(CANARY)) expect(corpusText).toContain(canary);
    // ...the excluded and redacted ones reached the index...
    const index = fs.readFileSync(path.join(dataDir, 'confidant.sqlite'));
    const wal = fs.existsSync(path.join(dataDir, 'confidant.sqlite-wal')) ? fs.readFileSync(path.join(dataDir, 'confidant.sqlite-wal')) : Buffer.alloc(0);
    for (const canary of [CANARY.excluded, CANARY.redactedEmail, CANARY.redactedName]) {
      expect(index.includes(canary) || wal.includes(canary)).toBe(true);
    }
    // ...and the entries around them were trained on.
    const dataset = fs.readdirSync(built.path).map((f) => fs.readFileSync(path.join(built.path, f), 'utf8')).join('\n');
    for (const visible of ['Visible sentence about the harbour lunch.', 'Visible line of the commented note.', 'Another visible line here.', 'Visible notebook reflection', 'Visible Day One morning entry']) {
      expect(dataset).toContain(visible);
    }

    for (const canary of Object.values(CANARY).filter((c) => c !== CANARY.laterExcluded)) {
      expect({ canary, files: filesContaining(dataDir, canary) }).toEqual({ canary, files: [] });
    }
    // Only the name's surname alone could slip past a sloppy redaction: check the parts too.
    for (const part of CANARY.redactedName.split(' ')) expect(filesContaining(dataDir, part)).toEqual([]);
    expect(filesContaining(dataDir, 'k9v2')).toEqual([]);
  });

  it('drops newly excluded text from the next build, and the manifest records the changed decisions', async () => {
    const { core, dataDir, ids } = await setUp();
    const first = await call(core, 'dataset.build', { base: tinyMistralDir() });
    expect(filesContaining(first.path, CANARY.laterExcluded).length).toBeGreaterThan(0);

    await call(core, 'privacy.setEntryDecision', { entryIds: [ids.get('daily/2024-03-04.md')!], decision: 'exclude' });
    const second = await call(core, 'dataset.build', { base: tinyMistralDir() });
    await core.close();

    expect(filesContaining(second.path, CANARY.laterExcluded)).toEqual([]);
    expect(second.summary.used).toBe(first.summary.used - 1);
    expect(second.summary.excluded).toBe(2);
    expect(second.decisionsHash).not.toBe(first.decisionsHash);
    // Nothing outside the two dataset folders ever held it.
    expect(filesContaining(dataDir, CANARY.laterExcluded).every((f) => f.startsWith(first.path))).toBe(true);
  });
});
