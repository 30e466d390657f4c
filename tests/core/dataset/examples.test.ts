import { describe, expect, it } from 'vitest';
import { buildInstructExamples, buildRawExamples, describeEntry, loadBaseModel, type EntryForDataset } from '../../../electron/core/dataset/index.ts';
import { dataPaths } from '../../../electron/core/paths.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { prose, tinyMistralDir } from './fixtures.ts';

function entry(text: string, extra: Partial<EntryForDataset> = {}): EntryForDataset {
  return { id: 1, stableKey: 'k', createdAt: '2024-03-03T09:00:00Z', title: 'Trip to Lisbon', tags: ['travel'], text, ...extra };
}

describe('dataset styles', () => {
  const base = () => loadBaseModel(dataPaths(tempDir()), tinyMistralDir());

  it('keeps an entry that fits as one raw example, BOS and EOS counted', () => {
    const text = prose(1, 200);
    const [only, ...rest] = buildRawExamples(entry(text), base(), 2048);
    expect(rest).toEqual([]);
    expect(only.line).toEqual({ text });
    expect(only.tokens).toBe(base().countTokens(`<s>${text}</s>`));
  });

  it('splits a long entry at paragraph boundaries into raw examples of at most N tokens, losing no paragraph', () => {
    const text = prose(2, 1500, 50);
    const examples = buildRawExamples(entry(text), base(), 256);
    expect(examples.length).toBeGreaterThan(4);
    for (const e of examples) expect(e.tokens).toBeLessThanOrEqual(256);
    const texts = examples.map((e) => ('text' in e.line ? e.line.text : ''));
    expect(texts.join('\n\n')).toBe(text);
  });

  it('splits a single paragraph longer than N at sentences, never past the limit', () => {
    const text = prose(3, 900, 10_000);
    const examples = buildRawExamples(entry(text), base(), 128);
    for (const e of examples) expect(e.tokens).toBeLessThanOrEqual(128);
    const joined = examples.map((e) => ('text' in e.line ? e.line.text : '')).join(' ');
    expect(joined.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('builds prompts from what the entry says about itself', () => {
    expect(describeEntry({ createdAt: '2024-03-03', title: 'Trip to Lisbon', tags: ['travel'] }, false)).toBe(
      "Write my journal entry for Sunday 3 March 2024, titled 'Trip to Lisbon', tagged travel.",
    );
    // A file-name title that only repeats the date adds nothing.
    expect(describeEntry({ createdAt: '2024-02-29', title: '2024-02-29', tags: [] }, false)).toBe('Write my journal entry for Thursday 29 February 2024.');
    expect(describeEntry({ createdAt: null, title: 'Recipes', tags: ['food', 'home'] }, false)).toBe("Write my note titled 'Recipes', tagged food, home.");
    expect(describeEntry({ createdAt: 'not a date', title: '', tags: [] }, true)).toBe('Write the beginning of my note.');
  });

  it('answers the descriptive prompt with the entry and adds a continuation pair, as messages and Alpaca rows', () => {
    const text = `${prose(4, 120)}\n\n${prose(5, 120)}`;
    const examples = buildInstructExamples(entry(text), base(), 2048);
    expect(examples.map((e) => e.line)).toEqual([
      { messages: [{ role: 'user', content: "Write my journal entry for Sunday 3 March 2024, titled 'Trip to Lisbon', tagged travel." }, { role: 'assistant', content: text }] },
      { messages: [{ role: 'user', content: `Continue this entry:\n\n${prose(4, 120)}` }, { role: 'assistant', content: prose(5, 120) }] },
    ]);
    expect(examples[1].alpaca).toEqual({ instruction: 'Continue this entry:', input: prose(4, 120), output: prose(5, 120) });
    const rendered = base().renderChat('messages' in examples[0].line ? examples[0].line.messages : []);
    expect(rendered.startsWith("<s>[INST] Write my journal entry for Sunday 3 March 2024, titled 'Trip to Lisbon', tagged travel. [/INST] ")).toBe(true);
    expect(examples[0].tokens).toBe(base().countTokens(rendered));
  });

  it('keeps every instruct example of a long entry within N tokens as rendered by the template', () => {
    const examples = buildInstructExamples(entry(prose(6, 2000, 40)), base(), 512);
    expect(examples.length).toBeGreaterThan(3);
    expect(examples[0].alpaca?.instruction).toMatch(/^Write the beginning of my journal entry/);
    for (const e of examples) expect(e.tokens).toBeLessThanOrEqual(512);
  });
});
