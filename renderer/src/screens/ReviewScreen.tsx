import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfidantError } from '../../../electron/api/index.ts';
import type { Finding, QueueItem, ReviewEntry } from '../../../electron/api/calls/privacy.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { BulkPanel } from '../components/review/BulkPanel.tsx';
import { EntryReview } from '../components/review/EntryReview.tsx';
import { HomeRegionsCard } from '../components/review/HomeRegionsCard.tsx';
import { ReviewQueue } from '../components/review/ReviewQueue.tsx';
import { ValueReview } from '../components/review/ValueReview.tsx';
import { formatCount } from '../components/review/segments.ts';
import { toConfidantError, useCall } from '../hooks/use-call.ts';
import { getClient } from '../transport/index.ts';
import '../components/review/review.css';

/** Shown on screen so every one-key action is discoverable. */
const KEYS: readonly [string, string][] = [
  ['j / k', 'next / previous entry'],
  ['i / x', 'include / exclude entry'],
  ['n / p', 'next / previous finding'],
  ['r / o', 'redact / keep finding'],
];

type Filter = 'all' | 'unreviewed' | 'flagged';

/**
 * Review: a risk-ordered queue, entry text with findings, one-key decisions, bulk rules and the
 * whole training example; or names and places by value, one decision for every mention.
 */
