/**
 * Deduplication before splitting: repeated text is what a model memorises (issue 5). Exact
 * duplicates by hash of the normalised text; near-duplicates by MinHash over word shingles with
 * LSH banding to find candidates, confirmed by the estimated Jaccard similarity. The newest copy
 * of each group is kept.
 */
import { createHash } from 'node:crypto';

export interface DedupItem {
  id: number;
  /** ISO date or null; newer wins, ties go to the higher id (indexed later). */
  createdAt: string | null;
  text: string;
}

export interface DedupOptions {
  /** Estimated Jaccard similarity at or above which two entries are near-duplicates (0..1]. */
  threshold: number;
  /** Words per shingle: raising it makes near-dup detection stricter about word order. */
  shingleSize?: number;
}

export interface DedupResult {
  keptIds: number[];
  exactDuplicates: number;
  nearDuplicates: number;
  /** Removed id -> the id kept in its place. */
  replacedBy: Map<number, number>;
}

const PERMUTATIONS = 128;

export function deduplicate(items: readonly DedupItem[], options: DedupOptions): DedupResult {
  const shingleSize = options.shingleSize ?? 5;
  const newestFirst = [...items].sort(compareNewestFirst);
  const replacedBy = new Map<number, number>();

  const byHash = new Map<string, number>();
  const afterExact: { item: DedupItem; words: string[] }[] = [];
  for (const item of newestFirst) {
    const words = normaliseWords(item.text);
    const hash = createHash('sha256').update(words.join(' ')).digest('hex');
    const kept = byHash.get(hash);
    if (kept !== undefined) {
      replacedBy.set(item.id, kept);
      continue;
    }
    byHash.set(hash, item.id);
    afterExact.push({ item, words });
  }
  const exactDuplicates = replacedBy.size;

  const { bands, rows } = bandsFor(options.threshold);
  const buckets = new Map<number, number[]>();
  const signatures: Uint32Array[] = [];
  const keptIds: number[] = [];
  const keys = new Uint32Array(bands);
  const checked = new Set<number>();
  for (let i = 0; i < afterExact.length; i += 1) {
    const { item, words } = afterExact[i];
    const signature = minhash(words, shingleSize);
    signatures.push(signature);
    let duplicateOf: number | undefined;
    checked.clear();
    for (let b = 0; b < bands; b += 1) {
      keys[b] = bandKey(signature, b, rows);
      if (duplicateOf !== undefined) continue;
      for (const j of buckets.get(keys[b]) ?? []) {
        if (checked.has(j)) continue;
        checked.add(j);
        if (estimateJaccard(signature, signatures[j]) >= options.threshold) {
          duplicateOf = afterExact[j].item.id;
          break;
        }
      }
    }
    if (duplicateOf !== undefined) {
      replacedBy.set(item.id, duplicateOf);
      continue;
    }
    // Only kept entries join the buckets, so every removal points at a kept entry.
    for (const key of keys) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
    keptIds.push(item.id);
  }
  return { keptIds, exactDuplicates, nearDuplicates: replacedBy.size - exactDuplicates, replacedBy };
}

function compareNewestFirst(a: DedupItem, b: DedupItem): number {
  const da = a.createdAt ?? '';
  const db = b.createdAt ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return b.id - a.id;
}

export function normaliseWords(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter((w) => w.length > 0);
}

/**
 * Band/row split of the signature whose LSH threshold (1/b)^(1/r) lies a little below the
 * requested one, so true near-duplicates are rarely missed; each candidate is then confirmed.
 */
function bandsFor(threshold: number): { bands: number; rows: number } {
  let best = { bands: 32, rows: 4 };
  for (const rows of [1, 2, 4, 8, 16, 32]) {
    const bands = PERMUTATIONS / rows;
    const lshThreshold = (1 / bands) ** (1 / rows);
    if (lshThreshold <= threshold - 0.09 || (rows === 1 && threshold <= 0.1)) best = { bands, rows };
  }
  return best;
}

// Fixed odd multipliers and offsets: signatures must be identical across runs and machines.
const SEEDS_A = new Uint32Array(PERMUTATIONS);
const SEEDS_B = new Uint32Array(PERMUTATIONS);
{
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < PERMUTATIONS; i += 1) {
    SEEDS_A[i] = next() | 1;
    SEEDS_B[i] = next();
  }
}

function minhash(words: readonly string[], shingleSize: number): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  const wordHashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i += 1) wordHashes[i] = fnv1a(words[i]);
  // Shingle hashes are combined from word hashes: no string per shingle, so no garbage.
  const shingles = new Set<number>();
  const n = Math.max(1, words.length - shingleSize + 1);
  for (let i = 0; i < n; i += 1) {
    let h = 0x811c9dc5;
    for (let k = i; k < Math.min(words.length, i + shingleSize); k += 1) {
      h = Math.imul(h ^ wordHashes[k], 0x01000193);
      h ^= h >>> 13;
    }
    shingles.add(h >>> 0);
  }
  for (const h of shingles) {
    for (let p = 0; p < PERMUTATIONS; p += 1) {
      // Multiply-add then a xorshift finaliser: a cheap, well-mixed 32-bit permutation of h.
      let x = Math.imul(h, SEEDS_A[p]) + SEEDS_B[p];
      x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d);
      // >>> 0 keeps it unsigned: a signed compare would scramble the minimum.
      x = (x ^ (x >>> 12)) >>> 0;
      if (x < signature[p]) signature[p] = x;
    }
  }
  return signature;
}

/** One band of the signature folded into a number; a collision only costs one extra comparison. */
function bandKey(signature: Uint32Array, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  for (let r = band * rows; r < (band + 1) * rows; r += 1) {
    h = Math.imul(h ^ signature[r], 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) same += 1;
  return same / a.length;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
