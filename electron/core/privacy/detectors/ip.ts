import { isIPv6 } from 'node:net';
import { hasNegativeContext, matchAll, type Detector, type DetectedSpan } from './types.ts';

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
// A run of hex digits and colons; validated by node:net so the pattern itself stays trivial.
const IPV6 = /(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w]{1,16})?(?![\w:])/g;

export const ipDetector: Detector = {
  id: 'ip',
  kinds: ['ip'],
  detect(text) {
    const found: DetectedSpan[] = [];
    if (/\d\.\d/.test(text)) {
      for (const m of matchAll(IPV4, text)) {
        const octets = m[0].split('.').map(Number);
        if (octets.some((o) => o > 255)) continue;
        if (m[0].split('.').some((o) => o.length > 1 && o.startsWith('0'))) continue;
        // "v1.2.3.4", "version 2.0.0.1": version strings share the shape of an address.
        if (text.charAt(m.index - 1).toLowerCase() === 'v' || hasNegativeContext(text, m.index)) continue;
        found.push({ kind: 'ip', start: m.index, end: m.index + m[0].length, detector: 'ip', confidence: 0.95 });
      }
    }
    if (text.includes(':') && /[0-9a-f]:[0-9a-f]{0,4}:/i.test(text)) {
      for (const m of matchAll(IPV6, text)) {
        const value = m[0].replace(/%\w+$/, '');
        // Clock times ("12:30:45") pass the pattern but not the validator; "::" alone is too thin.
        if (!isIPv6(value) || (value.match(/[0-9a-f]+/gi) ?? []).length < 3) continue;
        found.push({ kind: 'ip', start: m.index, end: m.index + m[0].length, detector: 'ip', confidence: 0.95 });
      }
    }
    return found;
  },
};
