import type { CallOutput } from '../../../electron/api/index.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TextWithCode } from '../components/TextWithCode.tsx';
import { useCall } from '../hooks/use-call.ts';

type Status = CallOutput<'status.get'>;

const trainerLabels: Record<Status['trainer']['state'], { label: string; tone: string }> = {
  ready: { label: 'Ready', tone: 'badge-ok' },
  not_set_up: { label: 'Not set up', tone: 'badge-muted' },
  broken: { label: 'Needs repair', tone: 'badge-warn' },
};

/** What `confidant status` prints, for people who never open a terminal. */
export function StatusScreen() {
  const status = useCall('status.get', {});
  const isLoading = status.status === 'loading';
  return (
    <>
      <PageHeader
        title="Status"
        description="Where your data lives, and what this computer can do for training and chat."
        actions={
          <button type="button" className="button" onClick={status.reload} disabled={isLoading}>
            {isLoading ? 'Checking…' : 'Refresh'}
          </button>
        }
      />
      {status.status === 'loading' ? (
        <p className="loading" role="status" aria-live="polite">
          Checking the data folder, trainer, GPUs and chat backend…
        </p>
      ) : null}
      {status.status === 'error' ? <ErrorBanner title="Could not read the status" error={status.error} onRetry={status.reload} /> : null}
      {status.status === 'ready' ? <StatusDetails status={status.value} /> : null}
    </>
  );
}

function StatusDetails({ status }: { status: Status }) {
  const trainer = trainerLabels[status.trainer.state];
  return (
    <div className="card-grid">
      <section className="card card-wide" aria-labelledby="status-data">
        <h2 id="status-data">Your data</h2>
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <code data-testid="status-data-dir">{status.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{status.databasePath}</code>
          </dd>
          <dt>Database schema</dt>
          <dd data-testid="status-schema">Version {status.schemaVersion}</dd>
          <dt>Confidant</dt>
          <dd>Version {status.version}</dd>
        </dl>
        <p className="muted">Everything Confidant makes is in this folder. Deleting it removes every trace.</p>
      </section>

      <section className="card" aria-labelledby="status-trainer">
        <h2 id="status-trainer">Trainer</h2>
        <p>
          <span className={`badge ${trainer.tone}`}>{trainer.label}</span>
        </p>
        <p>
          <TextWithCode text={status.trainer.detail} />
        </p>
        {status.trainer.pythonPath ? (
          <p className="muted">
            Python: <code>{status.trainer.pythonPath}</code>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="status-gpus">
        <h2 id="status-gpus">GPUs</h2>
        {status.gpus.length === 0 ? (
          <p>
            <span className="badge badge-muted">No NVIDIA GPU</span>
          </p>
        ) : (
          <ul className="gpu-list">
            {status.gpus.map((gpu, index) => (
              <li key={`${gpu.name}-${index}`}>
                <strong>{gpu.name}</strong>
                <span className="muted">
                  {formatMb(gpu.memoryFreeMb)} free of {formatMb(gpu.memoryTotalMb)} · driver {gpu.driverVersion}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className={status.gpus.length === 0 ? undefined : 'muted'}>
          <TextWithCode text={status.gpuDetail} />
        </p>
      </section>

      <section className="card" aria-labelledby="status-chat">
        <h2 id="status-chat">Chat</h2>
        <p>
          {status.chatBackend.available.length > 0 ? (
            status.chatBackend.available.map((backend) => (
              <span key={backend} className="badge badge-ok">
                {backend.toUpperCase()}
              </span>
            ))
          ) : (
            <span className="badge badge-warn">Unavailable</span>
          )}
        </p>
        <p className="muted">
          <TextWithCode text={status.chatBackend.detail} />
        </p>
      </section>
    </div>
  );
}

function formatMb(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`;
}
