import { hasNegativeContext, matchAll, type Detector, type DetectedSpan } from './types.ts';

// Each repetition takes exactly one digit and at most one separator, so there is one way to match.
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** Luhn checksum, as printed on every payment card. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issuer prefixes of the networks a person is likely to write down (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro).
const ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|30[0-5]|36|38|62|50|5[6-8]|6[37])/;

export const cardDetector: Detector = {
  id: 'card',
  kinds: ['card'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(CARD, text)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19) continue;
      if (!ISSUER.test(digits) || !passesLuhn(digits)) continue;
      // Separators, when present, must be used consistently (4-4-4-4 or 4-6-5), not scattered.
      const groups = m[0].split(/[ -]/);
      if (groups.length > 1 && !groups.every((g) => g.length >= 4 && g.length <= 6)) continue;
      if (hasNegativeContext(text, m.index)) continue;
      found.push({ kind: 'card', start: m.index, end: m.index + m[0].length, detector: 'card', confidence: 0.97 });
    }
    return found;
  },
};
