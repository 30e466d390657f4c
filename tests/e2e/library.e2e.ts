import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startApp, type App } from './harness.ts';
import { tempDir } from '../helpers/tmp.ts';

const sample = path.resolve(import.meta.dirname, '../../resources/sample-journal');

let app: App | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('Library screen in Chromium', () => {
  test('adds a folder by path, shows progress results and errors, the extracted text, and search', async () => {
    const dir = path.join(tempDir('confidant-e2e-src-'), 'journal');
    fs.cpSync(sample, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
    app = await startApp({ route: 'library' });
    const page = app.page;
    // The first page load of a run compiles and caches the bundle; on a loaded machine that can be slow.
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor({ timeout: 60_000 });
    await app.waitForEventStream();

    await page.getByLabel('Folder to add').fill(dir);
    await page.getByRole('button', { name: 'Add folder' }).click();
    const counts = page.getByTestId('source-1-counts');
    await counts.getByText('15 entries', { exact: false }).waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toContain('1 could not be read');
    await page.getByRole('heading', { name: '15 entries' }).waitFor();
    // Notes with no date of their own (a Logseq page, a notebook) are not passed off as written on their mtime.
    await page.getByText(/^undated \(file modified \d{4}-\d{2}-\d{2}\)$/).first().waitFor();

    await page.getByText('1 file could not be read').click();
    await page.getByText('broken.ipynb').waitFor();
    expect(await page.locator('.library-errors').textContent()).toContain('Malformed JSON at line 1, column 12');

    await page.getByRole('searchbox', { name: 'Search entries' }).fill('canoe');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: '1 match' }).waitFor();
    expect(await page.locator('.library-entry-row mark').first().textContent()).toBe('canoe');
    await page.locator('.library-entry-row').first().click();
    const text = page.getByTestId('entry-text');
    await text.waitFor();
    expect(await text.textContent()).toBe("Dinner at Marek's. His sister told the story about the broken canoe again.");
    expect(await page.locator('.library-meta').textContent()).toContain('Europe/Prague');
    await app.screenshot('library-sample-journal');
    expect(app.problems).toEqual([]);
  });

  test('stays virtualised and responsive with 20,000 entries', async () => {
    app = await startApp({ route: 'library' });
    const db = app.host.core.context.db;
    const src = tempDir('confidant-e2e-big-');
    db.prepare("INSERT INTO source (id, path, name, added_at) VALUES (1, ?, 'big', '2024-01-01')").run(src);
    const insert = db.prepare("INSERT INTO entry (source_id, key, format, title, created_at, text, text_hash, updated_at) VALUES (1, ?, 'markdown', ?, ?, ?, 'h', '2024-01-01')");
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        const created = new Date(Date.UTC(2000, 0, 1) + i * 3_600_000).toISOString();
        insert.run(`n${i}.md`, `Entry number ${i}`, created, `Body of entry ${i}`);
      }
    })();
    const page = app.page;
    await page.reload();
    await page.getByRole('heading', { name: '20000 entries' }).waitFor();
    await page.getByText('Entry number 19999', { exact: true }).waitFor();
    const rendered = await page.locator('.library-entry-row').count();
    expect(rendered).toBeLessThan(60);

    // Jump to the very end: the oldest entry arrives by fetching only the page it sits in.
    const started = Date.now();
    await page.getByTestId('entry-list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByText('Entry number 0', { exact: true }).waitFor();
    expect(Date.now() - started).toBeLessThan(5000);

    // Scroll through a stretch the way a wheel does and measure how long frames take.
    const frames = await page.getByTestId('entry-list').evaluate(async (el) => {
      el.scrollTo(0, el.scrollHeight / 2);
      const durations: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 60; i++) {
        el.scrollBy(0, 400);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        durations.push(now - last);
        last = now;
      }
      durations.sort((a, b) => a - b);
      return { median: durations[30], rows: el.querySelectorAll('.library-entry-row').length };
    });
    expect(frames.rows).toBeLessThan(60);
    // Headless Chromium on a loaded 2-core machine: a generous bound that still fails if every row were rendered.
    expect(frames.median).toBeLessThan(100);
    await app.screenshot('library-20000-entries');
    expect(app.problems).toEqual([]);
  });
});
