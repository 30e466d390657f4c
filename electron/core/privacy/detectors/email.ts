import { TLD_ALTERNATION } from './tlds.ts';
import { matchAll, type Detector, type DetectedSpan } from './types.ts';

// Bounded repetitions, and each domain label ends at a literal dot: no nested ambiguity to backtrack on.
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;

/*
 * Addresses written to dodge scrapers: "anna dot berg at gmail dot com", "anna [at] gmail [dot] com",
 * "lars(at)fjordmail.no", "maria AT outlook DOT com". The domain must end in a known TLD after a
 * (spelled or real) dot, so ordinary prose with "at" ("met at the station") does not match.
 */
const WORD = '[A-Za-z0-9][A-Za-z0-9_%+-]{0,40}';
const AT = String.raw`(?:\s{0,2}[\[({<]\s?at\s?[\])}>]\s{0,2}|\s(?:at|AT)\s)`;
const DOT = String.raw`(?:\s{0,2}[\[({<]\s?dot\s?[\])}>]\s{0,2}|\s(?:dot|DOT)\s|\.)`;
const OBFUSCATED = new RegExp(String.raw`(?<![\w.])${WORD}(?:${DOT}${WORD}){0,3}${AT}${WORD}(?:${DOT}${WORD}){0,3}${DOT}(?:${TLD_ALTERNATION})(?![\w-]|\.\w)`, 'gi');

export const emailDetector: Detector = {
  id: 'email',
  kinds: ['email'],
  detect(text) {
    const found: DetectedSpan[] = [];
    if (text.includes('@')) {
      for (const m of matchAll(EMAIL, text)) {
        const local = m[0].slice(0, m[0].indexOf('@'));
        if (local.includes('..') || local.endsWith('.')) continue;
        found.push({ kind: 'email', start: m.index, end: m.index + m[0].length, detector: 'email', confidence: 0.99 });
      }
    }
    // Every obfuscated form has a bracketed "at" or a spelled "dot" (see the check below): test for those first.
    if (/[[({<]\s?at\s?[)\]}>]|\bdot\b/i.test(text)) {
      for (const m of matchAll(OBFUSCATED, text)) {
        // A spelled-out "at" needs a spelled or bracketed "dot" too, or it is prose ("Tom at home.no").
        if (/\s(?:at|AT)\s/.test(m[0]) && !/dot|DOT|[[({<]/.test(m[0])) continue;
        found.push({ kind: 'email', start: m.index, end: m.index + m[0].length, detector: 'email', confidence: 0.9 });
      }
    }
    return found;
  },
};
