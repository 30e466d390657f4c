import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfidantError } from '../../../electron/api/index.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EnvCard } from '../components/train/EnvCard.tsx';
import { RunForm } from '../components/train/RunForm.tsx';
import { RunHistory } from '../components/train/RunHistory.tsx';
import { RunPanel } from '../components/train/RunPanel.tsx';
import { isActive, type RunSummary } from '../components/train/run-events.ts';
import '../components/train/train.css';
import { toConfidantError } from '../hooks/use-call.ts';
import { getClient } from '../transport/index.ts';

/** While a run goes, the history re-reads this often (statuses change without an event). */
const HISTORY_POLL_MS = 2500;

/**
 * The Train screen (issue 6): the trainer environment, a new run with its preflight, the chosen
 * run live (or as stored), and every run so far. Reopening it finds a running run and follows it.
 */
export function TrainScreen() {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [runsError, setRunsError] = useState<ConfidantError | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const isLoading = useRef(false);

  const loadRuns = useCallback(() => {
    if (isLoading.current) return;
    isLoading.current = true;
    getClient()
      .call('training.listRuns', {})
      .then(
        (value) => {
          setRuns(value);
          setRunsError(null);
        },
        (cause: unknown) => setRunsError(toConfidantError(cause, 'training.listRuns')),
      )
      .finally(() => {
        isLoading.current = false;
      });
  }, []);

  useEffect(() => {
    loadRuns();
    return getClient().onEvent((event) => {
      if (event.name !== 'training.event') return;
      const kind = event.payload.event.event;
      if (kind === 'start' || kind === 'done' || kind === 'error' || kind === 'checkpoint') loadRuns();
    });
  }, [loadRuns]);

  const activeRun = runs?.find(isActive) ?? null;
  const hasActiveRun = activeRun !== null;
  useEffect(() => {
    if (!hasActiveRun) return;
    const timer = window.setInterval(loadRuns, HISTORY_POLL_MS);
    return () => window.clearInterval(timer);
  }, [hasActiveRun, loadRuns]);

  // Until the person picks one, show the run that is going, else the newest.
  const selectedId = chosenId ?? activeRun?.id ?? runs?.[0]?.id ?? null;

  const onRunChanged = useCallback(
    (run: RunSummary) => {
      setChosenId(run.id);
      loadRuns();
    },
    [loadRuns],
  );

  const onRunSeen = useCallback((seen: RunSummary) => {
    setRuns((held) => held?.map((r) => (r.id === seen.id ? seen : r)) ?? held);
  }, []);

  return (
    <>
      <PageHeader
        title="Train"
        description="Fine-tune a model on your dataset with your own NVIDIA GPU. Runs keep going if you close this window; come back to follow them."
      />
      <div className="card-grid train-screen">
        <EnvCard />
        <RunForm isBusy={hasActiveRun} onStarted={onRunChanged} />
        {selectedId ? <RunPanel key={selectedId} runId={selectedId} onChanged={onRunChanged} onSeen={onRunSeen} /> : null}
        <RunHistory runs={runs} error={runsError} selectedId={selectedId} onSelect={setChosenId} onRetry={loadRuns} />
      </div>
    </>
  );
}
