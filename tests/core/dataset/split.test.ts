import { describe, expect, it } from 'vitest';
import { splitEntries, type SplitName } from '../../../electron/core/dataset/split.ts';

const items = Array.from({ length: 200 }, (_, i) => ({
  id: i + 1,
  stableKey: `/journal\u0000${String(i).padStart(4, '0')}.md`,
  createdAt: `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
}));

function counts(split: Map<number, SplitName>): Record<SplitName, number> {
  const c = { train: 0, val: 0, test: 0 };
  for (const s of split.values()) c[s] += 1;
  return c;
}

describe('train/val/test split', () => {
  it('puts every entry in exactly one split, 80/10/10', () => {
    const split = splitEntries(items, 1, 'random');
    expect(split.size).toBe(items.length);
    expect(counts(split)).toEqual({ train: 160, val: 20, test: 20 });
  });

  it('is the same for the same seed whatever the order or ids of the rows, and differs for another seed', () => {
    const a = splitEntries(items, 7, 'random');
    const reordered = [...items].reverse().map((item) => ({ ...item, id: item.id + 1000 }));
    const b = splitEntries(reordered, 7, 'random');
    for (const item of items) expect(b.get(item.id + 1000)).toBe(a.get(item.id));
    const c = splitEntries(items, 8, 'random');
    expect([...items].filter((item) => a.get(item.id) !== c.get(item.id)).length).toBeGreaterThan(10);
  });

  it('holds out the most recent 10% by date as the test split when asked', () => {
    const split = splitEntries(items, 3, 'recent');
    expect(counts(split)).toEqual({ train: 160, val: 20, test: 20 });
    const testDates = items.filter((i) => split.get(i.id) === 'test').map((i) => i.createdAt);
    const otherDates = items.filter((i) => split.get(i.id) !== 'test').map((i) => i.createdAt);
    expect(testDates.sort()[0] >= otherDates.sort().at(-1)!).toBe(true);
  });

  it('keeps a tiny library in training rather than leaving it empty', () => {
    expect(counts(splitEntries(items.slice(0, 3), 0, 'random'))).toEqual({ train: 3, val: 0, test: 0 });
  });
});
