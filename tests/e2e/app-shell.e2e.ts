import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { StatusInfo } from '../../electron/api/calls/status.ts';
import { currentSchemaVersion } from '../../electron/core/db/index.ts';
import { startApp, type App } from './harness.ts';

const screens = [
  { route: 'library', label: 'Library' },
  { route: 'review', label: 'Review' },
  { route: 'dataset', label: 'Dataset' },
  { route: 'train', label: 'Train' },
  { route: 'models', label: 'Models' },
  { route: 'chat', label: 'Chat' },
  { route: 'status', label: 'Status' },
];

const screensDir = path.resolve(import.meta.dirname, '../../renderer/src/screens');

let app: App | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

function heading(a: App, name: string) {
  return a.page.getByRole('heading', { level: 1, name, exact: true });
}

function navLink(a: App, label: string) {
  return a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
}

describe('app shell in Chromium against the web host', () => {
  test('opens on the Library screen and takes the token out of the address bar', async () => {
    app = await startApp();
    await heading(app, 'Library').waitFor();
    expect(app.page.url()).not.toContain('token=');
    expect(await app.page.title()).toBe('Library · Confidant');
    expect(app.problems).toEqual([]);
  });

  test('every navigation item opens its screen and marks itself current', async () => {
    app = await startApp();
    await heading(app, 'Library').waitFor();
    for (const screen of screens) {
      await navLink(app, screen.label).click();
      await heading(app, screen.label).waitFor();
      expect(new URL(app.page.url()).hash).toBe(`#/${screen.route}`);
      expect(await navLink(app, screen.label).getAttribute('aria-current')).toBe('page');
      expect(await app.page.locator('a[aria-current="page"]').count()).toBe(1);
      expect(await app.page.title()).toBe(`${screen.label} · Confidant`);
    }
    expect(app.problems).toEqual([]);
  });

  test('screens of later issues say they are not built yet', async () => {
    // Each later issue replaces its screen file; until then the file renders <NotBuiltYet>, and the
    // notice must really be on screen. Read from the source so a replaced screen drops out by itself.
    const placeholders = screens.filter((s) => {
      const file = path.join(screensDir, `${s.label}Screen.tsx`);
      return fs.readFileSync(file, 'utf8').includes('<NotBuiltYet');
    });
    app = await startApp();
    for (const screen of placeholders) {
      await app.goto(screen.route);
      await heading(app, screen.label).waitFor();
      const notice = app.page.getByText('Not built yet', { exact: true });
      expect(await notice.isVisible()).toBe(true);
    }
    expect(app.problems).toEqual([]);
  });

  test('the sidebar works from the keyboard', async () => {
    app = await startApp();
    await heading(app, 'Library').waitFor();
    await navLink(app, 'Library').focus();
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('Enter');
    await heading(app, 'Dataset').waitFor();
    // The new screen's heading takes focus, so a screen reader announces where the person is.
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Dataset');
    expect(app.problems).toEqual([]);
  });

  test('a page opened with a wrong token shows the host’s message instead of data', async () => {
    app = await startApp({ token: 'not-the-token', route: 'status' });
    const alert = app.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Missing or wrong token');
    expect(await app.page.getByTestId('status-data-dir').count()).toBe(0);
    await app.screenshot('status-wrong-token');
    // The refused call and event stream are the only problems the page saw.
    expect(app.problems.filter((line) => !line.startsWith('console error: Failed to load resource')).sort()).toEqual([
      'HTTP 401 GET /api/events',
      'HTTP 401 POST /api/call/status.get',
    ]);
  });
});

test('when the web host has stopped, Refresh says so instead of showing stale data', async () => {
  app = await startApp({ route: 'status' });
  await app.page.getByTestId('status-data-dir').waitFor();
  await app.host.close();
  await app.page.getByRole('button', { name: 'Refresh' }).click();
  const alert = app.page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Could not reach Confidant');
  expect(await alert.textContent()).toContain('npm run serve');
  expect(await app.page.getByTestId('status-data-dir').count()).toBe(0);
  expect(app.problems.some((line) => line.startsWith('request failed: POST /api/call/status.get'))).toBe(true);
});

