import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { passesLuhn } from './card.ts';
import { hasNegativeContext, matchAll, type Detector, type DetectedSpan, type PreparedDetector } from './types.ts';

/*
 * libphonenumber's own text scanner is thorough but slow (about 0.05 MB/s here), so a cheap,
 * bounded pattern proposes candidates and libphonenumber validates each one against the real
 * numbering plans. Separators are limited to one between digit groups, so the pattern has a
 * single way to match any string.
 */
const CANDIDATE = /(?<![\w+.:-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,8}(?:[ .-]\d{1,8}){0,5}(?![\w]|[.-]\d)/g;

/**
 * Regions whose usual written forms ("020 7946 0958", "(415) 555-0132", "06 12 34 56 78") are
 * tried for everyone: numbers that open with a trunk 0, or NANP numbers, are rarely anything else.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'AU', 'CA', 'IN'];

// Shapes that belong to other kinds or to no one: dates, SSNs (3-2-4), dotted IPv4 addresses.
const NOT_A_PHONE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}|\d{3}-\d{2}-\d{4}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
// A date at the start ("2025-12-31 00" of "2025-12-31 00:15") makes the rest a time, not a number.
const STARTS_WITH_DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?:\D|$)/;
/**
 * Words that say a number is a phone number, in the languages of the home regions people set
 * most: without one, a bare national number ("412 34 567" in Norway) is as likely a count or an id.
 */
const PHONE_CUE = /(?<![\p{L}])(?:phone|mobile|mob|cell|tel|telephone|number|nr|no\.|call|ring|text|sms|whatsapp|signal|fax|landline|nummer|telefon|tlf|mobil|handy|móvil|movil|teléfono|telefono|numéro|portable|cellulare|celular)(?![\p{L}])/iu;
const PHONE_CUE_AFTER = /^\W{0,3}(?:\(?(?:mobile|mob|cell|home|work|landline|whatsapp)\b)/i;

/** The regions a person sets as home, checked against libphonenumber's list; unknown codes are dropped. */
export function toPhoneRegions(codes: readonly string[]): CountryCode[] {
  return codes.map((c) => c.toUpperCase()).filter((c): c is CountryCode => isSupportedCountry(c));
}

/** A phone matcher for one person's home regions (ISO codes; unknown ones are ignored). */
export function createPhoneMatcher(homeRegions: readonly string[] = []): PreparedDetector {
  const home = toPhoneRegions(homeRegions);
  const usual = [...new Set([...DEFAULT_PHONE_REGIONS, ...home])];
  // Parsing is the detector's main cost, and a diary writes the same numbers again and again.
  const verdicts = new Map<string, Verdict>();
  return {
    detect(text) {
      const found: DetectedSpan[] = [];
      for (const m of matchAll(CANDIDATE, text)) {
        const candidate = m[0];
        const digitCount = candidate.replace(/\D/g, '').length;
        if (digitCount < 7 || digitCount > 15) continue;
        if (NOT_A_PHONE.test(candidate) || STARTS_WITH_DATE.test(candidate) || hasNegativeContext(text, m.index)) continue;
        const end = m.index + candidate.length;
        // "09:41", "2024-03-05 14 errors at 09:41": digits glued to a clock time are a time.
        if (text.charAt(end) === ':' && /\d/.test(text.charAt(end + 1))) continue;
        if (!isPlausibleShape(candidate)) continue;
        let verdict = verdicts.get(candidate);
        if (verdict === undefined) {
          verdict = validate(candidate, usual, home);
          if (verdicts.size < 50_000) verdicts.set(candidate, verdict);
        }
        const confidence = verdict === 'phone' ? 0.95 : verdict === 'home' || (verdict === 'home-with-cue' && hasPhoneCue(text, m.index, end)) ? 0.85 : 0;
        if (confidence > 0) found.push({ kind: 'phone', start: m.index, end, detector: 'phone', confidence });
      }
      return found;
    },
  };
}

function hasPhoneCue(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  const sentence = before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n')) + 1);
  return PHONE_CUE.test(sentence) || PHONE_CUE_AFTER.test(text.slice(end, end + 16));
}

/** Cheap filters first: parsing costs about 0.1 ms a candidate, and most runs of digits are not phones. */
function isPlausibleShape(candidate: string): boolean {
  // A bare run of digits with no separators is more often an id than a phone number written by hand.
  if (!candidate.startsWith('+') && /^\d+$/.test(candidate) && candidate.length > 11) return false;
  if (candidate.startsWith('+')) return true;
  // A group of one digit ("2 17 24 35 47 55", ISBN "978-9-88-488690-0"), a dotted pair
  // ("6970.90399"), and 13+ digits that pass Luhn (card numbers, found by the card detector).
  const groups = candidate.replace(/[()]/g, '').split(/[ .-]/);
  if (groups.some((g) => g.length === 1)) return false;
  if (candidate.includes('.') && groups.length < 3) return false;
  const digits = candidate.replace(/\D/g, '');
  return !(digits.length >= 13 && passesLuhn(digits));
}

/**
 * Whether a candidate is a phone number. International numbers validate on their own.
 * National numbers are routed by their first digit so each is parsed in few regions: NANP numbers
 * never open with a trunk 0, and most other plans' written forms do. A national number without a
 * trunk 0 outside NANP (Norway "412 34 567", Spain "912 345 678", India "98765 43210") is only
 * tried in the person's home regions, and only taken with a cue word or in the plan's own grouping.
 */
type Verdict = 'phone' | 'home' | 'home-with-cue' | 'no';

function validate(candidate: string, usual: readonly CountryCode[], home: readonly CountryCode[]): Verdict {
  if (candidate.startsWith('+')) return parsePhoneNumberFromString(candidate)?.isValid() === true ? 'phone' : 'no';
  const digits = candidate.replace(/\D/g, '');
  const hasTrunkZero = digits.startsWith('0');
  const isUsual = usual.some((region) => {
    const isNanp = region === 'US' || region === 'CA';
    if (isNanp === hasTrunkZero) return false;
    if (isNanp && !(digits.length === 10 || (digits.length === 11 && digits.startsWith('1')))) return false;
    return parsePhoneNumberFromString(candidate, region)?.isValid() === true;
  });
  if (isUsual) return 'phone';
  if (hasTrunkZero || home.length === 0) return 'no';
  let verdict: Verdict = 'no';
  for (const region of home) {
    if (region === 'US' || region === 'CA') continue;
    const parsed = parsePhoneNumberFromString(candidate, region);
    if (parsed?.isValid() !== true) continue;
    const grouping = (s: string) => s.replace(/^0/, '').replace(/[^\d ]/g, ' ').trim().split(/\s+/).map((g) => g.length).join('-');
    if (grouping(parsed.formatNational()) === grouping(candidate)) return 'home';
    verdict = 'home-with-cue';
  }
  return verdict;
}

export const phoneDetector: Detector = {
  id: 'phone',
  kinds: ['phone'],
  prepare: (ctx) => createPhoneMatcher(ctx.homeRegions),
};
