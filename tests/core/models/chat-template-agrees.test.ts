import { getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tokenizeChat, type ChatTurn } from '../../../electron/core/models/chat-template.ts';
import { readGgufMeta } from '../../../electron/core/models/gguf-meta.ts';
import { runPython, type TinyGgufManifest } from '../../../scripts/make-tiny-gguf.ts';
import { tinyGguf } from './tiny-gguf-fixture.ts';

/**
 * One chat template end to end (design.md, issue 7): the ids the trainer trains on — transformers'
 * `apply_chat_template` with the model's tokenizer — equal the ids the app feeds the exported GGUF,
 * made from the template and tokenizer the GGUF itself carries.
 */

interface Case {
  name: string;
  messages: ChatTurn[];
  addGenerationPrompt: boolean;
}

const cases: Case[] = [
  {
    name: 'a system message and one question (a chat prompt)',
    messages: [
      { role: 'system', content: 'You are Ana. Answer the way Ana writes in her journal.' },
      { role: 'user', content: 'How was Lisbon?' },
    ],
    addGenerationPrompt: true,
  },
  {
    name: 'several turns ending with the person (a later chat prompt)',
    messages: [
      { role: 'system', content: 'You are Ana.' },
      { role: 'user', content: 'How was Lisbon?' },
      { role: 'assistant', content: 'Sunny, loud, and the trams squeal on every hill.' },
      { role: 'user', content: 'And the food?\nTell me about the pastries.' },
    ],
    addGenerationPrompt: true,
  },
  {
    // A training example: ends with the answer and its EOS, which teaches the model where to stop.
    name: 'a whole training example ending with the answer',
    messages: [
      { role: 'user', content: 'What did you do on Sunday?' },
      { role: 'assistant', content: 'Walked along the river, then wrote three pages.' },
      { role: 'user', content: 'Why three?' },
      { role: 'assistant', content: "Because 3 is the number I manage before the coffee's cold — 10:30 at the latest." },
    ],
    addGenerationPrompt: false,
  },
];

const TrainerIds = z.object({ eos: z.number().int(), ids: z.array(z.array(z.number().int())) });

async function trainerIds(hfDir: string): Promise<z.infer<typeof TrainerIds>> {
  const script = [
    'import json, sys',
    'from transformers import AutoTokenizer',
    'tok = AutoTokenizer.from_pretrained(sys.argv[1], local_files_only=True)',
    'cases = json.loads(sys.argv[2])',
    'ids = [list(tok.apply_chat_template(c["messages"], tokenize=True, add_generation_prompt=c["addGenerationPrompt"], return_dict=True)["input_ids"]) for c in cases]',
    'print(json.dumps({"eos": tok.eos_token_id, "ids": ids}))',
  ].join('\n');
  const out = await runPython(['-c', script, hfDir, JSON.stringify(cases)]);
  return TrainerIds.parse(JSON.parse(out.trim().split('\n').at(-1) ?? ''));
}

describe('chat template agreement between trainer and GGUF', () => {
  let fixture: TinyGgufManifest;
  let llama: Llama;
  let model: LlamaModel;
  let trainer: z.infer<typeof TrainerIds>;

  beforeAll(async () => {
    fixture = await tinyGguf();
    trainer = await trainerIds(fixture.hfDir);
    llama = await getLlama({ gpu: false });
    model = await llama.loadModel({ modelPath: fixture.f16 });
  }, 600_000);

  afterAll(async () => {
    await model?.dispose();
    await llama?.dispose();
  });

  it.each(cases.map((c, index) => [c.name, index] as const))('gives the trainer its own token ids for %s', (_name, index) => {
    const c = cases[index]!;
    const ours = tokenizeChat(model, c.messages, { addGenerationPrompt: c.addGenerationPrompt });
    expect(ours).toEqual(trainer.ids[index]);
  });

  it('ends a training example with the EOS id that chat stops on', () => {
    const lastIds = trainer.ids[2]!;
    expect(lastIds.at(-1)).toBe(trainer.eos);
    expect(model.tokens.eos).toBe(trainer.eos);
  });

  it('carries the same EOS and template in the quantised GGUF as in the f16 one', async () => {
    const [f16, q4] = await Promise.all([readGgufMeta(fixture.f16), readGgufMeta(fixture.q4km)]);
    expect(q4.chatTemplate).toBe(f16.chatTemplate);
    expect(q4.eosTokenId).toBe(trainer.eos);
  });
});
