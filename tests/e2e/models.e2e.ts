/**
 * The Models screen in Chromium against the web host (issue 6): the empty state, and a run of the
 * real trainer on the tiny CPU model exported from the Train screen, then listed with its metrics
 * and files, a missing file flagged, opened in chat and deleted.
 *
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/models.e2e.ts`
 */
import fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tinyMistralDir, venvPython } from '../helpers/tiny-model.ts';
import { startApp, type App } from './harness.ts';
import { writeDatasetFolder } from '../helpers/dataset-folder.ts';
import { call } from '../helpers/client.ts';

const entries = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `Entry ${from + i}. Dear diary, the harbour was calm and I wrote until the lamps came on.`);

let app: App | undefined;
let baseModel: string;

beforeAll(() => {
  process.env.CONFIDANT_TRAINER_PYTHON = venvPython;
  baseModel = tinyMistralDir();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function waitUntil<T>(what: string, read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last seen: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('Models screen', () => {
  test('with no model yet, it says how to make one', async () => {
    app = await startApp({ route: 'models' });
    await app.page.getByRole('heading', { level: 1, name: 'Models', exact: true }).waitFor();
    const empty = app.page.getByTestId('models-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('Export for chat');
    await empty.getByRole('link', { name: 'Train screen' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Train', exact: true }).waitFor();
    expect(app.problems).toEqual([]);
  });

  test('a run exported from the Train screen is listed with its metrics and files, then deleted', { timeout: 600_000 }, async () => {
    app = await startApp({ route: 'train' });
    writeDatasetFolder(app.dataDir, 'ds1', { train: entries(0, 24), val: entries(100, 2), test: entries(200, 3) });
    const { page } = app;
    // The training itself is the Train screen's test; here it only needs to have happened.
    const run = await call(app.host.core, 'training.startRun', {
      baseModel,
      datasetId: 'ds1',
      preset: 'tiny_cpu',
      overrides: ['train.max_steps=2', 'train.eval_every=2', 'train.checkpoint_every=100'],
    });
    await waitUntil(
      'the training run to complete',
      async () => (await call(app!.host.core, 'training.getRun', { id: run.id })).run.status,
      (s) => s !== 'running' && s !== 'stopping',
      240_000,
    ).then((s) => expect(s).toBe('completed'));

    await page.reload();
    const panel = page.getByTestId('train-run');
    await panel.waitFor();
    expect(await panel.getAttribute('data-status')).toBe('completed');
    await page.getByRole('radio', { name: /Q8_0:/ }).check();
    await page.getByRole('button', { name: 'Export for chat' }).click();
    // The export is a run of its own, followed the same way.
    await waitUntil('the export run to show', async () => (await panel.locator('h2').textContent()) ?? '', (t) => t.startsWith('Export'), 20_000);
    await app.screenshot('train-exporting');
    const exportStatus = await waitUntil(
      'the export to end',
      async () => panel.getAttribute('data-status'),
      (s) => s !== 'running' && s !== 'stopping',
      420_000,
    );
    if (exportStatus !== 'completed') throw new Error(`The export ended ${exportStatus}: ${await panel.textContent()}`);
    expect(await page.getByTestId('train-event-log').textContent()).toMatch(/gguf_q8_0 written/);
    await app.screenshot('train-exported');

    await app.goto('models');
    await page.getByRole('heading', { level: 1, name: 'Models', exact: true }).waitFor();
    const card = page.getByTestId('model-card');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Q8_0');
    expect(text).toContain(baseModel);
    expect(text).toContain('ds1');
    expect(await page.getByTestId('model-perplexity').textContent()).toMatch(/^\d+\.\d\d before → \d+\.\d\d after/);
    expect(await page.getByTestId('model-leak').textContent()).toMatch(/No leak found|Possible leak|Not checked/);

    const models = await call(app.host.core, 'models.list', {});
    const gguf = models[0].files.find((f) => f.path.endsWith('.gguf'));
    expect(gguf).toBeDefined();
    await card.getByText(/^\d+ files?, /).click();
    const ggufRow = card.locator('tr', { hasText: gguf!.path });
    expect(await ggufRow.textContent()).toMatch(/\d+(\.\d)? (KB|MB|GB)$/);
    await app.screenshot('models-one');

    // A file removed behind the app's back is named, with what to do.
    const removed = models[0].files.find((f) => f !== gguf && fs.existsSync(f.path) && fs.statSync(f.path).isFile()) ?? gguf!;
    fs.rmSync(removed.path);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Some files of this model are missing' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(removed.path);
    await app.screenshot('models-missing-file');

    // The export registered the model for chat; the link names it for the Chat screen to preselect.
    expect(models[0].chatModelId).not.toBeNull();
    await card.getByRole('link', { name: 'Open in chat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chat', exact: true }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/chat?model=${models[0].chatModelId}`);
    const picker = page.getByLabel('Model', { exact: true });
    await picker.locator(`option[value="${models[0].chatModelId}"]`).waitFor({ state: 'attached' });
    expect(await picker.inputValue()).toBe(String(models[0].chatModelId));
    await app.goto('models');
    await card.waitFor();

    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await card.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByTestId('models-empty').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'freed' }).textContent()).toMatch(/^Deleted; .+ freed\.$/);
    expect(await call(app.host.core, 'models.list', {})).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
