import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../electron/api/index.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EntryDetail } from '../components/library/EntryDetail.tsx';
import { EntryList } from '../components/library/EntryList.tsx';
import { SourcesPanel } from '../components/library/SourcesPanel.tsx';
import { useCall } from '../hooks/use-call.ts';
import { getClient } from '../transport/index.ts';
import '../components/library/library.css';

type Progress = CallOutput<'library.listSources'>[number]['progress'] & object;
type Hits = CallOutput<'library.search'>;

/** The Library (issue 3): the folders Confidant reads, their progress and errors, every entry, and search. */
export function LibraryScreen() {
  const [version, setVersion] = useState(0);
  const sources = useCall('library.listSources', {});
  const entries = useCall('library.listEntries', { limit: 1 });
  const [progress, setProgress] = useState<Map<number, Progress>>(new Map());
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hits | null>(null);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const { reload: reloadSources } = sources;
  const { reload: reloadEntries } = entries;
  useEffect(() => {
    reloadSources();
    reloadEntries();
  }, [version, reloadSources, reloadEntries]);

  useEffect(
    () =>
      getClient().onEvent((event) => {
        if (event.name === 'library.indexProgress') {
          setProgress((old) => new Map(old).set(event.payload.sourceId, event.payload));
          if (event.payload.phase === 'done') refresh();
        } else if (event.name === 'library.watchState') refresh();
      }),
    [refresh],
  );

  async function search(event: FormEvent) {
    event.preventDefault();
    if (query.trim() === '') {
      setHits(null);
      return;
    }
    setHits(await getClient().call('library.search', { query, limit: 200 }));
  }

  const total = entries.status === 'ready' ? entries.value.total : 0;
  return (
    <>
      <PageHeader title="Library" description="The folders of notes and journals Confidant reads, and the entries found in them." />
      {sources.status === 'error' ? <ErrorBanner title="Could not list the folders" error={sources.error} onRetry={sources.reload} /> : null}
      <SourcesPanel sources={sources.status === 'ready' ? sources.value : []} progress={progress} onChanged={refresh} />
      <div className="library-browser">
        <section aria-labelledby="library-entries-title">
          <h2 id="library-entries-title">
            {hits ? `${hits.total} match${hits.total === 1 ? '' : 'es'}` : `${total} entr${total === 1 ? 'y' : 'ies'}`}
          </h2>
          <form className="library-search" role="search" onSubmit={search}>
            <input
              className="library-input"
              type="search"
              aria-label="Search entries"
              placeholder="Search words, “a phrase”, or prefix*"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                if (e.target.value === '') setHits(null);
              }}
            />
            <button type="submit" className="button">
              Search
            </button>
          </form>
          <EntryList total={total} version={version} hits={hits?.hits ?? null} selectedId={selectedId} onSelect={setSelectedId} />
        </section>
        <section className="card" aria-label="Entry">
          {selectedId !== null ? <EntryDetail id={selectedId} /> : <p className="muted">Pick an entry to see its text as Confidant extracted it.</p>}
        </section>
      </div>
    </>
  );
}
