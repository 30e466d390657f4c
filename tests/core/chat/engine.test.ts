import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel, ChatSession } from '../../../electron/api/calls/chat.ts';
import type { AppEvent } from '../../../electron/api/index.ts';
import { ChatEngine } from '../../../electron/core/chat/engine.ts';
import { chatService } from '../../../electron/core/chat/service.ts';
import { gemmaPath, openTestCore, useTestChatEnv, type TestCore } from './chat-fixtures.ts';

// One core and one loaded model for the file: loading is the slow part on a shared CPU.
let t: TestCore;
let model: ChatModel;

beforeAll(async () => {
  useTestChatEnv();
  t = openTestCore();
  model = await t.call('chat.addModel', { path: gemmaPath() });
}, 120_000);

afterAll(async () => {
  await t.core.close();
});

async function newSession(settings: { maxTokens?: number; temperature?: number } = {}, systemPrompt?: string): Promise<ChatSession> {
  return t.call('chat.createSession', { modelId: model.id, settings: { temperature: 0, ...settings }, ...(systemPrompt ? { systemPrompt } : {}) });
}

function tokensOf(messageId: number): string[] {
  return t.events.flatMap((e: AppEvent) => (e.name === 'chat.token' && e.payload.messageId === messageId ? [e.payload.text] : []));
}

