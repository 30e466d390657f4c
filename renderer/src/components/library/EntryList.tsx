import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CallOutput } from '../../../../electron/api/index.ts';
import { getClient } from '../../transport/index.ts';
import { entryDayLabel } from './entry-day.ts';

type EntrySummary = CallOutput<'library.listEntries'>['entries'][number];
type SearchHit = CallOutput<'library.search'>['hits'][number];

const pageSize = 500;
const rowHeight = 56;

interface EntryListProps {
  total: number;
  /** Bumps whenever the library changed, so loaded pages are fetched again. */
  version: number;
  hits: SearchHit[] | null;
  selectedId: number | null;
  onSelect: (id: number) => void;
}

/**
 * Every entry, newest first, in a virtualised list: only the rows on screen exist in the DOM and
 * pages of 500 are fetched as they scroll into view, so 20,000 entries scroll like 20.
 */
export function EntryList({ total, version, hits, selectedId, onSelect }: EntryListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<Map<number, EntrySummary[]>>(new Map());
  const requested = useRef(new Set<number>());
  const count = hits ? hits.length : total;

  useEffect(() => {
    requested.current.clear();
    setPages(new Map());
  }, [version]);

  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (hits) return;
    const needed = new Set(items.map((item) => Math.floor(item.index / pageSize)));
    for (const page of needed) {
      if (requested.current.has(page)) continue;
      requested.current.add(page);
      void getClient()
        .call('library.listEntries', { offset: page * pageSize, limit: pageSize })
        .then((result) => setPages((old) => new Map(old).set(page, result.entries)), () => requested.current.delete(page));
    }
  }, [items, hits]);

  return (
    <div ref={scroller} className="library-entry-scroller" role="listbox" aria-label="Entries" data-testid="entry-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const entry = hits ? hits[item.index] : pages.get(Math.floor(item.index / pageSize))?.[item.index % pageSize];
          return (
            <div
              key={item.key}
              className={`library-entry-row${entry && entry.id === selectedId ? ' is-selected' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
              role="option"
              aria-selected={entry ? entry.id === selectedId : false}
              tabIndex={-1}
              onClick={() => entry && onSelect(entry.id)}
              data-entry-id={entry?.id}
            >
              {entry ? <Row entry={entry} /> : <span className="muted">…</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Row({ entry }: { entry: EntrySummary | SearchHit }) {
  const snippet = 'snippet' in entry ? entry.snippet : null;
  return (
    <>
      <div className="library-entry-title">
        <span>{entry.title || '(untitled)'}</span>
        <span className="muted library-entry-date">{entryDayLabel(entry)}</span>
      </div>
      <div className="muted library-entry-sub">
        {snippet
          ? snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))
          : `${entry.format}${entry.tags.length > 0 ? ` · #${entry.tags.join(' #')}` : ''}`}
      </div>
    </>
  );
}
