import { useState } from 'react';
import type { CallOutput, ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { formatBytes, formatTime } from '../train/run-events.ts';

export type TrainedModel = CallOutput<'models.list'>[number];

/** The chat screen reads `?model=` from its hash to preselect the model (harmless if it does not). */
export function chatHashFor(model: TrainedModel): string {
  return model.chatModelId === null ? '#/chat' : `#/chat?model=${model.chatModelId}`;
}

interface ModelCardProps {
  model: TrainedModel;
  onDeleted: (freedBytes: number) => void;
}

/** One trained model: where it came from, how it scored, its files, delete and open in chat. */
export function ModelCard({ model, onDeleted }: ModelCardProps) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [isDeleting, setIsDeleting] = useState(false);
  const [error, setError] = useState<ConfidantError | null>(null);
  const totalBytes = model.files.reduce((sum, f) => sum + f.bytes, 0);

  const remove = () => {
    setIsDeleting(true);
    setError(null);
    getClient()
      .call('models.delete', { id: model.id })
      .then(
        (result) => onDeleted(result.freedBytes),
        (cause: unknown) => {
          setError(toConfidantError(cause, 'models.delete'));
          setIsDeleting(false);
        },
      );
  };

  return (
    <article className="card card-wide model-card" aria-labelledby={`model-${model.id}`} data-testid="model-card" data-model-id={model.id}>
      <div className="card-title-row">
        <h2 id={`model-${model.id}`}>{model.name}</h2>
        <span className="badge">{model.quant}</span>
      </div>
      <dl className="facts">
        <dt>Base model</dt>
        <dd>
          <code>{model.baseModel}</code>
        </dd>
        <dt>Dataset</dt>
        <dd>{model.datasetId ?? <span className="muted">none recorded</span>}</dd>
        <dt>Made</dt>
        <dd>
          {formatTime(model.createdAt)} <span className="muted">from run {model.runId}</span>
        </dd>
        <dt>Test perplexity</dt>
        <dd data-testid="model-perplexity">
          {model.perplexity ? (
            <>
              {model.perplexity.base.toFixed(2)} before → <strong>{model.perplexity.fineTuned.toFixed(2)}</strong> after
              <span className="muted"> (lower is better)</span>
            </>
          ) : (
            <span className="muted">Not measured: the dataset had no test split.</span>
          )}
        </dd>
        <dt>Leak check</dt>
        <dd data-testid="model-leak">
          <LeakCheck check={model.leakCheck} />
        </dd>
      </dl>

      {model.missingFiles.length > 0 ? (
        <div className="banner banner-error" role="alert">
          <div className="banner-body">
            <p className="banner-title">Some files of this model are missing</p>
            <ul className="banner-issues">
              {model.missingFiles.map((file) => (
                <li key={file}>{file}</li>
              ))}
            </ul>
            <p>Export the run again from the Train screen, or delete this model.</p>
          </div>
        </div>
      ) : null}

      <details className="model-files">
        <summary>
          {model.files.length} {model.files.length === 1 ? 'file' : 'files'}, {formatBytes(totalBytes)}
        </summary>
        <table className="model-file-table">
          <tbody>
            {model.files.map((file) => (
              <tr key={file.path} className={model.missingFiles.includes(file.path) ? 'model-file-missing' : undefined}>
                <td>{file.kind}</td>
                <td>
                  <code>{file.path}</code>
                </td>
                <td className="model-file-size">{formatBytes(file.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <details className="model-files">
        <summary>Hyperparameters</summary>
        <pre className="model-hparams">{JSON.stringify(model.hyperparameters, null, 2)}</pre>
      </details>

      <div className="train-actions">
        <a className="button button-primary" href={chatHashFor(model)} aria-disabled={model.chatModelId === null}>
          Open in chat
        </a>
        {isConfirming ? (
          <>
            <span>
              Delete {model.name} and its {formatBytes(totalBytes)} of files? Conversations with it stay readable.
            </span>
            <button type="button" className="button button-danger" onClick={remove} disabled={isDeleting}>
              {isDeleting ? 'Deleting…' : 'Delete for good'}
            </button>
            <button type="button" className="button" onClick={() => setIsConfirming(false)} disabled={isDeleting}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-danger" onClick={() => setIsConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {model.chatModelId === null ? <p className="muted">This model was removed from chat; export the run again to chat with it.</p> : null}
      {error ? <ErrorBanner title="Could not delete the model" error={error} /> : null}
    </article>
  );
}

function LeakCheck({ check }: { check: TrainedModel['leakCheck'] }) {
  const tone = check.atChance === true ? 'badge badge-ok' : check.atChance === false ? 'badge badge-danger' : 'badge badge-muted';
  const label = check.atChance === true ? 'No leak found' : check.atChance === false ? 'Possible leak' : 'Not checked';
  return (
    <>
      <span className={tone}>{label}</span>
      {check.canaries > 0 ? (
        <span>
          {check.canaries} canaries{check.maxExposureBits !== null ? `, highest exposure ${check.maxExposureBits.toFixed(1)} bits` : ''}
        </span>
      ) : null}
      {check.detail ? <div className="muted">{check.detail}</div> : null}
    </>
  );
}
