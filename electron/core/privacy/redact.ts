import type { Db } from '../db/index.ts';
import type { FindingWithAction } from './decisions.ts';
import type { FindingKind } from './kinds.ts';

export const PLACEHOLDERS: Record<FindingKind, string> = {
  email: '[EMAIL]', phone: '[PHONE]', url: '[URL]', ip: '[IP]', card: '[CARD]', iban: '[IBAN]', ssn: '[SSN]',
  address: '[ADDRESS]', dob: '[DATE OF BIRTH]', person: '[PERSON]', place: '[PLACE]', custom: '[REDACTED]',
};

// Stand-ins are invented, plain and unlikely to be anyone on a person's list.
const FIRST = ['Clara', 'Jonas', 'Mira', 'Felix', 'Ada', 'Theo', 'Lena', 'Oskar', 'Ines', 'Rafa', 'Noor', 'Elias', 'Vera', 'Milo', 'Juno', 'Arlo', 'Ivy', 'Nils', 'Rosa', 'Emil', 'Lotte', 'Cyrus', 'Hedda', 'Bruno', 'Talia', 'Aurel', 'Wren', 'Soren', 'Della', 'Piet'];
const LAST = ['Holm', 'Varga', 'Lind', 'Moreno', 'Quill', 'Sato', 'Brandt', 'Oakes', 'Ferro', 'Dahl', 'Ashby', 'Kerr', 'Navarro', 'Pike', 'Rowe', 'Sund', 'Tamm', 'Ulm', 'Voss', 'Wilde', 'Yates', 'Zell', 'Marsh', 'Heath', 'Crane', 'Blom', 'Falk', 'Greer', 'Hale', 'Ives'];
const TOWNS = ['Alderby', 'Brookmere', 'Coldwater', 'Dunmore', 'Eastholm', 'Fernhill', 'Glenrose', 'Highcliff', 'Ivybridge', 'Juniper Bay', 'Kingsmere', 'Larkfield', 'Marrowdale', 'Northwick', 'Oakhaven', 'Pinecrest', 'Quarry Hill', 'Ravensholm', 'Stillwater', 'Thornbury'];

function personName(n: number): string {
  const first = FIRST[n % FIRST.length] as string;
  // A different stride through surnames, so consecutive people do not share one.
  const last = LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length] as string;
  const round = Math.floor(n / (FIRST.length * LAST.length));
  return round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
}

/** The n-th stand-in of a kind. Structured stand-ins use reserved ranges that belong to no one. */
export function standIn(kind: FindingKind, n: number): string {
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  switch (kind) {
    case 'person': return personName(n);
    case 'place': return n < TOWNS.length ? (TOWNS[n] as string) : `${TOWNS[n % TOWNS.length]} ${Math.floor(n / TOWNS.length) + 1}`;
    case 'email': return `${personName(n).toLowerCase().replace(/\s+/g, '.')}@example.com`;
    case 'phone': return `+1 555 01${pad(n % 100, 2)} ${pad(Math.floor(n / 100), 3)}`;
    case 'url': return `https://example.com/page-${n + 1}`;
    case 'ip': return `192.0.2.${(n % 254) + 1}`;
    case 'card': return `0000 0000 0000 ${pad(n, 4)}`;
    case 'iban': return `XX00 0000 0000 ${pad(n, 4)}`;
    case 'ssn': return `000-00-${pad(n, 4)}`;
    case 'address': return `${(n % 90) + 10} ${LAST[n % LAST.length]} Road`;
    case 'dob': return `${(n % 28) + 1} ${['January', 'April', 'July', 'October'][n % 4]} 19${pad(50 + (n % 50), 2)}`;
    case 'custom': return `[REDACTED ${n + 1}]`;
  }
}

/**
 * The pseudonym book: the same real value becomes the same stand-in in every entry and every
 * dataset build (stored in the `pseudonym` table). Names on the person's list are keyed by their
 * list entry, so "Anna", "Annie" and "Anna Berg" all become the same invented person.
 */
export class PseudonymBook {
  private readonly cache = new Map<string, string>();
  constructor(private readonly db: Db) {}

  lookup(kind: FindingKind, valueKey: string): string {
    const cacheKey = `${kind}\u0000${valueKey}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let stored = this.db.prepare('SELECT stand_in FROM pseudonym WHERE kind = ? AND value_key = ?').pluck().get(kind, valueKey) as string | undefined;
    if (stored === undefined) {
      let n = this.db.prepare('SELECT count(*) FROM pseudonym WHERE kind = ?').pluck().get(kind) as number;
      const taken = this.db.prepare('SELECT 1 FROM pseudonym WHERE kind = ? AND stand_in = ?');
      while (taken.get(kind, standIn(kind, n)) !== undefined) n++;
      stored = standIn(kind, n);
      this.db.prepare('INSERT INTO pseudonym (kind, value_key, stand_in) VALUES (?, ?, ?)').run(kind, valueKey, stored);
    }
    this.cache.set(cacheKey, stored);
    return stored;
  }

  forFinding(f: Pick<FindingWithAction, 'kind' | 'value' | 'nameId'>): string {
    const key = f.nameId !== null ? `name:${f.nameId}` : f.value.toLowerCase().replace(/\s+/g, ' ').trim();
    const full = this.lookup(f.kind, key);
    // A first name alone ("Annie") gets the stand-in's first name alone, as people write.
    if (f.kind === 'person' && !/\s/.test(f.value.trim())) return full.split(' ')[0] ?? full;
    return full;
  }
}

/** Sentence boundaries around [start, end): text between terminal punctuation or line breaks. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0) {
    const ch = text[from - 1];
    if (ch === '\n' || ((ch === '.' || ch === '!' || ch === '?') && /\s/.test(text[from] ?? ''))) break;
    from--;
  }
  let to = end;
  while (to < text.length) {
    const ch = text[to];
    if (ch === '\n') break;
    if ((ch === '.' || ch === '!' || ch === '?') && (to + 1 >= text.length || /\s/.test(text[to + 1] ?? ''))) {
      to++;
      break;
    }
    to++;
  }
  return [from, to];
}

/**
 * The text with every redaction applied. Dropped sentences are removed whole (with the space
 * after them); other findings are replaced in place, so the words around them stay as written.
 */
export function applyRedactions(
  text: string, findings: readonly FindingWithAction[], book: PseudonymBook,
  mark: (f: FindingWithAction, replacement: string) => string = (_f, replacement) => replacement,
): string {
  const redacted = findings.filter((f) => f.action === 'redact').sort((a, b) => a.start - b.start);
  const dropped: [number, number][] = [];
  for (const f of redacted) if (f.style === 'drop') dropped.push(sentenceAround(text, f.start, f.end));
  const isDropped = (pos: number) => dropped.some(([a, b]) => pos >= a && pos < b);
  let out = '';
  let cursor = 0;
  const cut = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (!isDropped(i)) out += text[i];
  };
  for (const f of redacted) {
    if (f.start < cursor) continue;
    cut(cursor, f.start);
    if (f.style !== 'drop' && !isDropped(f.start)) out += mark(f, f.style === 'pseudonym' ? book.forFinding(f) : PLACEHOLDERS[f.kind]);
    else if (f.style === 'drop') out += mark(f, '');
    cursor = f.end;
  }
  cut(cursor, text.length);
  // Removing a sentence leaves double spaces or a leading space on a line; tidy only those.
  return dropped.length > 0 ? out.replace(/[ \t]{2,}/g, ' ').replace(/^[ \t]+/gm, '').replace(/[ \t]+$/gm, '') : out;
}
