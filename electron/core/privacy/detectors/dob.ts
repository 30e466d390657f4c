import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE = [
  String.raw`\d{4}-\d{1,2}-\d{1,2}`,
  String.raw`\d{1,2}[/.]\d{1,2}[/.]\d{2,4}`,
  `${MONTH}\\s\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s\\d{4})?`,
  `\\d{1,2}(?:st|nd|rd|th)?\\s(?:of\\s)?${MONTH}(?:,?\\s\\d{4})?`,
].join('|');
const DATE_PATTERN = new RegExp(`\\b(?:${DATE})\\b`, 'gi');
const CUE = /\b(?:born|birthday|bday|b-day|birth ?date|date of birth|d\.?o\.?b\.?)\b/gi;

/** How far (in characters) a date may sit from "born"/"birthday"/"DOB" to count as a birth date. */
const WINDOW = 40;

export const dobDetector: Detector = {
  id: 'dob',
  kinds: ['dob'],
  detect(text) {
    const cues = [...matchAll(CUE, text)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    if (cues.length === 0) return [];
    const found: DetectedSpan[] = [];
    for (const m of matchAll(DATE_PATTERN, text)) {
      const start = m.index;
      const end = start + m[0].length;
      const near = cues.some((c) =>
        (c.end <= start && start - c.end <= WINDOW && sameSentence(text, c.end, start)) ||
        (c.start >= end && c.start - end <= WINDOW / 2 && sameSentence(text, end, c.start)));
      if (near) found.push({ kind: 'dob', start, end, detector: 'dob', confidence: 0.9 });
    }
    return found;
  },
};

function sameSentence(text: string, from: number, to: number): boolean {
  return !/[.!?]\s|\n/.test(text.slice(from, to));
}
