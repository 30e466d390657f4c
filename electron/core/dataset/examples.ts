/**
 * The two training styles of issue 5, built from one included, redacted entry:
 * - raw: the text itself, whole where it fits, split at paragraph boundaries into examples of at
 *   most N tokens (BOS and EOS included), so the model learns to write like the person;
 * - instruct: prompts built only from what the entry says about itself (date, title, tags),
 *   answered by the entry, plus continuation pairs ("Continue this entry: ..." -> the rest).
 */
import type { BaseModel, ChatMessage } from './base-model.ts';

export type StyleKind = 'raw' | 'instruct';

export interface EntryForDataset {
  id: number;
  stableKey: string;
  createdAt: string | null;
  title: string;
  tags: string[];
  /** The training view's text: redactions applied. */
  text: string;
}

export interface Example {
  kind: StyleKind;
  entryId: number;
  /** One line of the JSONL file as the trainer reads it. */
  line: { text: string } | { messages: ChatMessage[] };
  /** The same pair for the Alpaca export (instruct only). */
  alpaca?: { instruction: string; input: string; output: string };
  tokens: number;
}

export const CONTINUE_INSTRUCTION = 'Continue this entry:';

export function buildRawExamples(entry: EntryForDataset, base: BaseModel, maxTokens: number): Example[] {
  const overhead = base.countTokens(base.renderRaw(''));
  return chunkText(entry.text, maxTokens - overhead, base.countTokens).map((chunk) => ({
    kind: 'raw',
    entryId: entry.id,
    line: { text: chunk },
    tokens: base.countTokensAround(base.renderRaw(chunk), [{ text: chunk, tokens: base.countTokens(chunk) }]),
  }));
}

export function buildInstructExamples(entry: EntryForDataset, base: BaseModel, maxTokens: number): Example[] {
  const examples: Example[] = [];
  const pair = (instruction: string, input: string, output: string): void => {
    const user = input === '' ? instruction : `${instruction}\n\n${input}`;
    const messages: ChatMessage[] = [
      { role: 'user', content: user },
      { role: 'assistant', content: output },
    ];
    examples.push({
      kind: 'instruct',
      entryId: entry.id,
      line: { messages },
      alpaca: { instruction, input, output },
      // Only the text around the entry's own words is counted again.
      tokens: base.countTokensAround(base.renderChat(messages), [
        ...(input === '' ? [] : [{ text: input, tokens: base.countTokens(input) }]),
        { text: output, tokens: base.countTokens(output) },
      ]),
    });
  };

  const wholePrompt = describeEntry(entry, false);
  const overhead = promptOverhead(base, wholePrompt);
  // A little slack: the beginning-of prompt is a few tokens longer than the whole-entry one.
  const answerBudget = maxTokens - overhead - 8;
  const parts = chunkText(entry.text, answerBudget, base.countTokens);
  if (parts.length === 0) return examples;
  pair(parts.length === 1 ? wholePrompt : describeEntry(entry, true), '', parts[0]);

  // Continuation pairs: context and answer share one example, so each gets half the budget.
  const continueOverhead = promptOverhead(base, `${CONTINUE_INSTRUCTION}\n\n`);
  const halfBudget = Math.floor((maxTokens - continueOverhead) / 2) - 4;
  const halves = chunkText(entry.text, halfBudget, base.countTokens);
  if (halves.length >= 2) {
    for (let i = 0; i + 1 < halves.length; i += 1) pair(CONTINUE_INSTRUCTION, halves[i], halves[i + 1]);
  } else {
    const paragraphs = splitParagraphs(entry.text);
    if (paragraphs.length >= 2) {
      const cut = Math.ceil(paragraphs.length / 2);
      pair(CONTINUE_INSTRUCTION, paragraphs.slice(0, cut).join('\n\n'), paragraphs.slice(cut).join('\n\n'));
    }
  }
  return examples;
}

const overheads = new WeakMap<BaseModel, Map<string, number>>();

/** Tokens the template adds around an answer to `prompt`; many entries share a prompt (same tag, no title). */
function promptOverhead(base: BaseModel, prompt: string): number {
  let known = overheads.get(base);
  if (!known) {
    known = new Map();
    overheads.set(base, known);
  }
  let n = known.get(prompt);
  if (n === undefined) {
    n = base.countTokens(base.renderChat([{ role: 'user', content: prompt }, { role: 'assistant', content: '' }]));
    if (known.size < 10_000) known.set(prompt, n);
  }
  return n;
}

/** "Write my journal entry for Sunday 3 March 2024, titled 'Trip to Lisbon', tagged travel." */
export function describeEntry(entry: Pick<EntryForDataset, 'createdAt' | 'title' | 'tags'>, isBeginning: boolean): string {
  const what = isBeginning ? 'the beginning of my' : 'my';
  const date = formatDate(entry.createdAt);
  const title = entry.title.trim();
  // File-name titles that only repeat the date ("2024-03-03") say nothing new.
  const hasTitle = title !== '' && !/^\d{4}-\d{2}-\d{2}/.test(title);
  const tags = entry.tags.filter((t) => t.trim() !== '');
  const details: string[] = [];
  // An undated note (no date of its own) is asked for by its title, never by its file's mtime.
  if (hasTitle && date) details.push(`titled '${title}'`);
  if (tags.length > 0) details.push(`tagged ${tags.join(', ')}`);
  const head = date ? `Write ${what} journal entry for ${date}` : hasTitle ? `Write ${what} note titled '${title}'` : `Write ${what} note`;
  return details.length > 0 ? `${head}, ${details.join(', ')}.` : `${head}.`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The calendar date the entry was written on, as written (no time-zone shift of the stored date). */
export function formatDate(iso: string | null): string | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${WEEKDAYS[date.getUTCDay()]} ${day} ${MONTHS[month - 1]} ${year}`;
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Splits text into pieces of at most `budget` tokens: whole paragraphs where they fit, then
 * sentences, then words, so no example ever exceeds the limit and splits fall on natural breaks.
 */
export function chunkText(text: string, budget: number, count: (t: string) => number): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (budget < 1) return [];
  if (count(trimmed) <= budget) return [trimmed];
  const units = splitParagraphs(trimmed).flatMap((p) => (count(p) <= budget ? [p] : splitOversized(p, budget, count)));
  return packUnits(units, '\n\n', budget, count);
}

function splitOversized(paragraph: string, budget: number, count: (t: string) => number): string[] {
  const sentences = paragraph.match(/[^.!?\n]+(?:[.!?]+|$)\s*/g)?.map((s) => s.trim()).filter((s) => s !== '') ?? [paragraph];
  const units = sentences.flatMap((s) => (count(s) <= budget ? [s] : packUnits(s.split(/\s+/), ' ', budget, count, true)));
  return packUnits(units, ' ', budget, count);
}

function packUnits(units: readonly string[], joiner: string, budget: number, count: (t: string) => number, isWords = false): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const unit of units) {
    const candidate = current === '' ? unit : `${current}${joiner}${unit}`;
    if (count(candidate) <= budget) {
      current = candidate;
      continue;
    }
    if (current !== '') chunks.push(current);
    // A single word longer than the budget (a pasted hash, a URL) is cut by characters.
    current = isWords && count(unit) > budget ? cutByCharacters(unit, budget, count, chunks) : unit;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function cutByCharacters(word: string, budget: number, count: (t: string) => number, out: string[]): string {
  let rest = word;
  while (count(rest) > budget) {
    let size = Math.max(1, budget);
    while (size > 1 && count(rest.slice(0, size)) > budget) size = Math.floor(size / 2);
    out.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return rest;
}
