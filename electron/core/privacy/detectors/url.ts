import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]{2,2048}/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export const urlDetector: Detector = {
  id: 'url',
  kinds: ['url'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(URL_PATTERN, text)) {
      let value = m[0];
      // Sentence punctuation after a link is not part of it, unless the link opened that bracket.
      const trailing = TRAILING.exec(value);
      if (trailing) value = value.slice(0, value.length - trailing[0].length);
      if (value.includes('(') && m[0].charAt(value.length) === ')') value += ')';
      const host = value.replace(/^(?:https?:\/\/)/i, '').split(/[/?#:]/)[0] ?? '';
      if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(host) && !/^\[[0-9a-f:]+\]$/i.test(host)) continue;
      found.push({ kind: 'url', start: m.index, end: m.index + value.length, detector: 'url', confidence: 0.98 });
    }
    return found;
  },
};
