/**
 * The Review screen in Chromium against the web host (issue 4): a real folder indexed, a person on
 * the list; the queue opens on the riskiest entry, findings are highlighted by kind, one-key
 * actions decide entries and findings, progress counts, and the training preview follows.
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/review.e2e.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
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
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'confidant-e2e-review-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, '2024-05-01.md'), '# Bank day\n\nPaid with card 4111 1111 1111 1111 and gave my SSN 123-45-6789 to the clerk.\n');
  fs.writeFileSync(path.join(dir, '2024-05-02.md'), '# Lunch\n\nLunch with Anna. She wrote from anna.berg@example.org later.\n');
  fs.writeFileSync(path.join(dir, '2024-05-03.md'), '# Quiet\n\nRain all day; read a novel.\n');
  return dir;
}

describe('Review screen', () => {
  test('reviews the riskiest entry first, with one-key decisions, progress and the training preview', async () => {
    app = await startApp({ route: 'status' });
    await call(app.host.core, 'privacy.addName', { name: 'Anna Berg', kind: 'person', aliases: ['Anna'] });
    const source = await call(app.host.core, 'library.addSource', { path: journalFolder(), watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });

    await app.goto('review');
    const page = app.page;
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    const progress = page.getByTestId('progress');
    await page.getByText('0 of 3 reviewed').waitFor();
    expect(await page.getByText('j / k').isVisible()).toBe(true);

    // The bank entry has a card and an SSN: it leads the queue and opens first.
    await page.getByRole('heading', { level: 2, name: '2024-05-01' }).waitFor();
    expect(await page.locator('mark[data-kind="card"]').textContent()).toContain('4111 1111 1111 1111');
    expect(await page.locator('mark[data-kind="ssn"]').count()).toBe(1);
    expect(await page.getByTestId('preview').textContent()).toBe('Bank day\n\nPaid with card [CARD] and gave my SSN [SSN] to the clerk.');
    await app.screenshot('review-bank-day');

    // x excludes it, counts it as reviewed and moves on to the next entry.
    await page.keyboard.press('x');
    await page.getByText('1 of 3 reviewed').waitFor();
    await page.getByRole('heading', { level: 2, name: '2024-05-02' }).waitFor();
    const preview = page.getByTestId('preview');
    expect(await preview.textContent()).toContain('Lunch with Clara. She wrote from [EMAIL] later.');

    // The cursor starts on the first finding (Anna): o keeps it, r redacts it again.
    await page.keyboard.press('o');
    await page.locator('mark[data-kind="person"][data-action="keep"]').waitFor();
    expect(await preview.textContent()).toContain('Lunch with Anna.');
    await page.keyboard.press('r');
    await page.locator('mark[data-kind="person"][data-action="redact"]').waitFor();
    expect(await preview.textContent()).toContain('Lunch with Clara.');
    // n moves to the email; o keeps it.
    await page.keyboard.press('n');
    await page.keyboard.press('o');
    await page.locator('mark[data-kind="email"][data-action="keep"]').waitFor();
    expect(await preview.textContent()).toContain('anna.berg@example.org');

    // k goes back to the excluded entry; i includes it.
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 2, name: '2024-05-01' }).waitFor();
    expect(await page.getByTestId('verdict').textContent()).toContain('You excluded this entry.');
    await page.keyboard.press('i');
    // Including it moves on to the next entry; including that one too counts a second review.
    await page.getByRole('heading', { level: 2, name: '2024-05-02' }).waitFor();
    expect(await progress.textContent()).toBe('1 of 3 reviewed');
    await page.keyboard.press('i');
    await page.getByText('2 of 3 reviewed').waitFor();
    await page.getByRole('heading', { level: 2, name: '2024-05-03' }).waitFor();
    // The queue keeps the order it showed, so k walks back through the entries just decided.
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 2, name: '2024-05-02' }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 2, name: '2024-05-01' }).waitFor();
    expect(await page.getByTestId('verdict').textContent()).toContain('You included this entry.');
    expect(app.problems).toEqual([]);
  });

  test('decides names by value: one click settles every mention, and the whole example shows it', async () => {
    app = await startApp({ route: 'status' });
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'confidant-e2e-values-'));
    made.push(dir);
    // A friend known only from cues, in four notes; a second unlisted name once; the name in a title too.
    for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(dir, `2024-06-0${i}.md`), `# Day ${i}\n\nCoffee with Brannoch after work. Later Brannoch called about the boat.\n`);
    fs.writeFileSync(path.join(dir, 'Sailing with Brannoch.md'), 'Out on the lake all afternoon.\n');
    fs.writeFileSync(path.join(dir, '2024-06-05.md'), '# Market\n\nLunch with Tomasz Wrona at the market.\n');
    const source = await call(app.host.core, 'library.addSource', { path: dir, watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });
    const { values } = await call(app.host.core, 'privacy.listValues', {});
    const friend = values.find((v) => v.value === 'Brannoch');
    expect(friend?.entries).toBe(5);

    await app.goto('review');
    const page = app.page;
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    await page.getByRole('button', { name: 'Names and places by value' }).click();
    await page.getByRole('heading', { level: 2, name: 'Names and places, by value' }).waitFor();
    // The value a decision settles most comes first, with its counts and where it appears.
    const first = page.locator('li.review-value').first();
    expect(await first.locator('.review-value-title').textContent()).toBe(`Brannoch: ${friend?.mentions} mentions in 5 entries · looks like a person, ${friend?.mentions} to review`);
    expect(await first.textContent()).toContain('Coffee with Brannoch after work');
    await app.screenshot('review-by-value');

    await first.getByRole('button', { name: 'A person' }).click();
    await page.locator('li.review-value').first().filter({ hasText: 'Tomasz Wrona' }).waitFor();
    expect(await page.locator('li.review-value[data-value="Brannoch"]').count()).toBe(0);
    // A sample opens its entry, to decide its mentions one by one.
    await page.locator('li.review-value[data-value="Tomasz Wrona"]').getByRole('button', { name: '2024-06-05' }).click();
    await page.getByRole('heading', { level: 2, name: '2024-06-05' }).waitFor();
    await page.getByRole('button', { name: 'Names and places by value' }).click();
    await page.getByLabel('Show').last().selectOption('decided');
    await page.locator('li.review-value[data-value="Brannoch"]').filter({ hasText: 'a person' }).waitFor();

    // Entry by entry: the note titled with the name shows the whole example, title redacted in the prompt.
    await page.getByRole('button', { name: 'Entry by entry' }).click();
    await page.getByRole('button', { name: /Sailing with Brannoch/ }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Sailing with Brannoch' }).waitFor();
    const prompt = page.getByTestId('preview-prompt');
    // An undated note is asked for by its title, exactly as the dataset writes it.
    await expect.poll(() => prompt.textContent()).toMatch(/^Write my note titled 'Sailing with [A-Z][a-z]+'\.$/);
    expect(await prompt.textContent()).not.toContain('Brannoch');
    expect(await prompt.locator('mark[data-redaction="person"][data-state="redacted"]').count()).toBe(1);
    expect(await page.getByTestId('preview').textContent()).toBe('Out on the lake all afternoon.');
    // The finding in the title is listed with where it is.
    expect(await page.locator('[data-finding-row]').filter({ hasText: 'in the title' }).count()).toBe(1);
    await page.getByTestId('preview-prompt').scrollIntoViewIfNeeded();
    await app.screenshot('review-whole-example');

    // A value decided as "a person" also holds for notes written later.
    fs.writeFileSync(path.join(dir, '2024-06-09.md'), '# Later\n\nWent sailing with Brannoch on Sunday.\n');
    await call(app.host.core, 'library.index', { sourceId: source.id });
    const later = await call(app.host.core, 'privacy.findEntry', { ref: '2024-06-09.md' });
    const view = await call(app.host.core, 'privacy.preview', { entryId: later.entryId });
    expect(view.text).not.toContain('Brannoch');
    expect(view.toReview).toBe(0);
    expect(app.problems).toEqual([]);
  });

  test('adds rules with affected counts, refuses a pattern that matches everything, and changes a kind style in bulk', async () => {
    app = await startApp({ route: 'status' });
    const source = await call(app.host.core, 'library.addSource', { path: journalFolder(), watch: false });
    await call(app.host.core, 'library.index', { sourceId: source.id });
    await app.goto('review');
    const page = app.page;
    await page.getByRole('heading', { level: 2, name: '2024-05-01' }).waitFor();

    await page.getByLabel('Rule type').selectOption('regex');
    await page.getByLabel('Rule value').fill('x*');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('matches empty text').waitFor();

    await page.getByLabel('Rule type').selectOption('search');
    await page.getByLabel('Rule value').fill('rain');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('[data-rule-id]').getByText('matches search "rain"').waitFor();
    expect(await page.locator('[data-rule-id]').textContent()).toContain('1 entry');

    // Bulk: cards are dropped with their sentence everywhere.
    await page.getByLabel('Style for Card number').selectOption('drop');
    await expect.poll(() => page.getByTestId('preview').textContent()).not.toContain('Paid with card');
    expect(await page.getByTestId('preview').textContent()).toContain('Bank day');
    await app.screenshot('review-rules');
    expect(app.problems).toEqual([
      'HTTP 400 POST /api/call/privacy.addRule',
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });
});
