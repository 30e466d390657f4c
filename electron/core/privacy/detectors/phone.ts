import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { passesLuhn } from './card.ts';
import { hasNegativeContext, matchAll, type Detector, type DetectedSpan } from './types.ts';

/*
 * libphonenumber's own text scanner is thorough but slow (about 0.05 MB/s here), so a cheap,
 * bounded pattern proposes candidates and libphonenumber validates each one against the real
 * numbering plans. Separators are limited to one between digit groups, so the pattern has a
 * single way to match any string.
 */
const CANDIDATE = /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,8}(?:[ .-]\d{1,8}){0,5}(?![\w]|[.-]\d)/g;

/** Regions whose national formats ("020 7946 0958", "(415) 555-0132") are tried; international numbers need none. */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'AU', 'CA', 'IN'];

// Shapes that belong to other kinds or to no one: dates, SSNs (3-2-4), dotted IPv4 addresses.
const NOT_A_PHONE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}|\d{3}-\d{2}-\d{4}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export function createPhoneDetector(regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS): Detector {
  return {
    id: 'phone',
    kinds: ['phone'],
    detect(text) {
      const found: DetectedSpan[] = [];
      for (const m of matchAll(CANDIDATE, text)) {
        const candidate = m[0];
        const digitCount = candidate.replace(/\D/g, '').length;
        if (digitCount < 7 || digitCount > 15) continue;
        if (NOT_A_PHONE.test(candidate) || hasNegativeContext(text, m.index)) continue;
        if (isValidPhone(candidate, regions)) {
          found.push({ kind: 'phone', start: m.index, end: m.index + candidate.length, detector: 'phone', confidence: 0.95 });
        }
      }
      return found;
    },
  };
}

function isValidPhone(candidate: string, regions: readonly CountryCode[]): boolean {
  if (candidate.startsWith('+')) return parsePhoneNumberFromString(candidate)?.isValid() === true;
  // A bare run of digits with no separators is more often an id than a phone number written by hand.
  if (/^\d+$/.test(candidate) && candidate.length > 11) return false;
  // Parsing costs about 0.1 ms a candidate, so shapes no national format takes are dropped first:
  // a group of one digit ("2 17 24 35 47 55", ISBN "978-9-88-488690-0"), a dotted pair
  // ("6970.90399"), and 13+ digits that pass Luhn (card numbers, found by the card detector).
  const groups = candidate.replace(/[()]/g, '').split(/[ .-]/);
  if (groups.some((g) => g.length === 1)) return false;
  if (candidate.includes('.') && groups.length < 3) return false;
  const digits = candidate.replace(/\D/g, '');
  if (digits.length >= 13 && passesLuhn(digits)) return false;
  // Route by the first digit so each candidate is parsed in few regions: NANP numbers never open
  // with a trunk 0, and most other plans' national numbers do. Parsing is the detector's main cost.
  const hasTrunkZero = digits.startsWith('0');
  return regions.some((region) => {
    const isNanp = region === 'US' || region === 'CA';
    if (isNanp === hasTrunkZero) return false;
    if (isNanp && !(digits.length === 10 || (digits.length === 11 && digits.startsWith('1')))) return false;
    return parsePhoneNumberFromString(candidate, region)?.isValid() === true;
  });
}

export const phoneDetector = createPhoneDetector();
