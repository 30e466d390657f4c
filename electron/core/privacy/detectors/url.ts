import { AMBIGUOUS_TLDS, TLD_ALTERNATION } from './tlds.ts';
import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]{2,2048}/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/**
 * Links written without a scheme: "airbnb.com/rooms/48213377", "lenaskitchen.com". Up to five
 * labels before a known TLD, an optional port and path. Not after "@" or a dot (emails, longer
 * hosts), and each label is bounded, so the pattern has one way to match.
 */
const BARE_HOST = new RegExp(String.raw`(?<![\w@.\-/])((?:${LABEL}\.){1,5})(${TLD_ALTERNATION})(?![\w-]|\.[a-z0-9])((?::\d{2,5})?(?:/[^\s<>"'\`]{0,2000})?)`, 'iy');
// Hosts are found from their TLD backwards: trying the host pattern at every word start was the detector's main cost.
const DOT_TLD = new RegExp(String.raw`\.(?:${TLD_ALTERNATION})(?![\w-]|\.[a-z0-9])`, 'gi');

function trimLink(raw: string): string {
  let value = raw;
  // Sentence punctuation after a link is not part of it, unless the link opened that bracket.
  const trailing = TRAILING.exec(value);
  if (trailing) value = value.slice(0, value.length - trailing[0].length);
  if (value.includes('(') && raw.charAt(value.length) === ')') value += ')';
  return value;
}

export const urlDetector: Detector = {
  id: 'url',
  kinds: ['url'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(URL_PATTERN, text)) {
      const value = trimLink(m[0]);
      const host = value.replace(/^(?:https?:\/\/)/i, '').split(/[/?#:]/)[0] ?? '';
      if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(host) && !/^\[[0-9a-f:]+\]$/i.test(host)) continue;
      found.push({ kind: 'url', start: m.index, end: m.index + value.length, detector: 'url', confidence: 0.98 });
    }
    if (!text.includes('.')) return found;
    let searchedTo = 0;
    for (const dot of matchAll(DOT_TLD, text)) {
      if (dot.index < searchedTo) continue;
      let from = dot.index;
      while (from > 0 && from > dot.index - 320 && /[a-z0-9.-]/i.test(text.charAt(from - 1))) from--;
      while (from < dot.index && !/[a-z0-9]/i.test(text.charAt(from))) from++;
      BARE_HOST.lastIndex = from;
      const m = BARE_HOST.exec(text);
      if (!m) continue;
      searchedTo = m.index + m[0].length;
      const labels = m[1] ?? '';
      const tld = (m[2] ?? '').toLowerCase();
      const rest = m[3] ?? '';
      const path = trimLink(rest);
      const hasPath = path.length > 1;
      // "notes.md", "setup.py", "Quillmark.app": a file or a product unless a path says it is a link.
      if (AMBIGUOUS_TLDS.has(tld) && !hasPath) continue;
      // "1.12.4", "v2.0": a host has a letter in its name; a one-letter name ("e.g.") is an abbreviation.
      const name = labels.split('.')[0] ?? '';
      if (!/[a-z]/i.test(labels) || name.length < 2) continue;
      const end = m.index + labels.length + tld.length + (hasPath ? path.length : 0);
      found.push({ kind: 'url', start: m.index, end, detector: 'url', confidence: hasPath ? 0.9 : 0.8 });
    }
    return found;
  },
};
