/**
 * Grounded answers: before the model answers, the person's own entries are searched (FTS5 over
 * entry_fts) and the best few go into the prompt. Entry text is read ONLY through
 * getTrainingView, so excluded entries and redacted spans never reach the model (design.md,
 * privacy promise 2); the FTS index is used for ranking alone.
 */
import type { Citation } from '../../api/calls/chat.ts';
import { entryDaySql, type Db } from '../db/index.ts';
import { getTrainingView } from '../privacy/training-view.ts';

export interface GroundingOptions {
  /** Entries put into the prompt; each costs up to `maxChars` of context. */
  limit?: number;
  /** Characters of each entry shown to the model; raising it costs context for the conversation. */
  maxChars?: number;
}

export interface Grounding {
  citations: Citation[];
  /** Text to append to the system prompt; empty when nothing matched. */
  promptBlock: string;
}

// Words too common to say anything about which entry is meant.
const STOP_WORDS = new Set(
  'a an and are as at be but by did do does for from had has have how i if in is it its me my of on or so that the their them then there they this to was we were what when where which who why will with you your about did'.split(' '),
);

/** An FTS5 query matching any of the question's meaningful words, each quoted so none is an operator. */
export function toGroundingQuery(question: string): string {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)))];
  return unique.slice(0, 24).map((w) => `"${w}"`).join(' OR ');
}

export function findGrounding(db: Db, question: string, options: GroundingOptions = {}): Grounding {
  const limit = options.limit ?? 3;
  const maxChars = options.maxChars ?? 700;
  const query = toGroundingQuery(question);
  if (query === '') return { citations: [], promptBlock: '' };
  // Ranked ids only; more candidates than needed because some may be excluded by the person.
  const candidates = db
    .prepare(
      // The day it was written where it was written; an undated note gets no date rather than its file's mtime.
      `SELECT e.id, e.title, ${entryDaySql('e')} AS created_at
       FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid
       WHERE entry_fts MATCH ? AND e.removed = 0 ORDER BY bm25(entry_fts) LIMIT ?`,
    )
    .all(query, limit * 8) as { id: number; title: string; created_at: string | null }[];
  const citations: Citation[] = [];
  for (const candidate of candidates) {
    const view = getTrainingView(db, candidate.id);
    if (!view.included || view.text.trim() === '') continue;
    const text = view.text.trim();
    const excerpt = text.length > maxChars ? `${text.slice(0, maxChars)}...` : text;
    citations.push({ entryId: candidate.id, title: candidate.title, createdAt: candidate.created_at, excerpt });
    if (citations.length >= limit) break;
  }
  if (citations.length === 0) return { citations, promptBlock: '' };
  const passages = citations
    .map((c, i) => `[${i + 1}]${c.createdAt ? ` (${c.createdAt.slice(0, 10)})` : ''}\n${c.excerpt}`)
    .join('\n\n');
  const promptBlock = `\n\nHere is what I wrote in my own journal that may help with the next answer:\n\n${passages}\n\nUse it only if it is relevant.`;
  return { citations, promptBlock };
}
