/**
 * The Dataset screen in Chromium against the web host (issue 5): a real folder indexed, one entry
 * excluded, the default base registered with the real Mistral tokenizer and template; the screen
 * shows counts, tokens and the estimate, pages through examples as the model sees them, builds.
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/dataset.e2e.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { tinyMistralDir } from '../core/dataset/fixtures.ts';
import { startApp, type App } from './harness.ts';
import { call } from '../helpers/client.ts';

let app: App | undefined;
const made: string[] = [];

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function journalFolder(): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'confidant-e2e-journal-'));
  made.push(dir);
  const days = ['Walked along the river before work and watched the herons.', 'Baked bread with too much salt; ate it anyway.', 'Long call with my brother about the garden.'];
  for (let i = 0; i < 10; i += 1) {
    const day = `2024-05-${String(i + 1).padStart(2, '0')}`;
    fs.writeFileSync(path.join(dir, `${day}.md`), `${days[i % 3]} Day ${i + 1} of the month.\n\nA second paragraph for day ${i + 1}, written slowly in the evening.\n`);
  }
  fs.writeFileSync(path.join(dir, 'secret.md'), 'SECRETPLANXY is something nobody should ever learn.\n');
  return dir;
}

/** The default base, registered in the data folder as a person's downloaded model would be. */
function registerDefaultBase(dataDir: string): void {
  const target = path.join(dataDir, 'models', 'bases', 'mistral-7b-instruct-v0.2');
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(tinyMistralDir())) {
    if (/^(tokenizer|chat_template|special_tokens)/.test(file)) fs.copyFileSync(path.join(tinyMistralDir(), file), path.join(target, file));
  }
}