describe('chat engine on the real Gemma 3 270M GGUF (CPU)', () => {
  it('says which backend, layers, context and template it chose', async () => {
    const info = await t.call('chat.loadModel', { modelId: model.id });
    expect(info).toMatchObject({ backend: 'cpu', gpuLayers: 0, contextSize: 1024, threads: 1 });
    // 18 transformer blocks plus the output layer, as llama.cpp counts offloadable layers.
    expect(info.totalLayers).toBe(19);
    // This GGUF carries no tokenizer.chat_template, so the architecture's format is used and said so.
    expect(info.templateSource).toContain('no template in the GGUF');
    expect(info.summary).toContain('Loaded gemma-3-270m-q4_k_m on cpu');
    const notice = t.events.find((e) => e.name === 'chat.notice' && e.payload.message === info.summary);
    expect(notice).toBeDefined();
  }, 120_000);

  it('streams an answer as chat.token events and saves it when done', async () => {
    const session = await newSession({ maxTokens: 48 });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Name three colours of the sea.' });
    const done = await t.waitDone(sent.replyMessageId);
    expect(done.status).toBe('done');
    expect(['eos', 'maxTokens']).toContain(done.stopReason);
    const streamed = tokensOf(sent.replyMessageId);
    expect(streamed.length).toBeGreaterThan(1);
    expect(streamed.join('').trim()).toBe(done.text.trim());
    expect(done.text.trim().length).toBeGreaterThan(0);
    const saved = await t.call('chat.getSession', { sessionId: session.id });
    expect(saved.title).toBe('Name three colours of the sea.');
    expect(saved.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'done'],
      ['assistant', 'done'],
    ]);
    expect(saved.messages[1]).toMatchObject({ text: done.text, modelName: 'gemma-3-270m-q4_k_m', tokenCount: done.tokenCount });
  }, 180_000);

  it('stops at the hard token limit when the model would go on', async () => {
    const session = await newSession({ maxTokens: 6 });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Write a long story about a lighthouse keeper, at least ten paragraphs.' });
    const done = await t.waitDone(sent.replyMessageId);
    expect(done).toMatchObject({ status: 'done', stopReason: 'maxTokens' });
    expect(done.tokenCount).toBeLessThanOrEqual(6);
  }, 180_000);

  it('stops a generation at once when asked, keeping what was written', async () => {
    const session = await newSession({ maxTokens: 400 });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Write a very long story about a lighthouse keeper.' });
    await new Promise<void>((resolve) => {
      const off = t.core.subscribe((e) => {
        if (e.name === 'chat.token' && e.payload.messageId === sent.replyMessageId) {
          off();
          resolve();
        }
      });
    });
    expect(await t.call('chat.stop', { sessionId: session.id })).toEqual({ stopped: true });
    const done = await t.waitDone(sent.replyMessageId);
    expect(done.status).toBe('stopped');
    expect(done.tokenCount).toBeLessThan(400);
    const saved = await t.call('chat.getSession', { sessionId: session.id });
    expect(saved.messages[1]).toMatchObject({ status: 'stopped', stopReason: 'stopped', text: done.text });
    // Nothing runs now, so there is nothing to stop.
    expect(await t.call('chat.stop', { sessionId: session.id })).toEqual({ stopped: false });
  }, 180_000);

  it('queues a message sent while an answer runs, and answers it after, with the first answer in its history', async () => {
    const session = await newSession({ maxTokens: 12 });
    const first = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Say hello.' });
    const second = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Now say goodbye.' });
    expect(first.queued).toBe(false);
    expect(second.queued).toBe(true);
    const [a, b] = await Promise.all([t.waitDone(first.replyMessageId), t.waitDone(second.replyMessageId)]);
    expect(a.status).toBe('done');
    expect(b.status).toBe('done');
    const order = t.events.flatMap((e) => (e.name === 'chat.done' && [first.replyMessageId, second.replyMessageId].includes(e.payload.messageId) ? [e.payload.messageId] : []));
    expect(order).toEqual([first.replyMessageId, second.replyMessageId]);
    const saved = await t.call('chat.getSession', { sessionId: session.id });
    expect(saved.messages.map((m) => m.text)).toEqual(['Say hello.', a.text, 'Now say goodbye.', b.text]);
  }, 240_000);

  it('trims a prompt longer than the context with a notice, and keeps working', async () => {
    const session = await newSession({ maxTokens: 8 });
    const long = Array.from({ length: 1500 }, (_, i) => `word${i % 97}`).join(' ');
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: `${long}\nWhat was the last word?` });
    const done = await t.waitDone(sent.replyMessageId);
    expect(done.status).toBe('done');
    const saved = await t.call('chat.getSession', { sessionId: session.id });
    expect(saved.messages[1]?.notices.join('\n')).toMatch(/Your message was longer than the model's context: only its last \d+ of \d+ tokens were used/);
    const notice = t.events.find((e) => e.name === 'chat.notice' && e.payload.messageId === sent.replyMessageId && e.payload.level === 'warning');
    expect(notice).toBeDefined();
    const next = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Thanks.' });
    expect((await t.waitDone(next.replyMessageId)).status).toBe('done');
    const after = await t.call('chat.getSession', { sessionId: session.id });
    // The huge first turn no longer fits beside the new one, so it is dropped and that is said.
    expect(after.messages[3]?.notices.join('\n')).toMatch(/the oldest \d+ messages? (was|were) left out/);
  }, 240_000);

  it('refuses a model too large for the free memory with a clear message, and chat goes on', async () => {
    const engine = new ChatEngine({ gpu: 'cpu', threads: 1, freeMemoryBytes: () => 64 * 1024 * 1024 });
    try {
      await expect(engine.load({ modelId: model.id, name: 'Big one', path: model.path, adapterPath: null })).rejects.toMatchObject({
        code: 'unsupported',
        message: expect.stringMatching(/Big one needs about 0\.2 GiB of memory for its weights, but only 0\.1 GiB is free/),
      });
    } finally {
      await engine.dispose();
    }
    const session = await newSession({ maxTokens: 4 });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Hi' });
    expect((await t.waitDone(sent.replyMessageId)).status).toBe('done');
  }, 180_000);

  it('frees every loaded model on request and loads again on the next message', async () => {
    await chatService(t.core.context).idle();
    expect((await t.call('chat.unloadModels', {})).unloaded).toBe(1);
    const session = await newSession({ maxTokens: 4 });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'Hi again' });
    expect((await t.waitDone(sent.replyMessageId)).status).toBe('done');
  }, 180_000);
});
