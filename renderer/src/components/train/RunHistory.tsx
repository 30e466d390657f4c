import type { ConfidantError } from '../../../../electron/api/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { TextWithCode } from '../TextWithCode.tsx';
import { formatTime, statusLabels, type RunSummary } from './run-events.ts';

interface RunHistoryProps {
  runs: RunSummary[] | null;
  error: ConfidantError | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onRetry: () => void;
}

/** Every run and export, newest first; choosing one shows its stored events and charts above. */
export function RunHistory({ runs, error, selectedId, onSelect, onRetry }: RunHistoryProps) {
  return (
    <section className="card card-wide" aria-labelledby="train-history">
      <h2 id="train-history">Run history</h2>
      {error ? <ErrorBanner title="Could not read the runs" error={error} onRetry={onRetry} /> : null}
      {runs === null && !error ? <p className="loading">Reading the runs…</p> : null}
      {runs !== null && runs.length === 0 ? <p className="muted">No runs yet. Choose a dataset and a base model above, then Start training.</p> : null}
      {runs !== null && runs.length > 0 ? (
        <table className="train-history" data-testid="train-history">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Step</th>
              <th scope="col">Started</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const label = statusLabels[run.status];
              const isSelected = run.id === selectedId;
              return (
                <tr key={run.id} data-run-id={run.id} className={isSelected ? 'train-history-selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSelect(run.id)} aria-current={isSelected ? 'true' : undefined}>
                      {run.command === 'export' ? 'Export ' : ''}
                      {run.id}
                    </button>
                    <div className="muted">{[run.datasetId, run.preset].filter(Boolean).join(' · ')}</div>
                  </td>
                  <td>
                    <span className={label.tone}>{label.label}</span>
                  </td>
                  <td>{run.lastStep === null ? '—' : `${run.lastStep}${run.totalSteps ? ` / ${run.totalSteps}` : ''}`}</td>
                  <td>{formatTime(run.createdAt)}</td>
                  <td>
                    {run.error ? (
                      <>
                        <TextWithCode text={run.error} />
                        {run.hint ? (
                          <div className="muted">
                            <TextWithCode text={run.hint} />
                          </div>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
