import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatEngine, type LoadedModel } from '../../../electron/core/chat/engine.ts';
import { readGgufMeta } from '../../../electron/core/models/gguf-meta.ts';
import { tinyGguf } from '../models/tiny-gguf-fixture.ts';
import type { TinyGgufManifest } from '../../../scripts/make-tiny-gguf.ts';

const python = path.resolve(import.meta.dirname, '../../../.venv/bin/python');
const system = 'You are me, writing in my voice.';
const turns = [
  { role: 'user' as const, text: 'How was the walk?' },
  { role: 'assistant' as const, text: 'Windy, but the sea was calm.' },
  { role: 'user' as const, text: 'And after?' },
];

let tiny: TinyGgufManifest;
let engine: ChatEngine;
let loaded: LoadedModel;

beforeAll(async () => {
  tiny = await tinyGguf();
  engine = new ChatEngine({ gpu: 'cpu', threads: 1, maxContextSize: 512 });
  // Base GGUF plus the GGUF LoRA adapter: the shape a fine-tune arrives in before merging.
  loaded = await engine.load({ modelId: 1, name: 'tiny + lora', path: tiny.q4km, adapterPath: tiny.lora });
}, 600_000);

afterAll(async () => {
  await engine.dispose();
});

describe('chat template: one truth end to end (design.md)', () => {
  it("uses the template the GGUF carries, which is the training tokenizer's own", async () => {
    const meta = await readGgufMeta(tiny.q4km);
    const trained = fs.readFileSync(path.join(tiny.hfDir, 'chat_template.jinja'), 'utf8').trim();
    expect(meta.chatTemplate?.trim()).toBe(trained);
    expect(loaded.info.templateSource).toBe("the GGUF's own chat template");
  });

  it('feeds the model exactly the token ids the trainer formats the same conversation into', () => {
    const messages = [{ role: 'system', content: system }, ...turns.map((t) => ({ role: t.role, content: t.text }))];
    // The trainer formats with the HF tokenizer's apply_chat_template (trainer/confidant_trainer/data.py).
    const script = `import json,sys
from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained(sys.argv[1])
msgs = json.loads(sys.argv[2])
text = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
ids = tok(text, add_special_tokens=False)["input_ids"]
print(json.dumps({"text": text, "ids": ids}))`;
    const fromTrainer = JSON.parse(execFileSync(python, ['-c', script, tiny.hfDir, JSON.stringify(messages)], { encoding: 'utf8' })) as { text: string; ids: number[] };
    expect(fromTrainer.text).toBe('<s>[INST] You are me, writing in my voice.\n\nHow was the walk? [/INST] Windy, but the sea was calm.</s>[INST] And after? [/INST]');
    expect(loaded.promptTokens(system, turns)).toEqual(fromTrainer.ids);
  }, 120_000);

  it('answers with the adapter applied and stops within the limit', async () => {
    const controller = new AbortController();
    let streamed = '';
    const result = await loaded.generate({ systemPrompt: system, turns, maxTokens: 8, temperature: 0, signal: controller.signal, onText: (t) => (streamed += t) });
    expect(['eos', 'maxTokens']).toContain(result.stopReason);
    expect(result.tokenCount).toBeLessThanOrEqual(8);
    expect(streamed).toBe(result.text);
  }, 120_000);
});
