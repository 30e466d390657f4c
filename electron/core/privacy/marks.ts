import type { FindingKind } from './kinds.ts';

/**
 * Marked redactions for previews: the redacted text with each stand-in wrapped in private-use
 * characters, so it can pass through the prompt template unchanged and be cut into segments
 * afterwards. Training text is never marked; only previews use this.
 */
const OPEN = '\uE000';
const MID = '\uE001';
const CLOSE = '\uE002';
const MARK = /\uE000(redacted|review):([a-z]+)\uE001([^\uE002]*)\uE002/g;

export type MarkState = 'redacted' | 'review';

export interface MarkedSegment {
  text: string;
  /** Set on a stand-in: the kind it replaced, and whether it waits for the person's review. */
  kind?: FindingKind;
  state?: MarkState;
}

export function wrapMark(kind: FindingKind, state: MarkState, text: string): string {
  return `${OPEN}${state}:${kind}${MID}${text}${CLOSE}`;
}

/** Replaces (one for one, so offsets hold) characters that would read as marks: an entry cannot fake one. */
export function unmarkable(text: string): string {
  return text.replace(/[\uE000-\uE002]/g, '\uFFFD');
}

export function toMarkedSegments(marked: string): MarkedSegment[] {
  const out: MarkedSegment[] = [];
  let cursor = 0;
  for (const m of marked.matchAll(MARK)) {
    if (m.index > cursor) out.push({ text: marked.slice(cursor, m.index) });
    out.push({ text: m[3] ?? '', kind: m[2] as FindingKind, state: m[1] as MarkState });
    cursor = m.index + m[0].length;
  }
  if (cursor < marked.length) out.push({ text: marked.slice(cursor) });
  return out;
}
