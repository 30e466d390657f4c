import iconv from 'iconv-lite';
import { ImportError } from './types.ts';

/** Looks for NUL bytes near the start: text files in any encoding we read have none (UTF-16 is handled by its BOM first). */
function looksBinary(bytes: Buffer): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/**
 * Bytes to text. A BOM decides first (UTF-8, UTF-16 LE/BE); then strict UTF-8; then, only when
 * `legacyFallback` is set (plain-text diaries from old editors), Windows-1252. Markdown and JSON are
 * UTF-8 by definition, so there a bad byte is reported instead of guessed at.
 */
export function decodeText(bytes: Buffer, legacyFallback: boolean): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  }
  if (looksBinary(bytes)) {
    throw new ImportError('This is binary data, not text (it contains NUL bytes). If it is an attachment, it can stay; it is not read.');
  }
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    if (legacyFallback) return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252' };
    throw new ImportError(`The text is not valid UTF-8 (first bad byte at offset ${firstBadUtf8Byte(bytes)}). Re-save the file as UTF-8 and it will be read on the next scan.`);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ImportError(`The text starts with a UTF-8 mark but is not valid UTF-8 (first bad byte at offset ${firstBadUtf8Byte(bytes) + 3}). Re-save the file as UTF-8.`);
  }
}

/** The offset of the first byte that breaks UTF-8, so the person can find it in a hex editor. */
export function firstBadUtf8Byte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

/** CRLF and lone CR become LF, so text compares equal across operating systems. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Collapses runs of 3+ newlines and trims, keeping paragraph breaks as one blank line. */
export function tidyBlocks(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

const fileNameDate = /(?:^|[^\d])(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?:$|[^\d])/;

/** A date in a file name (`2024-03-05.md`, `2024_03_05`, `20240305.org`), as `YYYY-MM-DD`, when it is a real day. */
export function dateFromFileName(relPath: string): string | null {
  const base = relPath.split('/').pop() ?? relPath;
  const m = fileNameDate.exec(base);
  if (!m) return null;
  const [, y, mo, d] = m;
  return validDay(Number(y), Number(mo), Number(d));
}

export function validDay(y: number, mo: number, d: number): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The file name without folders and extension: the title when nothing better is given. */
export function baseTitle(relPath: string): string {
  const base = relPath.split('/').pop() ?? relPath;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Normalises a date-ish value (YAML Date, ISO string, `2024-03-05 10:00`) to ISO 8601, or null. */
export function toIsoDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value !== 'string') return null;
  const s = value.trim();
  const dayOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dayOnly) return validDay(Number(dayOnly[1]), Number(dayOnly[2]), Number(dayOnly[3]));
  const parsed = Date.parse(s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'));
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** Tags as people write them (`#Travel`, `travel`, `a/b`), deduplicated, without the `#`. */
export function normaliseTags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().replace(/^#/, '');
    if (tag !== '') seen.add(tag);
  }
  return [...seen];
}

/** `#tag` written inline: letters, digits, `_`, `-`, `/`; a tag of digits only (`#1`) is not a tag. */
export function inlineTags(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s(])#([\p{L}\p{N}_\-/]+)/gu)) {
    const tag = m[1].replace(/[/-]+$/, '');
    if (/\p{L}|_/u.test(tag)) tags.push(tag);
  }
  return tags;
}

/** `YYYY-MM-DD` of an instant as a wall calendar in `timeZone` shows it, or null for an unknown zone. */
export function dayInZone(iso: string, timeZone: string | undefined): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return null;
  }
}

/**
 * The day a person wrote next to their words (`2024-03-05`, `2024-03-05 23:30`, `2024-03-05T23:30+10:00`):
 * the written date is the day, whatever the offset. An instant with no written day (a number, a Date)
 * falls back to this computer's time zone, the best guess for where it was written.
 */
export function writtenDay(value: unknown): string | null {
  if (typeof value === 'string') {
    const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  const iso = toIsoDate(value);
  return iso ? (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : dayInZone(iso, undefined)) : null;
}
