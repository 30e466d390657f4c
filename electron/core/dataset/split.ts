/**
 * Train / validation / test split by entry, so one entry never lands in two splits. The order comes
 * from a hash of the seed and each entry's stable key, not from row ids or insertion order: the same
 * library and seed give the same split, on any machine.
 */
import { createHash } from 'node:crypto';

export type SplitName = 'train' | 'val' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

export interface SplitItem {
  id: number;
  /** Stable across re-indexing: source path + entry key. */
  stableKey: string;
  createdAt: string | null;
}

export type Holdout = 'random' | 'recent';

/** 80/10/10. With `recent`, the newest 10% by date is the test split and validation is drawn at random from the rest. */
export function splitEntries(items: readonly SplitItem[], seed: number, holdout: Holdout): Map<number, SplitName> {
  const result = new Map<number, SplitName>();
  const n = items.length;
  const testCount = Math.round(n * 0.1);
  const valCount = Math.round(n * 0.1);
  let pool = items;
  if (holdout === 'recent') {
    const byDate = [...items].sort((a, b) => {
      const da = a.createdAt ?? '';
      const db = b.createdAt ?? '';
      return da === db ? a.stableKey.localeCompare(b.stableKey) : da < db ? -1 : 1;
    });
    const cut = byDate.length - testCount;
    for (const item of byDate.slice(cut)) result.set(item.id, 'test');
    pool = byDate.slice(0, cut);
  }
  const shuffled = [...pool]
    .map((item) => ({ item, order: orderKey(seed, item.stableKey) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map((x) => x.item);
  let index = 0;
  if (holdout === 'random') {
    for (; index < testCount; index += 1) result.set(shuffled[index].id, 'test');
  }
  for (let v = 0; v < valCount && index < shuffled.length; v += 1, index += 1) result.set(shuffled[index].id, 'val');
  for (; index < shuffled.length; index += 1) result.set(shuffled[index].id, 'train');
  return result;
}

function orderKey(seed: number, stableKey: string): string {
  return createHash('sha256').update(`${seed}\u0000${stableKey}`).digest('hex');
}
