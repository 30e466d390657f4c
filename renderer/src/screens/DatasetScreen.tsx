import { useState } from 'react';
import type { ConfidantError } from '../../../electron/api/index.ts';
import type { DatasetInfo } from '../../../electron/api/calls/dataset.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { DatasetList } from '../components/dataset/DatasetList.tsx';
import { DatasetSettingsForm, type DatasetSettings } from '../components/dataset/DatasetSettingsForm.tsx';
import { DatasetSummaryCard } from '../components/dataset/DatasetSummaryCard.tsx';
import { ExamplePager } from '../components/dataset/ExamplePager.tsx';
import '../components/dataset/dataset.css';
import { toConfidantError, useCall } from '../hooks/use-call.ts';
import { getClient } from '../transport/index.ts';

const EXAMPLES_PER_PAGE = 3;

/**
 * Issue 5: choose style and base model, see counts, tokens and a time estimate, page through
 * random examples exactly as the model will read them, and build the dataset files.
 */
export function DatasetScreen() {
  const [settings, setSettings] = useState<DatasetSettings>({
    style: 'both',
    maxTokens: 2048,
    seed: 0,
    holdout: 'random',
  });
  const [page, setPage] = useState(0);
  const [build, setBuild] = useState<{ state: 'idle' } | { state: 'building' } | { state: 'built'; dataset: DatasetInfo } | { state: 'failed'; error: ConfidantError }>({
    state: 'idle',
  });
  const bases = useCall('dataset.listBases', {});
  const preview = useCall('dataset.preview', {
    settings,
    sample: { count: EXAMPLES_PER_PAGE, seed: page },
  });
  const list = useCall('dataset.list', {});

  const change = (next: DatasetSettings) => {
    setSettings(next);
    setPage(0);
    setBuild({ state: 'idle' });
  };

  // Asked before a build while findings wait for review: redact them all, or review first.
  const [isAsking, setIsAsking] = useState(false);

  const runBuild = (unreviewed: 'review' | 'redact') => {
    setIsAsking(false);
    setBuild({ state: 'building' });
    getClient()
      .call('dataset.build', { ...settings, unreviewed })
      .then(
        (dataset) => {
          setBuild({ state: 'built', dataset });
          list.reload();
        },
        (error: unknown) =>
          setBuild({
            state: 'failed',
            error: toConfidantError(error, 'dataset.build'),
          }),
      );
  };

  const ready = preview.status === 'ready' && preview.value.state === 'ready' ? preview.value : undefined;
  const canBuild = ready !== undefined && build.state !== 'building';
  const waiting = ready?.summary.toReview ?? { findings: 0, entries: 0 };
  const onBuild = () => (waiting.findings > 0 ? setIsAsking(true) : runBuild('review'));
  return (
    <>
      <PageHeader
        title="Dataset"
        description="The training examples built from the entries you included, with every redaction applied."
        actions={
          <button type="button" className="button" onClick={onBuild} disabled={!canBuild}>
            {build.state === 'building' ? 'Building…' : 'Build dataset'}
          </button>
        }
      />
      {build.state === 'built' ? (
        <p className="dataset-build-result" role="status" data-testid="dataset-build-result">
          Built dataset {build.dataset.id}: files in <code>{build.dataset.path}</code>
        </p>
      ) : null}
      {build.state === 'failed' ? <ErrorBanner title="Could not build the dataset" error={build.error} /> : null}
      {ready && waiting.findings > 0 ? (
        <section className={`card dataset-to-review${isAsking ? ' is-asking' : ''}`} aria-labelledby="dataset-to-review" data-testid="dataset-to-review">
          <h2 id="dataset-to-review">
            {waiting.findings} {waiting.findings === 1 ? 'finding' : 'findings'} in {waiting.entries} {waiting.entries === 1 ? 'entry' : 'entries'} still to review
          </h2>
          <p>
            Names and places the detectors were not sure of: some may be products or ordinary words. Review them first, or redact them all with
            placeholders such as [PERSON] (never an invented name).
          </p>
          <div className="dataset-to-review-actions">
            <a className="button" href="#/review?by=value">Review first</a>{' '}
            <button type="button" className="button" onClick={() => runBuild('redact')} disabled={!canBuild}>Redact them all and build</button>
          </div>
        </section>
      ) : null}
      <div className="dataset-screen">
        <div className="dataset-top">
          <DatasetSettingsForm
            settings={settings}
            bases={bases.status === 'ready' ? bases.value.bases : []}
            defaultBase={bases.status === 'ready' ? bases.value.defaultBase : 'mistral-7b-instruct-v0.2'}
            onChange={change}
          />
          {ready ? <DatasetSummaryCard summary={ready.summary} baseName={ready.base.name} /> : null}
          {preview.status === 'ready' && preview.value.state === 'empty' ? (
            <section className="card" aria-labelledby="dataset-empty">
              <h2 id="dataset-empty">Nothing to train on yet</h2>
              <p data-testid="dataset-empty">{preview.value.message}</p>
            </section>
          ) : null}
        </div>
        {preview.status === 'loading' ? (
          <p className="loading" role="status" aria-live="polite">
            Counting examples and tokens…
          </p>
        ) : null}
        {preview.status === 'error' ? <ErrorBanner title="Could not preview the dataset" error={preview.error} onRetry={preview.reload} /> : null}
        {ready ? <ExamplePager examples={ready.examples} page={page} isLoading={false} onPage={setPage} /> : null}
        {list.status === 'ready' ? <DatasetList datasets={list.value.datasets} /> : null}
        {list.status === 'error' ? <ErrorBanner title="Could not list the datasets" error={list.error} onRetry={list.reload} /> : null}
      </div>
    </>
  );
}