export function ReviewScreen() {
  // The Dataset screen's "Review first" opens the values view (`#/review?by=value`).
  const [view, setView] = useState<'entries' | 'values'>(() => (window.location.hash.includes('by=value') ? 'values' : 'entries'));
  const [version, setVersion] = useState(0);
  const [filter, setFilter] = useState<Filter>('all');
  const queue = useCall('privacy.getQueue', { filter, limit: 500 });
  const policies = useCall('privacy.listKindPolicies', {});
  const rules = useCall('privacy.listRules', {});
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [entry, setEntry] = useState<ReviewEntry | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<ConfidantError | null>(null);
  // The server re-sorts reviewed entries to the end; the screen keeps the order it first showed, so
  // j/k walk a stable list. A new filter, or "Scan again", takes the server's order afresh.
  const [order, setOrder] = useState<number[]>([]);
  const fresh: readonly QueueItem[] = queue.status === 'ready' ? queue.value.items : [];
  useEffect(() => {
    if (queue.status !== 'ready') return;
    setOrder((old) => {
      const ids = queue.value.items.map((i) => i.entryId);
      const present = new Set(ids);
      const kept = old.filter((id) => present.has(id));
      const known = new Set(kept);
      return [...kept, ...ids.filter((id) => !known.has(id))];
    });
  }, [queue]);
  const position = new Map(order.map((id, i) => [id, i]));
  const items = [...fresh].sort((a, b) => (position.get(a.entryId) ?? Infinity) - (position.get(b.entryId) ?? Infinity));
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const { reload: reloadQueue } = queue;
  const { reload: reloadPolicies } = policies;
  const { reload: reloadRules } = rules;
  const refresh = useCallback(() => {
    reloadQueue();
    reloadPolicies();
    reloadRules();
    setVersion((v) => v + 1);
  }, [reloadQueue, reloadPolicies, reloadRules]);

  useEffect(() => {
    if (selectedId === null && items[0]) setSelectedId(items[0].entryId);
  }, [items, selectedId]);

  useEffect(() => {
    if (selectedId === null) return;
    let isCurrent = true;
    getClient().call('privacy.getEntry', { entryId: selectedId }).then(
      (value) => {
        if (!isCurrent) return;
        setEntry(value);
        setCursor((c) => (value.findings.some((f) => f.id === c) ? c : (value.findings[0]?.id ?? null)));
      },
      (e: unknown) => isCurrent && setError(toConfidantError(e, 'privacy.getEntry')),
    );
    return () => {
      isCurrent = false;
    };
  }, [selectedId, version]);

  const act = useCallback(async (change: () => Promise<unknown>): Promise<ConfidantError | null> => {
    try {
      await change();
      setError(null);
      refresh();
      return null;
    } catch (e) {
      const failure = toConfidantError(e, 'privacy');
      refresh();
      return failure;
    }
  }, [refresh]);

  const move = useCallback((step: number) => {
    const list = itemsRef.current;
    const index = list.findIndex((i) => i.entryId === selectedId);
    const next = list[Math.min(list.length - 1, Math.max(0, index + step))];
    if (next) setSelectedId(next.entryId);
  }, [selectedId]);

  const decideEntry = useCallback(async (decision: 'include' | 'exclude') => {
    if (selectedId === null) return;
    // The queue re-sorts reviewed entries to the end, so pick the next one from the order on screen.
    const list = itemsRef.current;
    const index = list.findIndex((i) => i.entryId === selectedId);
    const next = list[index + 1] ?? list[index - 1];
    const failure = await act(() => getClient().call('privacy.setEntryDecision', { entryIds: [selectedId], decision }));
    if (failure) setError(failure);
    else if (next) setSelectedId(next.entryId);
  }, [act, selectedId]);

  const decideFinding = useCallback(async (finding: Finding, action: 'redact' | 'keep') => {
    setCursor(finding.id);
    const failure = await act(() => getClient().call('privacy.setFindingDecision', { findingIds: [finding.id], action }));
    if (failure) setError(failure);
  }, [act]);

  const moveCursor = useCallback((step: number) => {
    if (!entry || entry.findings.length === 0) return;
    const index = entry.findings.findIndex((f) => f.id === cursor);
    const next = entry.findings[(index + step + entry.findings.length) % entry.findings.length];
    if (next) setCursor(next.id);
  }, [entry, cursor]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (view !== 'entries') return;
      const target = event.target;
      if (target instanceof HTMLElement && (target.closest('input, select, textarea') || target.isContentEditable)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const finding = entry?.findings.find((f) => f.id === cursor);
      const actions: Record<string, () => void> = {
        j: () => move(1),
        k: () => move(-1),
        i: () => void decideEntry('include'),
        x: () => void decideEntry('exclude'),
        n: () => moveCursor(1),
        p: () => moveCursor(-1),
        r: () => finding && void decideFinding(finding, 'redact'),
        o: () => finding && void decideFinding(finding, 'keep'),
      };
      const run = actions[event.key];
      if (run) {
        event.preventDefault();
        run();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, moveCursor, decideEntry, decideFinding, entry, cursor, view]);

  const client = getClient();
  const progress = queue.status === 'ready' ? queue.value : null;
  return (
    <>
      <PageHeader
        title="Review"
        description="Decide what your model may learn from: riskiest entries first, every redaction visible."
        actions={
          <button type="button" className="button" onClick={() => { setOrder([]); void act(() => client.call('privacy.scan', { force: false })); }}>
            Scan again
          </button>
        }
      />
      {queue.status === 'error' ? <ErrorBanner title="Could not load the review queue" error={queue.error} onRetry={queue.reload} /> : null}
      {error ? <ErrorBanner title="That change was not made" error={error} onRetry={refresh} /> : null}
      <div className="review-views" role="group" aria-label="Review">
        <button type="button" className="button" aria-pressed={view === 'entries'} onClick={() => setView('entries')}>Entry by entry</button>
        <button type="button" className="button" aria-pressed={view === 'values'} onClick={() => setView('values')}>Names and places by value</button>
      </div>
      {view === 'values' ? <ValueReview onChanged={refresh} onOpenEntry={(id) => { setSelectedId(id); setView('entries'); }} /> : null}
      {view === 'entries' ? (<>
      <div className="review-toolbar">
        <p className="review-progress" role="status" data-testid="progress">
          {progress ? `${formatCount(progress.reviewed)} of ${formatCount(progress.totalEntries)} reviewed` : 'Loading…'}
        </p>
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => {
            setOrder([]);
            setFilter(e.target.value === 'unreviewed' ? 'unreviewed' : e.target.value === 'flagged' ? 'flagged' : 'all');
          }}>
            <option value="all">all entries</option>
            <option value="unreviewed">not yet reviewed</option>
            <option value="flagged">changed since review</option>
          </select>
        </label>
        <ul className="review-keys" aria-label="Keyboard shortcuts">
          {KEYS.map(([keys, what]) => (
            <li key={keys}><kbd>{keys}</kbd> {what}</li>
          ))}
        </ul>
      </div>
      <div className="review-layout">
        <section aria-label="Queue" className="review-queue-pane">
          <ReviewQueue items={items} selectedId={selectedId} onSelect={setSelectedId} />
        </section>
        <section aria-label="Entry" className="review-entry-pane">
          {entry && entry.entryId === selectedId ? (
            <>
              <div className="review-entry-actions">
                <button type="button" className="button" aria-pressed={entry.verdict.included} onClick={() => void decideEntry('include')}>Include <kbd>i</kbd></button>
                <button type="button" className="button" aria-pressed={!entry.verdict.included} onClick={() => void decideEntry('exclude')}>Exclude <kbd>x</kbd></button>
              </div>
              <EntryReview entry={entry} cursor={cursor} onPickFinding={setCursor} onDecideFinding={(f, a) => void decideFinding(f, a)} />
            </>
          ) : items.length > 0 ? <p className="muted">Loading the entry…</p> : null}
        </section>
      </div>
      </>) : null}
      <BulkPanel
        policies={policies.status === 'ready' ? policies.value.policies : []}
        rules={rules.status === 'ready' ? rules.value.rules : []}
        act={act}
        client={{
          setKindPolicy: (p) => client.call('privacy.setKindPolicy', p),
          decideKind: (kind, action) => client.call('privacy.decideKind', { kind, action }),
          addRule: (type, value) => client.call('privacy.addRule', { type, value }),
          updateRule: (id, enabled) => client.call('privacy.updateRule', { id, enabled }),
          removeRule: (id) => client.call('privacy.removeRule', { id }),
          decideRule: (id, decision) => client.call('privacy.decideRule', { ruleId: id, decision }),
        }}
      />
      <HomeRegionsCard onChanged={refresh} />
    </>
  );
}
