/**
 * The Train screen in Chromium against the web host, with the real Python trainer on the tiny CPU
 * model (issue 6): a run started from the form with Advanced overrides, its loss chart growing while
 * it goes, a reload that finds it live, Stop then Resume, and the readable error of a missing base.
 *
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/train.e2e.ts`
 */
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tinyMistralDir, venvPython } from '../helpers/tiny-model.ts';
import { startApp, type App } from './harness.ts';
import { writeRepeatedDataset } from '../helpers/dataset-folder.ts';

let app: App | undefined;
let baseModel: string;

beforeAll(() => {
  // The launcher then runs this venv's Python with the trainer from the checkout.
  process.env.CONFIDANT_TRAINER_PYTHON = venvPython;
  baseModel = tinyMistralDir();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function waitUntil<T>(what: string, read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last seen: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function runPanel(a: App) {
  return a.page.getByTestId('train-run');
}

async function runStatus(a: App): Promise<string | null> {
  const panel = runPanel(a);
  return (await panel.count()) > 0 ? panel.getAttribute('data-status') : null;
}

/** Training-loss points drawn, as the chart says and as circles in its first line. */
async function lossPoints(a: App): Promise<{ said: number; drawn: number }> {
  const chart = a.page.getByTestId('train-loss-chart');
  if ((await chart.count()) === 0) return { said: 0, drawn: 0 };
  const said = Number(await chart.getAttribute('data-points'));
  const drawn = await chart.locator('.recharts-line-dots').first().locator('circle').count();
  return { said, drawn };
}

async function fillForm(a: App, datasetId: string, base: string): Promise<void> {
  await a.page.getByLabel('Dataset', { exact: true }).fill(datasetId);
  await a.page.getByLabel('Base model folder', { exact: true }).fill(base);
  // The presets come from the trainer's config files; tiny_cpu is picked by default when present.
  expect(await a.page.getByLabel('Preset', { exact: true }).inputValue()).toBe('tiny_cpu');
}

/** Steps of the run that is stopped and resumed: the tiny model trains one in a fraction of a second. */
const STEPS = 80;

describe('Train screen with the real trainer on the tiny CPU model', () => {
  test('a missing base model folder shows what to do instead of starting', async () => {
    app = await startApp({ route: 'train' });
    writeRepeatedDataset(app.dataDir, 'ds1');
    await app.page.getByRole('heading', { level: 1, name: 'Train', exact: true }).waitFor();
    await app.page.getByText('No runs yet.').waitFor();
    const missing = path.join(app.dataDir, 'no-such-model');
    await fillForm(app, 'ds1', missing);

    const preflightError = app.page.getByRole('alert').filter({ hasText: 'Cannot check this run' });
    await preflightError.waitFor({ timeout: 30_000 });
    expect(await preflightError.textContent()).toContain(`The base model folder ${missing} does not exist.`);

    await app.page.getByRole('button', { name: 'Start training' }).click();
    const startError = app.page.getByRole('alert').filter({ hasText: 'The run did not start' });
    await startError.waitFor();
    expect(await startError.textContent()).toContain('does not exist');
    expect(await app.page.getByTestId('train-run').count()).toBe(0);
    await app.screenshot('train-missing-base');
    // The two failing calls, and Chromium's console line for each 404.
    expect([...new Set(app.problems)].sort()).toEqual([
      'HTTP 404 POST /api/call/training.preflight',
      'HTTP 404 POST /api/call/training.startRun',
      'console error: Failed to load resource: the server responded with a status of 404 (Not Found)',
    ]);
  });

  test('a trainer setup that fails streams its progress, names the failed step and offers Repair', async () => {
    app = await startApp({ route: 'train' });
    const { page } = app;
    expect(await page.getByTestId('train-env-state').textContent()).toBe('Not set up');
    await page.getByRole('button', { name: 'Set up' }).waitFor();
    // A Python that is not there fails at the first step, before anything could be downloaded.
    const missingPython = path.join(app.dataDir, 'no-such-venv', 'bin', 'python');
    await page.getByText('Use a Python environment you already have').click();
    await page.getByLabel('Existing Python', { exact: true }).fill(missingPython);
    await app.waitForEventStream();
    await page.getByRole('button', { name: 'Use this Python' }).click();

    const failed = page.locator('.train-failed-step');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toMatch(/^Failed at find-python: no Python 3\.10 or newer found \(tried .*no-such-venv\/bin\/python\)/);
    expect(await page.getByTestId('train-env-state').textContent()).toBe('Needs repair');
    expect(await page.getByRole('button', { name: 'Repair' }).isVisible()).toBe(true);
    // The streamed progress stays on screen, step by step.
    expect(await page.getByLabel('Setup output').textContent()).toMatch(/\[find-python\] running: .*\n\[find-python\] failed: no Python 3\.10/);
    await app.screenshot('train-setup-failed');
    // The setup call fails (422) with the same message, shown once more under "Setup stopped".
    expect(await page.getByRole('alert').filter({ hasText: 'Setup stopped' }).textContent()).toContain('find-python');
    expect(app.problems).toEqual([
      'HTTP 422 POST /api/call/training.setupEnv',
      'console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
  });

  test('a run started with Advanced overrides charts its loss live, survives a reload, stops, resumes and completes', { timeout: 480_000 }, async () => {
    app = await startApp({ route: 'train' });
    writeRepeatedDataset(app.dataDir, 'ds1');
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Train', exact: true }).waitFor();
    await fillForm(app, 'ds1', baseModel);

    await page.getByText('Advanced: every setting of this preset').click();
    // Enough steps that the reload and the stop land mid-run on a quiet machine too.
    const overrides = { 'train.max_steps': String(STEPS), 'data.max_length': '64', 'train.eval_every': '4', 'train.checkpoint_every': '100' };
    for (const [key, value] of Object.entries(overrides)) await page.getByLabel(key, { exact: true }).fill(value);
    await page.getByText('3 changed').waitFor();

    // The preflight runs the trainer's memory estimate; on this machine it says so plainly.
    await page.getByTestId('train-preflight').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('train-preflight').textContent()).toContain('No NVIDIA GPU');

    await page.getByRole('button', { name: 'Start training' }).click();
    await waitUntil('the run to show as running', () => runStatus(app!), (s) => s === 'running', 20_000);
    expect(await page.getByRole('button', { name: 'Start training' }).isDisabled()).toBe(true);

    // Two moments while it goes: the chart has points, then more points.
    const first = await waitUntil('the first loss points', () => lossPoints(app!), (p) => p.said >= 2, 180_000);
    expect(first.drawn).toBe(first.said);
    const second = await waitUntil('more loss points', () => lossPoints(app!), (p) => p.said > first.said);
    expect(second.drawn).toBe(second.said);
    expect(await runStatus(app)).toBe('running');
    await runPanel(app).scrollIntoViewIfNeeded();
    await app.screenshot('train-running');

    // A reload finds the run, draws what was stored, and keeps following it live.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Train', exact: true }).waitFor();
    const afterReload = await waitUntil('the stored points after a reload', () => lossPoints(app!), (p) => p.said >= second.said, 20_000);
    expect(await runStatus(app)).toBe('running');
    await waitUntil('live points after the reload', () => lossPoints(app!), (p) => p.said > afterReload.said);

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitUntil('the run to stop', () => runStatus(app!), (s) => s === 'stopped', 120_000);
    const stoppedAt = (await lossPoints(app)).said;
    expect(stoppedAt).toBeLessThan(STEPS);
    expect(await page.getByTestId('train-step').textContent()).toBe(`Step ${stoppedAt} of ${STEPS}`);
    expect(await page.getByTestId('train-event-log').textContent()).toContain(`Checkpoint at step ${stoppedAt}`);
    await runPanel(app).scrollIntoViewIfNeeded();
    await app.screenshot('train-stopped');

    await page.getByRole('button', { name: 'Resume' }).click();
    await waitUntil('the run to resume', () => runStatus(app!), (s) => s === 'running' || s === 'completed', 20_000);
    await waitUntil('the run to complete', () => runStatus(app!), (s) => s === 'completed', 300_000);
    expect(await page.getByTestId('train-step').textContent()).toBe(`Step ${STEPS} of ${STEPS}`);
    const final = await lossPoints(app);
    expect(final).toEqual({ said: STEPS, drawn: STEPS });
    expect(Number(await page.getByTestId('train-loss-chart').getAttribute('data-val-points'))).toBeGreaterThanOrEqual(5);
    const log = (await page.getByTestId('train-event-log').textContent()) ?? '';
    expect(log).toContain('adapter written');
    expect(log).toContain('Finished train');

    const row = page.getByTestId('train-history').locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Completed');
    expect(await row.first().textContent()).toContain(`${STEPS} / ${STEPS}`);
    await page.getByRole('button', { name: 'Export for chat' }).waitFor();
    await runPanel(app).scrollIntoViewIfNeeded();
    await app.screenshot('train-completed');
    expect(app.problems).toEqual([]);
  });
});
