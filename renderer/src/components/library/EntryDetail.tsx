import type { CallOutput } from '../../../../electron/api/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useCall } from '../../hooks/use-call.ts';
import { entryDayLabel } from './entry-day.ts';

type Entry = CallOutput<'library.getEntry'>;

/** The entry's text exactly as Confidant extracted it (what review and training will see), beside its metadata. */
export function EntryDetail({ id }: { id: number }) {
  const entry = useCall('library.getEntry', { id });
  if (entry.status === 'loading') return <p className="loading">Opening the entry…</p>;
  if (entry.status === 'error') return <ErrorBanner title="Could not open the entry" error={entry.error} onRetry={entry.reload} />;
  return <EntryView entry={entry.value} />;
}

function EntryView({ entry }: { entry: Entry }) {
  return (
    <article className="library-detail" aria-labelledby="entry-title">
      <h2 id="entry-title">{entry.title || '(untitled)'}</h2>
      <div className="library-detail-body">
        <pre className="library-text" data-testid="entry-text">
          {entry.text}
        </pre>
        <dl className="facts library-meta">
          <dt>Written</dt>
          <dd>{entryDayLabel(entry)}</dd>
          <dt>Created</dt>
          <dd>
            {entry.createdAt ?? 'unknown'} <span className="muted">(from {entry.createdFrom ?? 'nowhere'})</span>
          </dd>
          <dt>Modified</dt>
          <dd>{entry.modifiedAt ?? 'unknown'}</dd>
          <dt>File</dt>
          <dd>
            <code>{entry.relPath ?? entry.key}</code>
          </dd>
          <dt>Format</dt>
          <dd>{entry.format}</dd>
          <dt>Tags</dt>
          <dd>{entry.tags.length > 0 ? entry.tags.map((t) => `#${t}`).join(' ') : 'none'}</dd>
          {entry.removed ? (
            <>
              <dt>State</dt>
              <dd>The file is gone; your decisions about this entry are kept.</dd>
            </>
          ) : null}
          <dt>Metadata</dt>
          <dd>
            <pre className="library-metadata">{JSON.stringify(entry.metadata, null, 2)}</pre>
          </dd>
        </dl>
      </div>
    </article>
  );
}
