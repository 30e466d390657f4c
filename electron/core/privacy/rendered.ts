import type { Db } from '../db/index.ts';
import { describeEntry } from '../dataset/examples.ts';
import { toMarkedSegments, type MarkedSegment } from './marks.ts';
import { requireEntry } from './store.ts';
import { getTrainingViews } from './training-view.ts';

export interface RenderedExample {
  entryId: number;
  included: boolean;
  reason: string;
  /** The instruct prompt built from the entry's date, title and tags, as the dataset writes it. */
  prompt: MarkedSegment[];
  /** The answer: the entry's text as trained on. */
  answer: MarkedSegment[];
  redactions: number;
  toReview: number;
}

/**
 * The whole training example of one entry with every redaction marked, so a person sees what
 * the model will read, prompt included ("...titled 'Clara Holm', tagged friends"). Findings still
 * to review are shown as they would be if the person chose "redact them all".
 */
export function renderExample(db: Db, entryId: number): RenderedExample {
  const entry = requireEntry(db, entryId);
  const [view] = getTrainingViews(db, [entryId], { marked: true });
  if (!view || !view.included) {
    return { entryId, included: false, reason: view?.verdict.reason ?? '', prompt: [], answer: [], redactions: 0, toReview: 0 };
  }
  return {
    entryId,
    included: true,
    reason: view.verdict.reason,
    prompt: toMarkedSegments(describeEntry({ createdAt: entry.day, title: view.title, tags: view.tags }, false)),
    answer: toMarkedSegments(view.text.trim()),
    redactions: view.redactions,
    toReview: view.toReview,
  };
}

export function plainText(segments: readonly MarkedSegment[]): string {
  return segments.map((s) => s.text).join('');
}
