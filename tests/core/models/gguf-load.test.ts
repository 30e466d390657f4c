import { getLlama, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizeChat } from '../../../electron/core/models/chat-template.ts';
import { readGgufMeta } from '../../../electron/core/models/gguf-meta.ts';
import type { TinyGgufManifest } from '../../../scripts/make-tiny-gguf.ts';
import { tinyGguf } from './tiny-gguf-fixture.ts';

/**
 * The exported files are usable where it matters: node-llama-cpp on the CPU, as the chat screen runs them.
 * Generation is a few tokens on a 4M-parameter model, but the timeouts allow for a CPU shared with
 * other work.
 */

const PROMPT = [{ role: 'user', content: 'Write one line about the rain.' }] as const;

async function greedyTokens(model: LlamaModel, count: number, lora?: string): Promise<Token[]> {
  const context = await model.createContext({ contextSize: 256, ...(lora ? { lora } : {}) });
  try {
    const sequence = context.getSequence();
    const produced: Token[] = [];
    // Raw evaluation, not a chat session: a random model may emit EOS at once, and this must still count.
    for await (const token of sequence.evaluate(tokenizeChat(model, PROMPT, { addGenerationPrompt: true }), { temperature: 0 })) {
      produced.push(token);
      if (produced.length >= count) break;
    }
    return produced;
  } finally {
    await context.dispose();
  }
}

describe('exported GGUFs in node-llama-cpp', () => {
  let fixture: TinyGgufManifest;
  let llama: Llama;

  beforeAll(async () => {
    fixture = await tinyGguf();
    llama = await getLlama({ gpu: false });
  }, 600_000);

  afterAll(async () => {
    await llama?.dispose();
  });

  it.each([
    ['f16', 'MOSTLY_F16'],
    ['q4km', 'MOSTLY_Q4_K_M'],
  ] as const)('loads the %s file and generates tokens on the CPU', async (which, fileType) => {
    const file = fixture[which];
    const meta = await readGgufMeta(file);
    expect(meta.fileType).toBe(fileType);
    const model = await llama.loadModel({ modelPath: file });
    try {
      const tokens = await greedyTokens(model, 4);
      expect(tokens).toHaveLength(4);
      for (const token of tokens) expect(token).toBeLessThan(32000);
    } finally {
      await model.dispose();
    }
  }, 300_000);

  it('makes Q4_K_M well under half the size of f16', async () => {
    const [f16, q4] = await Promise.all([readGgufMeta(fixture.f16), readGgufMeta(fixture.q4km)]);
    expect(q4.bytes).toBeLessThan(f16.bytes * 0.45);
  });

  it('loads the GGUF LoRA on top of the base GGUF and it changes what the model says', async () => {
    const meta = await readGgufMeta(fixture.lora);
    expect(meta.type).toBe('adapter');
    expect(meta.architecture).toBe('llama');
    const model = await llama.loadModel({ modelPath: fixture.f16 });
    try {
      const base = await greedyTokens(model, 4);
      const adapted = await greedyTokens(model, 4, fixture.lora);
      expect(adapted).toHaveLength(4);
      expect(adapted).not.toEqual(base);
      // Same weights, same adapter, greedy: the adapter's effect is deterministic, not noise.
      expect(await greedyTokens(model, 4, fixture.lora)).toEqual(adapted);
    } finally {
      await model.dispose();
    }
  }, 300_000);
});
