/**
 * Titles, tags and file names reach training text through the instruct prompts ("Write my note
 * titled ..., tagged ...") and, before, the manifest's keys. They are scanned and redacted like the
 * text: nothing of them may reach any file of a built dataset. Real files, the real indexer and
 * scanner, the real tokenizer of the tiny model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/index.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { tinyMistralDir } from './fixtures.ts';
import { call } from '../../helpers/client.ts';

function writeVault(dir: string): void {
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  // The file name is the title; the body says nothing private.
  put('inbox/Call Jan Kowalski at +1 415 555 0199.md', 'Remember to ask about the lease renewal before Friday.\n\nThe agency closes at five.\n');
  // A person's name only in the title (front matter), never in the text.
  put('pages/dinner.md', '---\ntitle: Dinner with Ana Souza\n---\nWe tried the new ramen place by the station and talked about moving.\n');
  // A listed person only in a tag.
  put('pages/hike.md', '---\ntags: [hiking, anna-berg]\n---\nLong walk along the ridge, cold wind, tea from the flask at the top.\n');
  put('daily/2024-05-02.md', 'Quiet day. Read on the balcony and cooked lentils.\n');
}

function datasetText(dir: string): string {
  return fs.readdirSync(dir).map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
}

describe('titles, tags and file names in a dataset', () => {
  it('are reviewed like the text: nothing of the name, the number or the listed person reaches any dataset file', async () => {
    const vault = tempDir('confidant-vault-');
    writeVault(vault);
    const core = openCore({ dataDir: tempDir('confidant-data-'), logError: () => {} });
    await call(core, 'privacy.addName', { name: 'Anna Berg', kind: 'person' });
    const source = await call(core, 'library.addSource', { path: vault, watch: false });
    await call(core, 'library.index', { sourceId: source.id });

    const findings = await call(core, 'privacy.listFindings', {});
    expect(findings.findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'title', kind: 'phone', value: '+1 415 555 0199' }),
      expect.objectContaining({ field: 'path', kind: 'phone', value: '+1 415 555 0199' }),
      expect.objectContaining({ field: 'title', kind: 'person', value: 'Ana Souza' }),
      expect.objectContaining({ field: 'tags', kind: 'person', value: 'anna-berg' }),
    ]));

    // Guesses below the confidence at which defaults apply wait for the person: the build says so.
    const refused = await core.invoke('dataset.build', { base: tinyMistralDir(), style: 'both' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toMatch(/still to review/);
    }
    const built = await call(core, 'dataset.build', { base: tinyMistralDir(), style: 'both', unreviewed: 'redact' });
    await core.close();

    const text = datasetText(built.path);
    expect(fs.readdirSync(built.path).sort()).toEqual(['alpaca.json', 'manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
    // The entries are there, prompts included, so the test could fail...
    expect(text).toContain('lease renewal');
    expect(text).toMatch(/titled '/);
    // ...and none of the private words are, in any form the title, a tag or a path would give.
    for (const trace of ['Kowalski', '415 555 0199', '4155550199', '0199', 'Souza', 'Anna Berg', 'anna-berg', 'Berg', 'inbox/', 'pages/', vault]) {
      expect({ trace, found: text.includes(trace) }).toEqual({ trace, found: false });
    }
  });

  it('shows the whole example in preview: the prompt with the redacted title and tags, and the answer', async () => {
    const vault = tempDir('confidant-vault-');
    writeVault(vault);
    const core = openCore({ dataDir: tempDir('confidant-data-'), logError: () => {} });
    await call(core, 'privacy.addName', { name: 'Anna Berg', kind: 'person' });
    const source = await call(core, 'library.addSource', { path: vault, watch: false });
    await call(core, 'library.index', { sourceId: source.id });
    const { entryId } = await call(core, 'privacy.findEntry', { ref: 'pages/hike.md' });
    const preview = await call(core, 'privacy.preview', { entryId });
    await core.close();
    const prompt = preview.prompt.map((s) => s.text).join('');
    // The listed person's tag becomes the person's stand-in, as in the text.
    expect(prompt).toMatch(/^Write my .+, tagged hiking, [A-Z][a-z]+\.$/);
    expect(prompt).not.toContain('anna');
    expect(preview.prompt).toContainEqual(expect.objectContaining({ kind: 'person', state: 'redacted' }));
    expect(preview.answer.map((s) => s.text).join('')).toContain('Long walk along the ridge');
  });
});
