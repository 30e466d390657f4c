import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { isActive, mergeEvents, type RunSummary, type StoredEvent } from './run-events.ts';

/** How often an active run's summary is re-read: status changes (stopping → stopped) carry no event. */
const POLL_MS = 1500;

export interface FollowedRun {
  run: RunSummary | null;
  events: StoredEvent[];
  error: ConfidantError | null;
  /** Re-reads the summary and any events not yet held (after Stop, Resume, ...). */
  refresh: () => void;
  /** Takes a summary a call just returned, so buttons change without waiting for the next poll. */
  setRun: (run: RunSummary) => void;
}

/**
 * One run, live: its stored events from `training.getRun`, then every `training.event` for it as it
 * arrives. Reading after subscribing, and merging by seq, means a reopened window misses nothing.
 */
export function useRunFollow(runId: string | null): FollowedRun {
  const [run, setRun] = useState<RunSummary | null>(null);
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [error, setError] = useState<ConfidantError | null>(null);
  const lastSeq = useRef(-1);
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    setRun(null);
    setEvents([]);
    setError(null);
    lastSeq.current = -1;
    if (runId === null) return;
    let isCurrent = true;
    let isFetching = false;
    const client = getClient();

    const take = (incoming: StoredEvent[]) => {
      if (incoming.length === 0) return;
      lastSeq.current = Math.max(lastSeq.current, ...incoming.map((e) => e.seq));
      setEvents((held) => mergeEvents(held, incoming));
    };

    const refresh = () => {
      if (isFetching) return;
      isFetching = true;
      client
        .call('training.getRun', { id: runId, afterSeq: lastSeq.current })
        .then(
          (value) => {
            if (!isCurrent) return;
            setError(null);
            setRun(value.run);
            take(value.events);
          },
          (cause: unknown) => {
            if (isCurrent) setError(toConfidantError(cause, 'training.getRun'));
          },
        )
        .finally(() => {
          isFetching = false;
        });
    };
    refreshRef.current = refresh;

    const unsubscribe = client.onEvent((event) => {
      if (event.name !== 'training.event' || event.payload.runId !== runId) return;
      take([{ seq: event.payload.seq, event: event.payload.event }]);
      // The run's status changes with these; read it now rather than at the next poll.
      const kind = event.payload.event.event;
      if (kind === 'done' || kind === 'error' || kind === 'start') refresh();
    });
    refresh();
    return () => {
      isCurrent = false;
      unsubscribe();
      refreshRef.current = () => undefined;
    };
  }, [runId]);

  const isRunActive = run !== null && isActive(run);
  useEffect(() => {
    if (!isRunActive) return;
    const timer = window.setInterval(() => refreshRef.current(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [isRunActive]);

  const refresh = useCallback(() => refreshRef.current(), []);
  const acceptRun = useCallback(
    (next: RunSummary) => {
      if (next.id === runId) setRun(next);
    },
    [runId],
  );
  return { run, events, error, refresh, setRun: acceptRun };
}
