import { describe, expect, it } from 'vitest';
import { deduplicate } from '../../../electron/core/dataset/dedup.ts';
import { prose } from './fixtures.ts';

describe('deduplication', () => {
  it('drops exact duplicates that differ only in case, punctuation and spacing, keeping the newest', () => {
    const text = prose(1, 200);
    const result = deduplicate(
      [
        { id: 1, createdAt: '2024-01-01', text },
        { id: 2, createdAt: '2024-03-01', text: `  ${text.toUpperCase().replace(/\./g, '!')}  ` },
        { id: 3, createdAt: '2024-02-01', text: prose(2, 200) },
      ],
      { threshold: 0.8 },
    );
    expect(result.keptIds.sort()).toEqual([2, 3]);
    expect(result.exactDuplicates).toBe(1);
    expect(result.nearDuplicates).toBe(0);
    expect(result.replacedBy.get(1)).toBe(2);
  });

  it('drops a near-duplicate (a few words changed) and keeps the newest copy', () => {
    const original = prose(3, 300);
    const words = original.split(' ');
    words[40] = 'elephant';
    words[150] = 'saxophone';
    const edited = words.join(' ');
    const result = deduplicate(
      [
        { id: 10, createdAt: '2023-05-01', text: edited },
        { id: 11, createdAt: '2023-06-01', text: original },
        { id: 12, createdAt: '2023-07-01', text: prose(4, 300) },
      ],
      { threshold: 0.8 },
    );
    expect(result.keptIds.sort()).toEqual([11, 12]);
    expect(result.nearDuplicates).toBe(1);
    expect(result.replacedBy.get(10)).toBe(11);
  });

  it('keeps a half-rewritten entry at 0.8 but drops it when the threshold is lowered', () => {
    const a = prose(5, 300);
    const b = `${a.split(' ').slice(0, 200).join(' ')} ${prose(6, 100)}`;
    const items = [
      { id: 1, createdAt: '2024-01-01', text: a },
      { id: 2, createdAt: '2024-01-02', text: b },
    ];
    expect(deduplicate(items, { threshold: 0.8 }).keptIds.sort()).toEqual([1, 2]);
    const loose = deduplicate(items, { threshold: 0.4 });
    expect(loose.keptIds).toEqual([2]);
    expect(loose.nearDuplicates).toBe(1);
  });

  it('keeps distinct entries that share the same everyday words', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: i, createdAt: null, text: prose(100 + i, 250) }));
    const result = deduplicate(items, { threshold: 0.8 });
    expect(result.keptIds).toHaveLength(200);
    expect(result.exactDuplicates + result.nearDuplicates).toBe(0);
  });
});
