/**
 * The browser end-to-end harness: the real web host (electron/web) in this process on a temporary
 * data folder, and Debian's Chromium driven by playwright-core, opened at the host's tokened URL.
 *
 * Run: `npm run test:e2e` (builds the renderer first), or after `npm run build:renderer`:
 * `npx vitest run --config vitest.e2e.config.ts tests/e2e/<domain>.e2e.ts`.
 *
 * Usage in a test file `tests/e2e/<domain>.e2e.ts`:
 *
 *     import { afterEach, expect, test } from 'vitest';
 *     import { startApp, type App } from './harness.ts';
 *
 *     let app: App | undefined;
 *     afterEach(async () => { await app?.close(); app = undefined; });
 *
 *     test('the library lists an added folder', async () => {
 *       app = await startApp();
 *       // Seed through the same core the page uses (no HTTP needed):
 *       await app.host.core.invoke('library.addSource', { path: '/some/dir' });
 *       await app.goto('library');
 *       await app.page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
 *       await app.screenshot('library-one-folder');
 *       expect(app.problems).toEqual([]);
 *     });
 *
 * Options: `route` (open on `#/<route>`), `transport: 'ipc'` (the page talks through an injected
 * `window.confidant` bridge backed by the same core, as in the desktop app), `token` (open with a
 * wrong token), `colorScheme: 'dark'`, `viewport`, `dataDir` (reuse a prepared folder).
 *
 * `app.problems` collects, as readable lines, every console error, uncaught page exception, failed
 * request and HTTP answer >= 400 the page saw (requests cancelled by a reload, a navigation or an
 * AbortController are not failures and are left out). Assert it is empty unless the test provokes an error
 * on purpose; then assert the exact lines you expect (a failing call shows up as
 * `HTTP 400 POST /api/call/<name>` plus Chromium's "Failed to load resource" console line).
 *
 * Events: emit through the core and the page receives them over SSE, e.g.
 * `app.host.core.context.events.emit('app.notice', { level: 'info', message: 'Hello' })`.
 * Wait until the page listens first: `await app.waitForEventStream()` (works for both transports).
 *
 * Assertions: the project has no @playwright/test, so wait with Playwright locators
 * (`locator.waitFor()`, `locator.textContent()`) and assert with Vitest's `expect`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { defaultRendererDir, startWebHost, type WebHost } from '../../electron/web/server.ts';

export const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium, offline and quiet: no updates, sync, QUIC or background fetches. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Screenshots land here (gitignored), one PNG per `screenshot(name)`. */
export const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/e2e');

export interface StartAppOptions {
  /** Use this data folder (kept on close). Default: a fresh temporary folder, removed on close. */
  dataDir?: string;
  /** Route to open first (`'status'` opens `#/status`). Default: the app's own start screen. */
  route?: string;
  /**
   * How the page reaches the core. `'http'` (default): the web host's API, as `npm run serve` users
   * get it. `'ipc'`: a `window.confidant` bridge injected before the page loads and backed by the
   * same core, standing in for the desktop preload (Electron cannot start on these machines), so
   * the renderer runs its IPC transport.
   */
  transport?: 'http' | 'ipc';
  /** Open the page with this token instead of the host's (to see what a stale or wrong link does). */
  token?: string;
  /** The system colour scheme the page sees. Default `'light'`. */
  colorScheme?: 'light' | 'dark';
  /** Browser viewport. Default 1280 × 800, a typical laptop window. */
  viewport?: { width: number; height: number };
}

export interface App {
  page: Page;
  context: BrowserContext;
  host: WebHost;
  /** The data folder the host (and so the page) uses. */
  dataDir: string;
  /** Console errors, page exceptions, failed requests and HTTP errors, one readable line each. */
  problems: string[];
  /** Navigates to a screen by its route id (`'library'`, `'status'`, ...) through the address hash. */
  goto(route: string): Promise<void>;
  /** Resolves once the page holds the host's event stream open (the app subscribes on start). */
  waitForEventStream(): Promise<void>;
  /** Writes `test-results/e2e/<name>.png` (full page) and returns its absolute path. */
  screenshot(name: string): Promise<string>;
  /** Closes Chromium and the host; removes the temporary folders the harness made. */
  close(): Promise<void>;
}

