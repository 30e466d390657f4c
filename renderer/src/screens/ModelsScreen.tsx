import { useRef, useState } from 'react';
import type { CallOutput } from '../../../electron/api/index.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ModelCard } from '../components/models/ModelCard.tsx';
import '../components/models/models.css';
import '../components/train/train.css';
import { formatBytes } from '../components/train/run-events.ts';
import { useCall } from '../hooks/use-call.ts';

/** Models made by training (issue 6): metrics, leak check, files; delete; open in chat. */
export function ModelsScreen() {
  const models = useCall('models.list', {});
  const [freed, setFreed] = useState<number | null>(null);
  const isLoading = models.status === 'loading';
  // Keep the cards on screen while Refresh re-reads them, so open file lists stay open.
  const lastList = useRef<CallOutput<'models.list'> | null>(null);
  if (models.status === 'ready') lastList.current = models.value;
  const list = models.status === 'ready' ? models.value : models.status === 'loading' ? lastList.current : null;
  return (
    <>
      <PageHeader
        title="Models"
        description="The models you have trained and exported for chat, with how they score and the files they use."
        actions={
          <button type="button" className="button" onClick={models.reload} disabled={isLoading}>
            {isLoading ? 'Reading…' : 'Refresh'}
          </button>
        }
      />
      {freed !== null ? (
        <p className="model-freed" role="status">
          Deleted; {formatBytes(freed)} freed.
        </p>
      ) : null}
      {list === null && models.status === 'loading' ? <p className="loading">Reading your models…</p> : null}
      {models.status === 'error' ? <ErrorBanner title="Could not read your models" error={models.error} onRetry={models.reload} /> : null}
      {list !== null && list.length === 0 ? (
        <section className="card card-wide" data-testid="models-empty">
          <h2>No models yet</h2>
          <p>
            A model appears here after a training run is exported: open the <a href="#/train">Train screen</a>, pick a completed run and
            choose &quot;Export for chat&quot;.
          </p>
        </section>
      ) : null}
      {list !== null && list.length > 0 ? (
        <div className="card-grid">
          {list.map((model) => (
            <ModelCard
              key={model.id}
              model={model}
              onDeleted={(bytes) => {
                setFreed(bytes);
                models.reload();
              }}
            />
          ))}
        </div>
      ) : null}
    </>
  );
}
