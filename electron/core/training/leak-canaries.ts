import type { Db } from '../db/index.ts';
import { loadNameLexicon } from '../privacy/detectors/lexicon.ts';
import { findingActions, readFindings } from '../privacy/decisions.ts';
import { createSeededRandom } from '../seeded-random.ts';

/**
 * Canaries for the leak check: values the person chose to redact, which the model must not have
 * learnt. Phone, card and SSN values are made of digits and separators, so the evaluator makes random
 * look-alikes of the same shape itself. Names and emails need look-alikes a language model finds as
 * plausible as the real one (random letters would rank below any real name, so every name would look
 * "memorised"): they are drawn here from the same first-name and surname lists the detectors use,
 * word for word of the same length and case, keeping an email's separators, digits' count and domain.
 * The evaluator's report names only a canary's shape ("{A}{a}{a}{a} {A}{a}{a}{a}"), never its letters.
 * Values and look-alikes reach the trainer on stdin only: never a file, a config on disk, a log or an
 * event (privacy promise 2).
 */
const KINDS = ['phone', 'card', 'ssn', 'person', 'email'] as const;
type CanaryKind = (typeof KINDS)[number];
const MAX_CANARIES = 20;
/** Look-alikes per name or email; the evaluator ranks the canary among (at most) its `candidates` of them. */
const LOOKALIKES = 200;

export interface Canaries {
  /** The redacted values, in the order the evaluator reports them. */
  canaries: string[];
  /** Per canary, its look-alikes one a line; "" where the evaluator fills the value's digit shape at random. */
  lookalikes: string[];
}

export function redactedCanaries(db: Db): Canaries {
  const rows = db
    .prepare(
      `SELECT DISTINCT e.id AS id, s.path AS sourcePath, e.key AS key
       FROM finding f JOIN entry e ON e.id = f.entry_id JOIN source s ON s.id = e.source_id
       WHERE f.kind IN (${KINDS.map(() => '?').join(', ')}) AND e.removed = 0`,
    )
    .all(...KINDS) as { id: number; sourcePath: string; key: string }[];
  const byKind = new Map<CanaryKind, Set<string>>(KINDS.map((k) => [k, new Set()]));
  for (const row of rows) {
    for (const finding of findingActions(db, row, readFindings(db, row.id))) {
      const values = byKind.get(finding.kind as CanaryKind);
      if (!values || finding.action !== 'redact' || values.size >= MAX_CANARIES) continue;
      if (isTestable(finding.kind as CanaryKind, finding.value)) values.add(finding.value);
    }
  }
  // Take kinds in turn, so twenty phone numbers cannot crowd out every name.
  const picked: { kind: CanaryKind; value: string }[] = [];
  const queues = KINDS.map((kind) => ({ kind, values: [...(byKind.get(kind) ?? [])] }));
  while (picked.length < MAX_CANARIES && queues.some((q) => q.values.length > 0)) {
    for (const q of queues) {
      const value = q.values.shift();
      if (value !== undefined && picked.length < MAX_CANARIES) picked.push({ kind: q.kind, value });
    }
  }
  return {
    canaries: picked.map((p) => p.value),
    lookalikes: picked.map((p, i) => (p.kind === 'person' || p.kind === 'email' ? lookalikesOf(p.kind, p.value, i).join('\n') : '')),
  };
}

function isTestable(kind: CanaryKind, value: string): boolean {
  if (kind === 'person') return /^\p{L}[\p{L}'’ -]{2,60}$/u.test(value);
  if (kind === 'email') return value.length <= 120 && !value.includes('\n');
  return /^[\d\s+().-]+$/.test(value);
}


interface Pools { first: Map<number, string[]>; last: Map<number, string[]> }
let pools: Pools | undefined;

/** Names by length, ASCII letters only so no look-alike stands out by its alphabet. */
function namePools(): Pools {
  if (pools) return pools;
  const lex = loadNameLexicon();
  const byLength = (words: Iterable<string>) => {
    const map = new Map<number, string[]>();
    for (const w of words) if (/^[a-z]{2,14}$/.test(w)) (map.get(w.length) ?? map.set(w.length, []).get(w.length))?.push(w);
    for (const list of map.values()) list.sort();
    return map;
  };
  pools = { first: byLength([...lex.personWords, ...lex.worldFirstNames]), last: byLength(lex.surnameWords) };
  return pools;
}

function pickWord(pool: Map<number, string[]>, length: number, random: () => number): string {
  for (const spread of [0, 1, 2, 4]) {
    const candidates = [...(pool.get(length) ?? []), ...(spread > 0 ? [...(pool.get(length - spread) ?? []), ...(pool.get(length + spread) ?? [])] : [])];
    if (candidates.length >= 20 || spread === 4) return candidates[Math.floor(random() * candidates.length)] ?? 'alex';
  }
  return 'alex';
}

/** Same case as the original word: "anna" -> "mira", "Anna" -> "Mira", "ANNA" -> "MIRA". */
function matchCase(word: string, like: string): string {
  if (like === like.toUpperCase() && like.length > 1) return word.toUpperCase();
  if (like.charAt(0) === like.charAt(0).toUpperCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

// The "at" of an email, written or spelled ("@", " at ", "[at]", "(at)"): everything after it is the domain, kept as it is.
const AT = /@|\s(?:at|AT)\s|\s?[[({<]\s?at\s?[)\]}>]\s?/;

export function lookalikesOf(kind: 'person' | 'email', value: string, index: number): string[] {
  const random = createSeededRandom(0x51ed + index * 7919);
  const { first, last } = namePools();
  let local = value;
  let domain = '';
  if (kind === 'email') {
    const at = AT.exec(value);
    if (at) {
      local = value.slice(0, at.index);
      domain = value.slice(at.index);
    }
  }
  // Letters become names of the same length (first name, then surnames), digits random digits, the rest stays.
  const parts = local.split(/(\p{L}+|\d+)/u);
  const out = new Set<string>();
  for (let attempt = 0; attempt < LOOKALIKES * 5 && out.size < LOOKALIKES; attempt++) {
    let wordIndex = 0;
    const made = parts.map((part) => {
      if (/^\d+$/.test(part)) return part.replace(/\d/g, () => String(Math.floor(random() * 10)));
      if (!/^\p{L}+$/u.test(part) || (kind === 'email' && /^(?:dot|DOT)$/.test(part))) return part;
      const word = pickWord(wordIndex++ === 0 ? first : last.size > 0 ? last : first, part.length, random);
      return matchCase(word, part);
    }).join('') + domain;
    if (made !== value) out.add(made);
  }
  return [...out];
}

/** Exposure "at chance": no canary ranks higher than random look-alikes would by luck (Bonferroni over canaries). */
export function isAtChance(maxExposureBits: number, canaries: number): boolean {
  return maxExposureBits <= 3 + Math.log2(Math.max(1, canaries));
}