export async function startApp(options: StartAppOptions = {}): Promise<App> {
  if (!fs.existsSync(path.join(defaultRendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${defaultRendererDir}: run \`npm run build:renderer\` (npm run test:e2e does it for you).`);
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run \`sudo apt-get install chromium\`.`);
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-e2e-data-'));
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-e2e-chromium-'));
  const hostLog: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  cleanups.push(() => fs.rmSync(profileDir, { recursive: true, force: true }));
  if (ownsDataDir) cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  try {
    const host = await startWebHost({ dataDir, log: (line) => hostLog.push(line) });
    cleanups.push(() => host.close());
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = watchForProblems(page);
    const isIpc = options.transport === 'ipc';
    if (isIpc) cleanups.push(await injectBridge(context, page, host));

    const url = new URL(isIpc ? `${host.origin}/` : host.url);
    if (options.token !== undefined) url.searchParams.set('token', options.token);
    if (options.route) url.hash = `#/${options.route}`;
    await page.goto(url.href, { waitUntil: 'load' });

    return {
      page,
      context,
      host,
      dataDir,
      problems,
      async goto(route) {
        await page.evaluate((hashValue) => {
          window.location.hash = hashValue;
        }, `#/${route}`);
      },
      async waitForEventStream() {
        const deadline = Date.now() + 10_000;
        const isListening = async () =>
          isIpc ? (await page.evaluate(() => Number(Reflect.get(window, '__confidantListenerCount')))) > 0 : host.eventClientCount() > 0;
        while (!(await isListening())) {
          if (Date.now() > deadline) throw new Error('The page did not open the event stream within 10 s.');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      async screenshot(name) {
        fs.mkdirSync(screenshotDir, { recursive: true });
        const file = path.join(screenshotDir, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      async close() {
        await cleanUp();
        // The host logs unexpected errors with their stack; surface them so a test shows why it failed.
        if (hostLog.length > 0) process.stderr.write(`[web host log]\n${hostLog.join('\n')}\n`);
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * A stand-in for the desktop preload: `window.confidant` with the `ConfidantBridge` shape, its
 * calls answered by the host's core and its events pushed from the core into the page.
 * Returns the unsubscribe from the core's events.
 */
async function injectBridge(context: BrowserContext, page: Page, host: WebHost): Promise<() => void> {
  // Through JSON, like Electron's structured clone: the page never gets live objects of the core.
  await context.exposeFunction('__confidantInvoke', async (name: string, input: unknown) =>
    JSON.parse(JSON.stringify(await host.core.invoke(name, input))),
  );
  await context.addInitScript(() => {
    const listeners = new Set<(event: unknown) => void>();
    Reflect.set(window, '__confidantListenerCount', 0);
    Reflect.set(window, '__confidantEmit', (event: unknown) => {
      for (const listener of listeners) listener(event);
    });
    Reflect.set(
      window,
      'confidant',
      Object.freeze({
        invoke: (name: string, input: unknown) => {
          const invoke: unknown = Reflect.get(window, '__confidantInvoke');
          return typeof invoke === 'function' ? invoke(name, input) : Promise.reject(new Error('The test bridge is missing.'));
        },
        onEvent: (listener: (event: unknown) => void) => {
          listeners.add(listener);
          Reflect.set(window, '__confidantListenerCount', listeners.size);
          return () => {
            listeners.delete(listener);
            Reflect.set(window, '__confidantListenerCount', listeners.size);
          };
        },
      }),
    );
  });
  return host.core.subscribe((event) => {
    page
      .evaluate((payload) => {
        const emit: unknown = Reflect.get(window, '__confidantEmit');
        if (typeof emit === 'function') emit(payload);
      }, JSON.parse(JSON.stringify(event)))
      // The page may be navigating or closed; the next page subscribes afresh, as a reloaded window does.
      .catch(() => undefined);
  });
}

function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A cancelled request is not a failure: leaving or reloading a page aborts what it was still
    // loading (the open event stream, a late favicon), as does an AbortController.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${pathOf(request.url())} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${pathOf(response.url())}`);
  });
  return problems;
}

/** Path only: the token in a query must not end up in test output. */
function pathOf(url: string): string {
  return new URL(url).pathname;
}
