import { matchAll, type Detector, type DetectedSpan } from './types.ts';

// Bounded repetitions, and each domain label ends at a literal dot: no nested ambiguity to backtrack on.
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;

export const emailDetector: Detector = {
  id: 'email',
  kinds: ['email'],
  detect(text) {
    if (!text.includes('@')) return [];
    const found: DetectedSpan[] = [];
    for (const m of matchAll(EMAIL, text)) {
      const local = m[0].slice(0, m[0].indexOf('@'));
      if (local.includes('..') || local.endsWith('.')) continue;
      found.push({ kind: 'email', start: m.index, end: m.index + m[0].length, detector: 'email', confidence: 0.99 });
    }
    return found;
  },
};
