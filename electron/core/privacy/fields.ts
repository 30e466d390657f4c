import type { EntryRow } from './store.ts';

/**
 * Everything of an entry that can reach training text or a dataset file: its text, and the
 * title, tags and path that prompt templates and file names carry. Each is scanned with the same
 * detectors and redacted with the same decisions as the text; finding offsets index into the field.
 */
export const FINDING_FIELDS = ['text', 'title', 'tags', 'path'] as const;
export type FindingField = (typeof FINDING_FIELDS)[number];

/** Tags are scanned and redacted as one string, one tag a line, so a dropped tag drops its line only. */
export const TAG_SEPARATOR = '\n';

export function fieldText(entry: Pick<EntryRow, 'text' | 'title' | 'tags' | 'relPath'>, field: FindingField): string {
  switch (field) {
    case 'text': return entry.text;
    case 'title': return entry.title;
    case 'tags': return entry.tags.join(TAG_SEPARATOR);
    case 'path': return entry.relPath ?? '';
  }
}

/**
 * What the detectors read for a field. Tags and paths join words with `-`, `_`, `/` or `#`
 * (`people/anna-berg`, `Call_Jan.md`); replacing those one for one with spaces lets the same
 * detectors see words while every offset still points into the field as written. Dots stay:
 * they end sentences for the detectors already and belong to addresses such as IPs.
 */
export function detectionText(field: FindingField, value: string): string {
  return field === 'tags' || field === 'path' ? value.replace(/[-_/\\#]/g, ' ') : value;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Every whole-word occurrence of `needle` in `haystack`. */
export function findOccurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  if (needle.length < 2) return out;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after))) out.push(at);
  }
  return out;
}
