import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/index.ts';
import { findGrounding, toGroundingQuery } from '../../../electron/core/chat/grounded.ts';
import { gemmaPath, openTestCore, useTestChatEnv, type TestCore } from './chat-fixtures.ts';

let t: TestCore;

/** Synthetic journal entries, written straight into the library tables as the indexer would. */
function insertEntries(db: Db, entries: { key: string; title: string; createdAt: string; text: string }[]): number[] {
  const source = db.prepare(`INSERT INTO source (path, name, added_at) VALUES ('/home/me/journal', 'journal', '2026-01-01T00:00:00Z')`).run();
  const insert = db.prepare(
    `INSERT INTO entry (source_id, key, format, title, created_at, text, text_hash, updated_at) VALUES (?, ?, 'markdown', ?, ?, ?, ?, '2026-01-01T00:00:00Z')`,
  );
  return entries.map((e) => Number(insert.run(source.lastInsertRowid, e.key, e.title, e.createdAt, e.text, `hash-${e.key}`).lastInsertRowid));
}

let ids: number[];

beforeAll(async () => {
  useTestChatEnv();
  t = openTestCore();
  ids = insertEntries(t.core.context.db, [
    { key: 'a.md', title: 'Harbour walk', createdAt: '2025-03-02T09:00:00Z', text: 'Walked along the harbour wall with Marguerite. The lighthouse was freshly painted red.' },
    { key: 'b.md', title: 'Secret lighthouse', createdAt: '2025-04-01T09:00:00Z', text: 'The lighthouse keeper told me the code to the door is 4471.' },
    { key: 'c.md', title: 'Baking', createdAt: '2025-05-01T09:00:00Z', text: 'Made sourdough bread; the crust burned a little.' },
  ]);
  // The person excluded the second entry and always redacts the friend's name.
  await t.call('privacy.setEntryDecision', { entryIds: [ids[1]], decision: 'exclude' });
  await t.call('privacy.addRule', { type: 'redact_word', value: 'Marguerite' });
}, 120_000);

afterAll(async () => {
  await t.core.close();
});

describe('grounded answers', () => {
  it('turns a question into an OR of its meaningful words, each quoted so none is an FTS operator', () => {
    expect(toGroundingQuery('What did I see at the lighthouse AND NEAR harbour?')).toBe('"see" OR "lighthouse" OR "near" OR "harbour"');
    expect(toGroundingQuery('?? the a')).toBe('');
  });

  it('cites only included entries, with redactions applied to what the model sees', () => {
    const grounding = findGrounding(t.core.context.db, 'Tell me about the lighthouse');
    expect(grounding.citations.map((c) => c.entryId)).toEqual([ids[0]]);
    expect(grounding.citations[0]).toMatchObject({ title: 'Harbour walk', createdAt: '2025-03-02' });
    expect(grounding.promptBlock).toContain('The lighthouse was freshly painted red.');
    expect(grounding.promptBlock).toContain('(2025-03-02)');
    // The excluded entry and the redacted name never reach the prompt.
    for (const text of [grounding.promptBlock, grounding.citations[0]?.excerpt ?? '']) {
      expect(text).not.toContain('4471');
      expect(text).not.toContain('Marguerite');
    }
  });

  it('adds nothing when no entry matches', () => {
    expect(findGrounding(t.core.context.db, 'quantum chromodynamics')).toEqual({ citations: [], promptBlock: '' });
  });

  it('saves the cited entries with a grounded answer from the real model', async () => {
    const model = await t.call('chat.addModel', { path: gemmaPath() });
    const session = await t.call('chat.createSession', { modelId: model.id, grounded: true, settings: { maxTokens: 8, temperature: 0 } });
    const sent = await t.call('chat.sendMessage', { sessionId: session.id, text: 'What colour was the lighthouse?' });
    const done = await t.waitDone(sent.replyMessageId);
    expect(done.status).toBe('done');
    const saved = await t.call('chat.getSession', { sessionId: session.id });
    expect(saved.messages[1]?.citations.map((c) => [c.entryId, c.title])).toEqual([[ids[0], 'Harbour walk']]);
    const { markdown } = await t.call('chat.exportSession', { sessionId: session.id });
    expect(markdown).toContain('Drawn from:\n- Harbour walk (2025-03-02)');
  }, 180_000);
});
