/**
 * The Chat screen in Chromium against the web host (issue 8), with the real Gemma 3 270M GGUF on
 * the CPU: pick a model, send, watch the answer stream, keep and export the conversation, stop,
 * ground in entries and open a citation, compare two models, and a bad model path.
 *
 * Run: `npm run build:renderer && npx vitest run --config vitest.e2e.config.ts tests/e2e/chat.e2e.ts`
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { gemmaPath, useTestChatEnv } from '../core/chat/chat-fixtures.ts';
import { tempDir } from '../helpers/tmp.ts';
import { startApp, type App } from './harness.ts';
import { call } from '../helpers/client.ts';

let app: App | undefined;
let gemma: string;

beforeAll(() => {
  useTestChatEnv();
  gemma = gemmaPath();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('chat screen', () => {
  test('chats with streaming, keeps the conversation, and refuses a bad model file by name', async () => {
    app = await startApp();
    const page = app.page;
    const model = await call(app.host.core, 'chat.addModel', { path: gemma });
    // A short answer limit keeps the test quick on a shared CPU; the screen uses what was saved.
    await call(app.host.core, 'chat.createSession', { modelId: model.id, settings: { maxTokens: 24 } });
    await app.goto('chat');
    await page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    await expect.poll(() => page.getByLabel('Model', { exact: true }).locator('option:checked').textContent()).toBe('gemma-3-270m-q4_k_m');
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'New conversation', exact: true }).click();
    await page.getByLabel('System prompt').waitFor();

    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Tell me about the sea.');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('.chat-assistant .chat-text').first();
    // The answer appears while it is being written, before it is saved.
    await expect.poll(async () => ((await answer.textContent()) ?? '').replace('...', '').trim().length, { timeout: 120_000 }).toBeGreaterThan(0);
    await page.locator('.chat-assistant[data-status="done"]').waitFor({ timeout: 180_000 });
    const conversations = page.getByRole('navigation', { name: 'Conversations' });
    await conversations.getByRole('button', { name: 'Tell me about the sea.', exact: true }).waitFor();
    const saved = await call(app.host.core, 'chat.listSessions', {});
    expect(saved).toHaveLength(1);

    // A file that is not a model: the message names it, and the screen keeps working.
    const bad = path.join(tempDir(), 'notes.gguf');
    fs.writeFileSync(bad, 'not a model');
    await page.getByLabel('GGUF file path').fill(bad);
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.getByRole('alert').filter({ hasText: `${bad} is not a GGUF file` }).waitFor();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('And the harbour?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.chat-assistant[data-status="done"]').count(), { timeout: 180_000 }).toBe(2);
    await app.screenshot('chat-conversation');
    // The only failing request is the refused model file.
    expect(app.problems.filter((p) => !p.includes('chat.addModel') && !p.includes('Failed to load resource'))).toEqual([]);
  }, 600_000);

  test('grounded answers list the entries they drew on, and compare streams two models side by side', async () => {
    app = await startApp();
    const page = app.page;
    const db = app.host.core.context.db;
    const source = db.prepare(`INSERT INTO source (path, name, added_at) VALUES ('/home/me/journal', 'journal', '2026-01-01T00:00:00Z')`).run();
    db.prepare(
      `INSERT INTO entry (source_id, key, format, title, created_at, text, text_hash, updated_at) VALUES (?, 'a.md', 'markdown', 'Lighthouse day', '2025-03-02T09:00:00Z', 'The lighthouse was freshly painted red.', 'h', '2026-01-01T00:00:00Z')`,
    ).run(source.lastInsertRowid);
    const model = await call(app.host.core, 'chat.addModel', { path: gemma });
    const copy = path.join(tempDir(), 'my-fine-tune.gguf');
    fs.copyFileSync(gemma, copy);
    await call(app.host.core, 'chat.addModel', { path: copy });
    const session = await call(app.host.core, 'chat.createSession', { modelId: model.id, settings: { maxTokens: 8 } });
    await app.goto('chat');
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'New conversation', exact: true }).click();
    await page.getByLabel(/Ground answers in my entries/).check();
    await expect.poll(async () => (await call(app!.host.core, 'chat.getSession', { sessionId: session.id })).grounded).toBe(true);
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('What colour was the lighthouse?');
    await page.getByRole('button', { name: 'Send' }).click();
    const cite = page.getByRole('button', { name: 'Lighthouse day (2025-03-02)' });
    await cite.waitFor({ timeout: 180_000 });
    await cite.click();
    await expect.poll(() => page.getByLabel('What the model saw of Lighthouse day').textContent()).toBe('The lighthouse was freshly painted red.');

    await page.getByRole('button', { name: 'Compare two models' }).click();
    await page.getByLabel('First model').selectOption({ label: 'gemma-3-270m-q4_k_m' });
    await page.getByLabel('Second model').selectOption({ label: 'my-fine-tune' });
    await page.getByLabel('Answer limit (tokens)').fill('8');
    await page.getByLabel('Prompt for both').fill('Say hello.');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('region', { name: 'Answer of gemma-3-270m-q4_k_m' }).waitFor({ timeout: 120_000 });
    await page.getByRole('region', { name: 'Answer of my-fine-tune' }).waitFor();
    await expect.poll(() => page.locator('.chat-compare-side .chat-assistant[data-status="done"]').count(), { timeout: 240_000 }).toBe(2);
    await app.screenshot('chat-compare');
    expect(app.problems).toEqual([]);
  }, 600_000);
});