test('the dark colour scheme keeps the Status screen readable', async () => {
  app = await startApp({ route: 'status', colorScheme: 'dark' });
  await app.page.getByTestId('status-data-dir').waitFor();
  const colours = await app.page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
  const [background, text] = colours.map(brightness);
  expect(background).toBeLessThan(60);
  expect(text).toBeGreaterThan(200);
  await app.screenshot('status-dark');
  expect(app.problems).toEqual([]);
});

/** The same screens over both transports: the web host's HTTP + SSE, and the desktop bridge. */
describe.each(['http', 'ipc'] as const)('screens over %s', (transport) => {
  test('the page reaches the core only through its own transport', async () => {
    app = await startApp({ route: 'status', transport });
    const apiRequests: string[] = [];
    app.page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) apiRequests.push(pathname);
    });
    await app.page.reload();
    await app.page.getByTestId('status-data-dir').waitFor();
    expect(apiRequests.includes('/api/call/status.get')).toBe(transport === 'http');
    if (transport === 'ipc') expect(apiRequests).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  test('the Status screen shows the data folder and schema, survives a reload and is screenshotted', async () => {
    app = await startApp({ route: 'status', transport });
    const dataDir = app.page.getByTestId('status-data-dir');
    await dataDir.waitFor();
    expect(await dataDir.textContent()).toBe(app.dataDir);
    const schema = currentSchemaVersion(app.host.core.context.db);
    expect(schema).toBeGreaterThan(0);
    expect(await app.page.getByTestId('status-schema').textContent()).toBe(`Version ${schema}`);
    // A fresh data folder has no trainer environment yet; the screen says so and how to fix it.
    expect(await app.page.getByText('Not set up', { exact: true }).isVisible()).toBe(true);
    const trainerCard = app.page.getByRole('region', { name: 'Trainer' });
    expect(await trainerCard.getByText('confidant trainer setup', { exact: true }).isVisible()).toBe(true);

    await app.page.reload();
    await heading(app, 'Status').waitFor();
    await dataDir.waitFor();
    expect(await dataDir.textContent()).toBe(app.dataDir);
    expect(new URL(app.page.url()).hash).toBe('#/status');

    const file = await app.screenshot(transport === 'http' ? 'status' : 'status-ipc');
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(fs.readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(app.problems).toEqual([]);
  });

  test('the Status screen says plainly when no NVIDIA GPU is present, or lists the GPUs', async () => {
    app = await startApp({ route: 'status', transport });
    await app.page.getByTestId('status-data-dir').waitFor();
    const result = await app.host.core.invoke('status.get', {});
    if (!result.ok) throw new Error(result.error.message);
    const { gpus } = StatusInfo.parse(result.value);
    const gpuCard = app.page.getByRole('region', { name: 'GPUs' });
    if (gpus.length === 0) {
      expect(await gpuCard.getByText('No NVIDIA GPU', { exact: true }).isVisible()).toBe(true);
    } else {
      for (const gpu of gpus) expect(await gpuCard.getByText(gpu.name).isVisible()).toBe(true);
    }
    expect(app.problems).toEqual([]);
  });

  test('a notice from the core appears over the current screen and can be dismissed', async () => {
    app = await startApp({ route: 'library', transport });
    await heading(app, 'Library').waitFor();
    await app.waitForEventStream();
    app.host.core.context.events.emit('app.notice', { level: 'warning', message: 'The folder `~/Journal` is gone; it is no longer watched.' });
    const notices = app.page.getByRole('region', { name: 'Notices' });
    const notice = notices.getByText('is gone; it is no longer watched.', { exact: false });
    await notice.waitFor();
    expect(await notices.locator('code').textContent()).toBe('~/Journal');
    await app.screenshot(`notice-${transport}`);
    await notices.getByRole('button', { name: 'Dismiss notice' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(app.problems).toEqual([]);
  });
});

/** Mean of the channels of a computed `rgb(r, g, b)` colour, 0–255. */
function brightness(colour: string): number {
  const channels = colour.match(/\d+/g)?.slice(0, 3).map(Number) ?? [];
  if (channels.length !== 3) throw new Error(`Not an rgb() colour: ${colour}`);
  return (channels[0] + channels[1] + channels[2]) / 3;
}
