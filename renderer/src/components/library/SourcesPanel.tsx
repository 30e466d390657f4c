import { useEffect, useState, type FormEvent } from 'react';
import type { CallOutput, ConfidantError } from '../../../../electron/api/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';

type Source = CallOutput<'library.listSources'>[number];
type Progress = NonNullable<Source['progress']>;

interface SourcesPanelProps {
  sources: Source[];
  progress: Map<number, Progress>;
  /** Called after anything that changes sources or entries (added, indexed, removed). */
  onChanged: () => void;
}

/**
 * The folders Confidant reads: add one by path (the desktop app adds a native picker around the
 * same call), each with its progress, counts, watcher state and per-file errors.
 */
export function SourcesPanel({ sources, progress, onChanged }: SourcesPanelProps) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConfidantError | null>(null);

  async function addFolder(event: FormEvent) {
    event.preventDefault();
    if (path.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      const client = getClient();
      const source = await client.call('library.addSource', { path: path.trim() });
      setPath('');
      onChanged();
      await client.call('library.index', { sourceId: source.id });
      if (source.watch) await client.call('library.setWatching', { enabled: true, sourceIds: [source.id] });
    } catch (caught) {
      setError(toConfidantError(caught, 'library.addSource'));
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  return (
    <section className="card card-wide library-sources" aria-labelledby="library-sources-title">
      <h2 id="library-sources-title">Folders</h2>
      <form className="library-add" onSubmit={addFolder}>
        <label htmlFor="library-path">Folder to add</label>
        <input
          id="library-path"
          className="library-input"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/you/Notes"
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="button" disabled={busy || path.trim() === ''}>
          {busy ? 'Adding…' : 'Add folder'}
        </button>
      </form>
      <p className="muted">Confidant only reads these folders. It never changes, moves or deletes a file in them.</p>
      {error ? <ErrorBanner title="Could not add the folder" error={error} /> : null}
      {sources.length === 0 ? <p className="muted">No folders yet.</p> : null}
      <ul className="library-source-list">
        {sources.map((source) => (
          <SourceRow key={source.id} source={source} progress={progress.get(source.id) ?? source.progress ?? null} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function SourceRow({ source, progress, onChanged }: { source: Source; progress: Progress | null; onChanged: () => void }) {
  const [errors, setErrors] = useState<{ relPath: string; reason: string }[] | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [failure, setFailure] = useState<ConfidantError | null>(null);
  const isIndexing = progress !== null && progress.phase !== 'done';

  useEffect(() => {
    if (!showErrors) return;
    let isCurrent = true;
    getClient()
      .call('library.listErrors', { sourceId: source.id })
      .then((list) => isCurrent && setErrors(list), (caught: unknown) => isCurrent && setFailure(toConfidantError(caught, 'library.listErrors')));
    return () => {
      isCurrent = false;
    };
  }, [showErrors, source.id, source.errors]);

  async function run(action: () => Promise<unknown>, name: string) {
    setFailure(null);
    try {
      await action();
    } catch (caught) {
      setFailure(toConfidantError(caught, name));
    }
    onChanged();
  }

  const percent = progress && progress.filesTotal > 0 ? Math.round((progress.filesDone / progress.filesTotal) * 100) : 0;
  return (
    <li className="library-source" data-testid={`source-${source.id}`}>
      <div className="library-source-head">
        <div>
          <code className="library-source-path">{source.path}</code>
          <p className="muted library-source-counts" data-testid={`source-${source.id}-counts`}>
            {source.entries} entries · {source.documents} files
            {source.errors > 0 ? ` · ${source.errors} could not be read` : ''} ·{' '}
            {source.watchState.mode === 'watching' ? 'following changes' : source.watchState.mode === 'polling' ? 'rescanning periodically' : 'not watched'}
          </p>
        </div>
        <div className="library-source-actions">
          <button type="button" className="button" disabled={isIndexing} onClick={() => run(() => getClient().call('library.index', { sourceId: source.id }), 'library.index')}>
            {isIndexing ? 'Indexing…' : 'Rescan'}
          </button>
          <button type="button" className="button" onClick={() => run(() => getClient().call('library.removeSource', { id: source.id }), 'library.removeSource')}>
            Remove
          </button>
        </div>
      </div>
      {isIndexing && progress ? (
        <div className="library-progress" role="progressbar" aria-label={`Indexing ${source.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="library-progress-fill" style={{ width: `${percent}%` }} />
          <span className="library-progress-label">
            {progress.phase === 'scanning' ? 'Looking for files…' : `${progress.filesDone} of ${progress.filesTotal} files`}
          </span>
        </div>
      ) : null}
      {source.watchState.warning ? (
        <p className="banner banner-warning library-warning" role="status">
          {source.watchState.warning}
        </p>
      ) : null}
      {source.errors > 0 ? (
        <details className="library-errors" open={showErrors} onToggle={(e) => setShowErrors(e.currentTarget.open)}>
          <summary>
            {source.errors} file{source.errors === 1 ? '' : 's'} could not be read
          </summary>
          <ul>
            {(errors ?? []).map((e) => (
              <li key={e.relPath}>
                <code>{e.relPath}</code>: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {failure ? <ErrorBanner title="That did not work" error={failure} /> : null}
    </li>
  );
}
