/**
 * Home regions on the Review screen, in Chromium against the web host: a Norwegian number written
 * without a country code is no finding until the person adds NO, then it is highlighted as a phone
 * number; an unknown code is refused with a message naming it.
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/home-regions.e2e.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startApp, type App } from './harness.ts';
import { call } from '../helpers/client.ts';

let app: App | undefined;
const made: string[] = [];

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('adding a home region finds that country’s national phone numbers, and a bad code is named', async () => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'confidant-e2e-regions-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, '2025-03-02.md'), '# Oslo\n\nNew mobile for the landlord: 412 34 567, texts only.\n');
  app = await startApp({ route: 'status' });
  await call(app.host.core, 'privacy.setHomeRegions', { regions: ['GB'] });
  const source = await call(app.host.core, 'library.addSource', { path: dir, watch: false });
  await call(app.host.core, 'library.index', { sourceId: source.id });

  await app.goto('review');
  const page = app.page;
  await page.getByRole('heading', { level: 2, name: '2025-03-02' }).waitFor();
  expect(await page.locator('mark[data-kind="phone"]').count()).toBe(0);

  const input = page.getByRole('textbox', { name: 'Region codes' });
  expect(await input.inputValue()).toBe('GB');
  await input.fill('GB XX');
  await page.getByRole('button', { name: 'Save regions' }).click();
  await page.getByText('Unknown region "XX"').waitFor();

  await input.fill('GB NO');
  await page.getByRole('button', { name: 'Save regions' }).click();
  await page.locator('mark[data-kind="phone"]').waitFor();
  expect(await page.locator('mark[data-kind="phone"]').textContent()).toMatch(/^412 34 567/);
  expect(await call(app.host.core, 'privacy.getHomeRegions', {})).toEqual({ regions: ['GB', 'NO'], isDefault: false });
  await app.screenshot('review-home-regions');
});
