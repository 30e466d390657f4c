import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, gemmaPath, openTestCore, useTestChatEnv, type TestCore } from './chat-fixtures.ts';
import { tempDir } from '../../helpers/tmp.ts';

let gemma: string;
const open: TestCore[] = [];

beforeAll(() => {
  useTestChatEnv();
  gemma = gemmaPath();
});

afterEach(async () => {
  for (const t of open.splice(0)) await t.core.close();
});

function start(): TestCore {
  const t = openTestCore();
  open.push(t);
  return t;
}

/** A copy of the Gemma GGUF in its own folder, so a test can delete it. */
function copyOfGemma(): string {
  const file = path.join(tempDir('confidant-model-'), 'my-model.gguf');
  fs.copyFileSync(gemma, file);
  return file;
}

describe('chat conversations', () => {
  it('registers a GGUF with its architecture and default name', async () => {
    const t = start();
    const model = await t.call('chat.addModel', { path: gemma });
    expect(model).toMatchObject({ name: 'gemma-3-270m-q4_k_m', architecture: 'gemma3', adapterPath: null, isAvailable: true });
    expect(model.sizeBytes).toBe(fs.statSync(gemma).size);
    // Adding the same file twice keeps one registration.
    const again = await t.call('chat.addModel', { path: gemma });
    expect(again.id).toBe(model.id);
    expect(await t.call('chat.listModels', {})).toHaveLength(1);
  });

  it('creates a conversation with the default system prompt, renames it and deletes it', async () => {
    const t = start();
    const model = await t.call('chat.addModel', { path: gemma });
    const session = await t.call('chat.createSession', { modelId: model.id });
    expect(session.systemPrompt).toBe('You are me, writing in my voice.');
    expect(session.settings).toEqual({ maxTokens: 512, temperature: 0.7 });
    const renamed = await t.call('chat.updateSession', { sessionId: session.id, title: 'Summer plans', systemPrompt: 'Answer briefly.' });
    expect(renamed).toMatchObject({ title: 'Summer plans', systemPrompt: 'Answer briefly.' });
    const list = await t.call('chat.listSessions', {});
    expect(list.map((s) => s.title)).toEqual(['Summer plans']);
    expect(await t.call('chat.deleteSession', { sessionId: session.id })).toEqual({ deleted: true });
    expect(await t.call('chat.listSessions', {})).toEqual([]);
    const gone = await failureOf(t.core, 'chat.getSession', { sessionId: session.id });
    expect(gone.code).toBe('not_found');
  });

  it('keeps a conversation readable after its model file is deleted and the model is removed', async () => {
    const t = start();
    const file = copyOfGemma();
    const model = await t.call('chat.addModel', { path: file, name: 'Me, v1' });
    const session = await t.call('chat.createSession', { modelId: model.id, title: 'Old talk' });
    // A message saved by hand stands in for an earlier chat; answering is tested in engine.test.ts.
    t.core.context.db
      .prepare(`INSERT INTO chat_message (session_id, role, text, status, created_at) VALUES (?, 'user', 'What did I do in June?', 'done', '2026-06-01T00:00:00Z')`)
      .run(session.id);
    fs.rmSync(file);
    const models = await t.call('chat.listModels', {});
    expect(models[0]?.isAvailable).toBe(false);
    const send = await failureOf(t.core, 'chat.sendMessage', { sessionId: session.id, text: 'hello' });
    expect(send.code).toBe('not_found');
    expect(send.message).toContain(file);
    expect(send.message).toContain('moved or deleted');

    expect(await t.call('chat.removeModel', { modelId: model.id })).toEqual({ removed: true });
    const kept = await t.call('chat.getSession', { sessionId: session.id });
    expect(kept).toMatchObject({ title: 'Old talk', modelId: null, modelName: 'Me, v1' });
    expect(kept.messages.map((m) => m.text)).toEqual(['What did I do in June?']);
    const exported = await t.call('chat.exportSession', { sessionId: session.id });
    expect(exported.markdown).toContain('What did I do in June?');
    const removed = await failureOf(t.core, 'chat.sendMessage', { sessionId: session.id, text: 'hello' });
    expect(removed.message).toContain('Me, v1');
    expect(removed.message).toContain('was removed');
  });

  it('exports a conversation as Markdown with the model, system prompt and both sides', async () => {
    const t = start();
    const model = await t.call('chat.addModel', { path: gemma, name: 'Gemma small' });
    const session = await t.call('chat.createSession', { modelId: model.id, title: 'A walk: by the sea', grounded: true });
    const insert = t.core.context.db.prepare(
      `INSERT INTO chat_message (session_id, role, text, status, model_name, citations, created_at) VALUES (?, ?, ?, 'done', ?, ?, '2026-01-01T00:00:00Z')`,
    );
    insert.run(session.id, 'user', 'Where did I walk?', null, '[]');
    insert.run(session.id, 'assistant', 'Along the harbour wall.', 'Gemma small', JSON.stringify([{ entryId: 4, title: 'Harbour', createdAt: '2025-03-02T10:00:00Z', excerpt: 'x' }]));
    const { fileName, markdown } = await t.call('chat.exportSession', { sessionId: session.id });
    expect(fileName).toBe('a-walk-by-the-sea.md');
    expect(markdown).toBe(
      [
        '# A walk: by the sea',
        '',
        '- Model: Gemma small',
        `- Started: ${session.createdAt}`,
        '- System prompt: You are me, writing in my voice.',
        '- Settings: max 512 tokens, temperature 0.7, grounded in my entries',
        '',
        '## Me',
        '',
        'Where did I walk?',
        '',
        '## Gemma small',
        '',
        'Along the harbour wall.',
        '',
        'Drawn from:',
        '- Harbour (2025-03-02)',
        '',
      ].join('\n'),
    );
  });

  it('refuses a missing file, a non-GGUF file and a truncated GGUF, naming the file', async () => {
    const t = start();
    const dir = tempDir('confidant-bad-');
    const missing = path.join(dir, 'nope.gguf');
    const notGguf = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notGguf, 'Dear diary, this is not a model.\n');
    const truncated = path.join(dir, 'cut.gguf');
    // The header survives, the weights do not: a download cut short.
    fs.writeFileSync(truncated, fs.readFileSync(gemma).subarray(0, 8 * 1024 * 1024));
    const cases = [
      { file: missing, code: 'not_found', says: 'No GGUF file' },
      { file: notGguf, code: 'invalid_input', says: 'not a GGUF file' },
      { file: truncated, code: 'invalid_input', says: 'truncated' },
    ];
    for (const c of cases) {
      const error = await failureOf(t.core, 'chat.addModel', { path: c.file });
      expect(error.code, c.file).toBe(c.code);
      expect(error.message).toContain(c.file);
      expect(error.message).toContain(c.says);
    }
    // After each refusal the app still works.
    const good = await t.call('chat.addModel', { path: gemma });
    expect(await t.call('chat.listModels', {})).toEqual([good]);
  });
});
