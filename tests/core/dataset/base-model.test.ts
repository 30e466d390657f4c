import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { loadBaseModel, resolveBaseDir } from '../../../electron/core/dataset/index.ts';
import { dataPaths } from '../../../electron/core/paths.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { prose, tinyMistralDir } from './fixtures.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

// Odd cases on purpose: double spaces, leading/trailing spaces, newlines before and after spaces,
// accents, emoji (byte fallback), digits, a long run without spaces.
const TEXTS = [
  'Hello world.\n\nSecond  para with  double spaces and émoji 🎉 and tabs\there.',
  '  leading spaces',
  'trailing  ',
  'a\n b \n\n  c',
  'Dear diary, on 3 March 2024 I paid €12.50 at café Lumière — https://example.org/a/b?c=d',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  prose(7, 400),
];

function sentencePieceCounts(texts: string[]): number[] {
  const script = [
    'import json, sys, sentencepiece as spm',
    `sp = spm.SentencePieceProcessor(model_file=${JSON.stringify(path.join(repo, '.cache/mistral-tokenizer/tokenizer.model'))})`,
    'print(json.dumps([len(sp.encode(t)) for t in json.load(sys.stdin)]))',
  ].join('\n');
  const out = execFileSync(path.join(repo, '.venv/bin/python'), ['-c', script], { input: JSON.stringify(texts) });
  return JSON.parse(out.toString()) as number[];
}

describe('base model tokenizer and template', () => {
  it('counts tokens exactly as the real Mistral SentencePiece model does', () => {
    const base = loadBaseModel(dataPaths(tempDir()), tinyMistralDir());
    expect(TEXTS.map((t) => base.countTokens(t))).toEqual(sentencePieceCounts(TEXTS));
  });

  it('counts special tokens in rendered text as one token each', () => {
    const base = loadBaseModel(dataPaths(tempDir()), tinyMistralDir());
    expect(base.countTokens('<s>')).toBe(1);
    expect(base.countTokens(base.renderRaw('Hello')) - base.countTokens('Hello')).toBe(2);
  });

  it('renders messages with the base model\'s own Mistral Instruct template', () => {
    const base = loadBaseModel(dataPaths(tempDir()), tinyMistralDir());
    const rendered = base.renderChat([
      { role: 'user', content: 'Write my journal entry for Sunday 3 March 2024.' },
      { role: 'assistant', content: 'It rained.' },
    ]);
    expect(rendered).toBe('<s>[INST] Write my journal entry for Sunday 3 March 2024. [/INST] It rained.</s>');
  });

  it('counts a rendered example from its parts exactly as counting it whole', () => {
    const base = loadBaseModel(dataPaths(tempDir()), tinyMistralDir());
    // Odd edges on purpose: parts with leading/trailing spaces, one-word parts, a part repeated in the prompt.
    const cases: [string, string][] = [
      [prose(1, 40), prose(2, 300)],
      ['  indented start', 'trailing spaces  '],
      ['single', 'word'],
      ['Tuesday', 'Tuesday was rainy. Tuesday again.'],
      ['a\n b', ' \n\n  c d'],
    ];
    for (const [input, output] of cases) {
      const messages = [
        { role: 'user' as const, content: `Continue this entry:\n\n${input}` },
        { role: 'assistant' as const, content: output },
      ];
      const rendered = base.renderChat(messages);
      const parts = [input, output].map((text) => ({ text, tokens: base.countTokens(text) }));
      expect(base.countTokensAround(rendered, parts)).toBe(base.countTokens(rendered));
      const raw = base.renderRaw(output);
      expect(base.countTokensAround(raw, [parts[1]])).toBe(base.countTokens(raw));
    }
  });

  it('renders through the filled-in template skeleton exactly what the full template renders', () => {
    const base = loadBaseModel(dataPaths(tempDir()), tinyMistralDir());
    const template = new Template(fs.readFileSync(path.join(tinyMistralDir(), 'chat_template.jinja'), 'utf8'));
    const conversations = [
      [{ role: 'user' as const, content: 'First {{ not a tag }}' }, { role: 'assistant' as const, content: 'Answer with $1 and \\1' }],
      [{ role: 'user' as const, content: 'Second' }, { role: 'assistant' as const, content: prose(3, 50) }],
      [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hi' }, { role: 'assistant' as const, content: 'Hello.' }],
    ];
    for (const messages of conversations) {
      expect(base.renderChat(messages)).toBe(template.render({ messages, bos_token: '<s>', eos_token: '</s>', add_generation_prompt: false }));
    }
  });

  it('resolves a registered name under models/bases and refuses a base without a tokenizer, naming where it looked', () => {
    const paths = dataPaths(tempDir());
    const registered = path.join(paths.models, 'bases', 'my-base');
    fs.mkdirSync(registered, { recursive: true });
    for (const f of fs.readdirSync(tinyMistralDir())) {
      if (/^(tokenizer|chat_template)/.test(f)) fs.copyFileSync(path.join(tinyMistralDir(), f), path.join(registered, f));
    }
    expect(resolveBaseDir(paths, 'my-base')).toBe(registered);

    const attempt = (): unknown => loadBaseModel(paths, 'mistral-nowhere');
    expect(attempt).toThrow(ConfidantError);
    expect(attempt).toThrow(/No tokenizer found for base model "mistral-nowhere".*models\/bases\/mistral-nowhere\/tokenizer\.json/);
  });

  it('says what to do when a base folder holds only a SentencePiece tokenizer.model', () => {
    tinyMistralDir(); // also caches Mistral's tokenizer.model
    const dir = tempDir();
    fs.copyFileSync(path.join(repo, '.cache/mistral-tokenizer/tokenizer.model'), path.join(dir, 'tokenizer.model'));
    expect(() => loadBaseModel(dataPaths(tempDir()), dir)).toThrow(/only a SentencePiece tokenizer\.model.*save_pretrained/);
  });
});
