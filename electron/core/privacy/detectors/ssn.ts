import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const SSN_DASHED = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
// Without dashes a nine-digit number is only an SSN when the text says so.
const SSN_LABELLED = /\b(?:ssn|social security(?: number| no\.?)?)\W{0,4}(\d{3})[ ]?(\d{2})[ ]?(\d{4})(?!\d)/gi;

/** The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000. */
function isIssuable(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
}

export const ssnDetector: Detector = {
  id: 'ssn',
  kinds: ['ssn'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(SSN_DASHED, text)) {
      if (!isIssuable(m[1] ?? '', m[2] ?? '', m[3] ?? '')) continue;
      found.push({ kind: 'ssn', start: m.index, end: m.index + m[0].length, detector: 'ssn', confidence: 0.9 });
    }
    for (const m of matchAll(SSN_LABELLED, text)) {
      if (!isIssuable(m[1] ?? '', m[2] ?? '', m[3] ?? '')) continue;
      const digitsStart = m.index + m[0].search(/\d/);
      found.push({ kind: 'ssn', start: digitsStart, end: m.index + m[0].length, detector: 'ssn', confidence: 0.97 });
    }
    return found;
  },
};