describe('Dataset screen', () => {
  test('shows counts, tokens and examples with the chat template applied, pages, and builds', async () => {
    app = await startApp({ route: 'status' });
    registerDefaultBase(app.dataDir);
    const source = await call(app.host.core, 'library.addSource', { path: journalFolder(), watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });
    const secret = app.host.core.context.db.prepare("SELECT id FROM entry WHERE key = 'secret.md'").pluck().get() as number;
    await call(app.host.core, 'privacy.setEntryDecision', { entryIds: [secret], decision: 'exclude' });

    await app.goto('dataset');
    const page = app.page;
    await page.getByRole('heading', { level: 1, name: 'Dataset' }).waitFor();
    const headline = page.getByTestId('dataset-headline');
    await headline.waitFor();
    expect(await headline.textContent()).toMatch(/^\d+ examples · [\d,]+ tokens · from 10 entries$/);
    expect(await page.getByTestId('dataset-entries').textContent()).toContain('10 used of 11: 1 excluded');
    expect(await page.getByTestId('dataset-split-train').textContent()).toMatch(/^8 entries, \d+ examples, [\d,]+ tokens$/);
    expect(await page.getByTestId('dataset-estimate').textContent()).toMatch(/^Roughly (a second|\d+ seconds) \(2 passes over the training split/);

    const examples = page.getByTestId('dataset-example');
    await examples.first().waitFor();
    expect(await examples.count()).toBe(3);
    const firstPage = await examples.allTextContents();
    // "Both" mixes raw text (BOS/EOS) and Mistral Instruct conversations.
    for (const text of firstPage) expect(text).toMatch(/^<s>(\[INST\] [\s\S]+ \[\/INST\] )?[\s\S]+<\/s>$/);
    expect(firstPage.join('\n')).not.toContain('SECRETPLANXY');
    await app.screenshot('dataset-preview');

    await page.getByRole('button', { name: 'Other examples' }).click();
    await page.getByTestId('dataset-page').filter({ hasText: 'Sample 2' }).waitFor();
    await examples.first().waitFor();
    expect(await examples.allTextContents()).not.toEqual(firstPage);

    // Instruction style only: every example is a conversation in the base model's template.
    await page.getByRole('radio', { name: /Prompts and answers/ }).check();
    await page.getByTestId('dataset-page').filter({ hasText: 'Sample 1' }).waitFor();
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="dataset-example"]')].map((e) => e.textContent ?? '');
      return shown.length === 3 && shown.every((t) => t.startsWith('<s>[INST] '));
    });
    const instruct = await examples.allTextContents();
    expect(instruct.some((t) => /^<s>\[INST\] (Write my journal entry for \w+day \d+ May 2024|Continue this entry:)/.test(t))).toBe(true);

    await page.getByRole('button', { name: 'Build dataset' }).click();
    const result = page.getByTestId('dataset-build-result');
    await result.waitFor();
    const id = /Built dataset (\S+):/.exec((await result.textContent()) ?? '')?.[1];
    expect(id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    await page.getByTestId('dataset-built').filter({ hasText: id ?? '' }).waitFor();
    const folder = path.join(app.dataDir, 'datasets', id ?? '');
    expect(fs.readdirSync(folder).sort()).toEqual(['alpaca.json', 'manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { settings: { style: string }; summary: { used: number } };
    expect(manifest.settings.style).toBe('instruct');
    expect(manifest.summary.used).toBe(10);
    await app.screenshot('dataset-built');
    expect(app.problems).toEqual([]);
  });

  test('asks before building while findings wait for review, and builds with them all redacted as placeholders', async () => {
    app = await startApp({ route: 'status' });
    registerDefaultBase(app.dataDir);
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'confidant-e2e-unsure-'));
    made.push(dir);
    for (let i = 1; i <= 3; i += 1) fs.writeFileSync(path.join(dir, `2024-07-0${i}.md`), `Coffee with Brannoch after work, day ${i}.\n`);
    const source = await call(app.host.core, 'library.addSource', { path: dir, watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });

    await app.goto('dataset');
    const page = app.page;
    const notice = page.getByTestId('dataset-to-review');
    await notice.waitFor();
    expect(await notice.getByRole('heading').textContent()).toBe('3 findings in 3 entries still to review');
    expect(await notice.getByRole('link', { name: 'Review first' }).getAttribute('href')).toBe('#/review?by=value');
    await page.getByRole('button', { name: 'Build dataset' }).click();
    await page.locator('.dataset-to-review.is-asking').waitFor();
    expect(fs.existsSync(path.join(app.dataDir, 'datasets')) ? fs.readdirSync(path.join(app.dataDir, 'datasets')) : []).toEqual([]);

    await notice.getByRole('button', { name: 'Redact them all and build' }).click();
    const result = page.getByTestId('dataset-build-result');
    await result.waitFor();
    const id = /Built dataset (\S+):/.exec((await result.textContent()) ?? '')?.[1] ?? '';
    const train = fs.readFileSync(path.join(app.dataDir, 'datasets', id, 'train.jsonl'), 'utf8');
    expect(train).toContain('Coffee with [PERSON] after work');
    expect(train).not.toContain('Brannoch');

    // "Review first" opens the values waiting for a decision.
    await notice.getByRole('link', { name: 'Review first' }).click();
    await page.getByRole('heading', { level: 2, name: 'Names and places, by value' }).waitFor();
    await page.locator('li.review-value[data-value="Brannoch"]').waitFor();
    expect(app.problems).toEqual([]);
  });

  test('says what to do when there is nothing to train on, without a failed call', async () => {
    app = await startApp({ route: 'dataset' });
    const empty = app.page.getByTestId('dataset-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toBe('Nothing to train on. The library has no entries yet: add a folder in Library first.');
    expect(await app.page.getByRole('button', { name: 'Build dataset' }).isDisabled()).toBe(true);
    expect(app.problems).toEqual([]);
  });

  test('shows the error of a base model whose tokenizer is missing', async () => {
    app = await startApp({ route: 'status' });
    const source = await call(app.host.core, 'library.addSource', { path: journalFolder(), watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });
    await app.goto('dataset');
    const alert = app.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('No tokenizer found for base model "mistral-7b-instruct-v0.2"');
    expect(await app.page.getByRole('button', { name: 'Build dataset' }).isDisabled()).toBe(true);
  });

});
