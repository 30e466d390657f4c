import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;

// Lengths per country from the IBAN registry (ISO 13616); a subset large enough for Europe and beyond.
const LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29,
  VG: 24, XK: 20,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed in chunks to stay within doubles. */
export function passesIbanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export const ibanDetector: Detector = {
  id: 'iban',
  kinds: ['iban'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(IBAN, text)) {
      const compact = m[0].replace(/ /g, '');
      const expected = LENGTHS[compact.slice(0, 2)];
      if (expected === undefined || compact.length !== expected) continue;
      if (!passesIbanChecksum(compact)) continue;
      found.push({ kind: 'iban', start: m.index, end: m.index + m[0].length, detector: 'iban', confidence: 0.99 });
    }
    return found;
  },
};
