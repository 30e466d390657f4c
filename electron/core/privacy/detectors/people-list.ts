import { isCommonWord } from './lexicon.ts';
import type { Detector, DetectedSpan, ListedName, PreparedDetector } from './types.ts';

const LETTER = String.raw`[\p{L}\p{N}_]`;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Collapses inner whitespace so "Anna  Berg" on the list still matches "Anna Berg" in the text. */
function toPattern(alias: string): string {
  return alias.trim().split(/\s+/).map(escapeRegExp).join(String.raw`\s+`);
}

/**
 * Matches the person's own list of people and places, with aliases and nicknames, in any case,
 * at word boundaries, and before possessives ("Anna's" finds "Anna"). An alias that is also an
 * ordinary word ("Will", "May", "Bath") matches only when written with a capital, so "I will" is
 * not redacted. Longer aliases win because the alternation lists them first.
 */
export function prepareListMatcher(names: readonly ListedName[]): PreparedDetector {
  const caseInsensitive: string[] = [];
  const capitalOnly: string[] = [];
  const byAlias = new Map<string, ListedName>();
  for (const entry of names) {
    for (const alias of [entry.name, ...entry.aliases]) {
      const trimmed = alias.trim();
      if (trimmed.length === 0) continue;
      byAlias.set(trimmed.toLowerCase().replace(/\s+/g, ' '), entry);
      const single = !/\s/.test(trimmed);
      (single && isCommonWord(trimmed) ? capitalOnly : caseInsensitive).push(trimmed);
    }
  }
  const build = (aliases: string[], flags: string): RegExp | undefined => {
    if (aliases.length === 0) return undefined;
    const sorted = [...new Set(aliases)].sort((a, b) => b.length - a.length).map(toPattern);
    return new RegExp(`(?<!${LETTER})(?:${sorted.join('|')})(?!${LETTER})`, flags);
  };
  const patterns: RegExp[] = [];
  const anyCase = build(caseInsensitive, 'giu');
  if (anyCase) patterns.push(anyCase);
  const capitalised = build(capitalOnly.map((a) => a.charAt(0).toUpperCase() + a.slice(1)), 'gu');
  if (capitalised) patterns.push(capitalised);
  return {
    detect(text) {
      const found: DetectedSpan[] = [];
      for (const pattern of patterns) {
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          const listed = byAlias.get(m[0].toLowerCase().replace(/\s+/g, ' '));
          const span: DetectedSpan = { kind: listed?.kind ?? 'person', start: m.index, end: m.index + m[0].length, detector: 'list', confidence: 1 };
          if (listed) span.nameId = listed.id;
          found.push(span);
        }
      }
      return found;
    },
  };
}

export const peopleListDetector: Detector = {
  id: 'list',
  kinds: ['person', 'place'],
  prepare: (ctx) => prepareListMatcher(ctx.names),
};

/** "Always redact" words and patterns from the person's rules. */
export const redactWordsDetector: Detector = {
  id: 'rule',
  kinds: ['custom'],
  prepare: (ctx) => ({
    detect(text) {
      const found: DetectedSpan[] = [];
      for (const pattern of ctx.redactPatterns) {
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          if (m[0].length === 0) {
            pattern.lastIndex++;
            continue;
          }
          found.push({ kind: 'custom', start: m.index, end: m.index + m[0].length, detector: 'rule', confidence: 1 });
        }
      }
      return found;
    },
  }),
};
