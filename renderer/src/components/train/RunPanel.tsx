import { useEffect, useState } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { TextWithCode } from '../TextWithCode.tsx';
import { EventLog } from './EventLog.tsx';
import { ExportBox } from './ExportBox.tsx';
import { RunCharts } from './RunCharts.tsx';
import { exportPhases, formatDuration, formatTime, isActive, statusLabels, viewOfEvents, type RunSummary } from './run-events.ts';
import { useRunFollow } from './use-run-follow.ts';

type Action = 'training.stopRun' | 'training.resumeRun' | 'training.cancelRun';

interface RunPanelProps {
  runId: string;
  /** A call changed a run (or started an export run); the history should re-read. */
  onChanged: (run: RunSummary) => void;
  /** The followed run's summary as last read, so the history and Start agree with this panel. */
  onSeen: (run: RunSummary) => void;
}

/** One run, live or stored: progress, figures, charts, the event log and what can be done with it. */
export function RunPanel({ runId, onChanged, onSeen }: RunPanelProps) {
  const followed = useRunFollow(runId);
  const [actionError, setActionError] = useState<ConfidantError | null>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const { run } = followed;
  useEffect(() => {
    if (run) onSeen(run);
  }, [run, onSeen]);

  const act = (name: Action) => {
    setPending(name);
    setActionError(null);
    getClient()
      .call(name, { id: runId })
      .then(
        (next) => {
          followed.setRun(next);
          followed.refresh();
          onChanged(next);
        },
        (cause: unknown) => setActionError(toConfidantError(cause, name)),
      )
      .finally(() => setPending(null));
  };

  if (followed.error && !run) return <ErrorBanner title={`Could not read run ${runId}`} error={followed.error} onRetry={followed.refresh} />;
  if (!run) return <p className="loading">Reading run {runId}…</p>;

  const view = viewOfEvents(followed.events);
  const label = statusLabels[run.status];
  const step = view.latest?.step ?? run.lastStep ?? 0;
  const total = view.latest?.total_steps ?? run.totalSteps ?? null;
  const isLive = isActive(run);
  return (
    <section className="card card-wide train-run" aria-labelledby="train-run-title" data-testid="train-run" data-status={run.status}>
      <div className="card-title-row">
        <h2 id="train-run-title">
          {run.command === 'export' ? 'Export' : 'Run'} <code>{run.id}</code>
        </h2>
        <span className={label.tone} data-testid="train-run-status">
          {label.label}
        </span>
      </div>
      <p className="muted">
        {run.datasetId ? <>Dataset {run.datasetId} · </> : null}
        {run.preset ? <>preset {run.preset} · </> : null}
        base <code>{run.baseModel}</code> · started {formatTime(run.createdAt)}
      </p>

      {run.error ? (
        <div className="banner banner-error" role="alert">
          <div className="banner-body">
            <p className="banner-title">{run.status === 'failed' ? 'The run failed' : 'Last error'}</p>
            <p>
              <TextWithCode text={run.error} />
            </p>
            {run.hint ? (
              <p className="train-hint">
                <TextWithCode text={run.hint} />
              </p>
            ) : null}
          </div>
        </div>
      ) : null}

      {run.command === 'export' ? (
        <ExportProgress run={run} events={followed.events} />
      ) : (
        <>
        <div className="train-progress">
          <progress max={total ?? 1} value={total ? Math.min(step, total) : 0} aria-label="Training progress" />
          <span data-testid="train-step">{total ? `Step ${step} of ${total}` : isLive ? 'Loading the model…' : 'No steps recorded'}</span>
        </div>
        <dl className="train-figures">
          <div>
            <dt>Loss</dt>
            <dd>{view.latest ? view.latest.loss.toFixed(4) : '—'}</dd>
          </div>
          <div>
            <dt>Tokens/s</dt>
            <dd>{view.latest ? view.latest.tokens_per_s.toFixed(1) : '—'}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd>{isLive && view.latest ? formatDuration(view.latest.eta_s) : '—'}</dd>
          </div>
          <div>
            <dt>GPU memory</dt>
            <dd>{view.latest ? `${view.latest.vram_gb.toFixed(2)} GB` : '—'}</dd>
          </div>
        </dl>
        </>
      )}

      <div className="train-actions">
        {run.status === 'running' ? (
          <button type="button" className="button" onClick={() => act('training.stopRun')} disabled={pending !== null}>
            {pending === 'training.stopRun' ? 'Stopping…' : 'Stop'}
          </button>
        ) : null}
        {run.resumable && !isLive ? (
          <button type="button" className="button button-primary" onClick={() => act('training.resumeRun')} disabled={pending !== null}>
            {pending === 'training.resumeRun' ? 'Resuming…' : 'Resume'}
          </button>
        ) : null}
        {isLive || run.resumable ? (
          <button type="button" className="button button-danger" onClick={() => act('training.cancelRun')} disabled={pending !== null}>
            Cancel run
          </button>
        ) : null}
        <span className="muted">
          {run.status === 'stopping' ? 'Saving a checkpoint, then the trainer stops.' : null}
          {run.status === 'running' ? 'Stop saves a checkpoint so you can resume; Cancel ends the run at once.' : null}
          {run.resumable && !isLive ? 'Resume continues from the last checkpoint.' : null}
        </span>
      </div>
      {actionError ? <ErrorBanner title="That did not work" error={actionError} /> : null}
      {followed.error ? <ErrorBanner title="Lost touch with the run; retrying" error={followed.error} /> : null}

      {run.command === 'export' ? null : <RunCharts points={view.points} />}

      <h3 className="train-subhead">Event log</h3>
      <EventLog events={view.log} />

      {run.command === 'train' && run.status === 'completed' ? <ExportBox runId={run.id} onStarted={onChanged} /> : null}
    </section>
  );
}

/** An export has no steps: show its phases (evaluate, merge, GGUF, quantize) instead. */
function ExportProgress({ run, events }: { run: RunSummary; events: ReturnType<typeof useRunFollow>['events'] }) {
  const phases = exportPhases(events, run.status);
  const done = phases.filter((p) => p.state === 'done').length;
  const current = phases.find((p) => p.state === 'current');
  return (
    <>
      <div className="train-progress">
        <progress max={phases.length} value={done} aria-label="Export progress" />
        <span data-testid="train-step">
          {run.status === 'completed' ? 'Exported' : current ? `${current.name} (${done + 1} of ${phases.length})` : 'Waiting to start'}
        </span>
      </div>
      <ol className="train-phases">
        {phases.map((phase) => (
          <li key={phase.name} className={`train-phase train-phase-${phase.state}`}>
            {phase.name}
          </li>
        ))}
      </ol>
      {run.status === 'completed' ? (
        <p>
          The model is ready: see it on the <a href="#/models">Models screen</a>, or open it from there in chat.
        </p>
      ) : null}
    </>
  );
}
