import { useEffect, useMemo, useState } from 'react';
import type { CallOutput, ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError, useCall } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { AdvancedPanel, overridesFrom } from './AdvancedPanel.tsx';
import { PreflightReport } from './PreflightCard.tsx';
import type { RunSummary } from './run-events.ts';

type Preflight = CallOutput<'training.preflight'>;

/** The preflight asks the trainer for a memory estimate (a Python start-up), so wait for typing to pause. */
const PREFLIGHT_DELAY_MS = 900;
const FORM_KEY = 'confidant.train.form';

interface SavedForm {
  datasetId: string;
  baseModel: string;
  preset: string;
}

function loadForm(): SavedForm {
  const empty = { datasetId: '', baseModel: '', preset: '' };
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(FORM_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return empty;
    const read = (key: keyof SavedForm) => {
      const value: unknown = Reflect.get(parsed, key);
      return typeof value === 'string' ? value : '';
    };
    return { datasetId: read('datasetId'), baseModel: read('baseModel'), preset: read('preset') };
  } catch {
    return empty;
  }
}

interface RunFormProps {
  /** A run is going: Start waits for it (one run at a time). */
  isBusy: boolean;
  onStarted: (run: RunSummary) => void;
}

/** Dataset, base model, preset and its settings; the preflight report; Start. */
export function RunForm({ isBusy, onStarted }: RunFormProps) {
  const presets = useCall('training.listPresets', {});
  const datasets = useCall('dataset.list', {});
  const bases = useCall('dataset.listBases', {});
  const [form, setForm] = useState(loadForm);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [preflight, setPreflight] = useState<{ status: 'idle' | 'checking' } | { status: 'ready'; report: Preflight } | { status: 'error'; error: ConfidantError }>({
    status: 'idle',
  });
  const [startError, setStartError] = useState<ConfidantError | null>(null);
  const [isStarting, setIsStarting] = useState(false);

  const presetList = presets.status === 'ready' ? presets.value : [];
  const presetName = form.preset || presetList.find((p) => p.name === 'tiny_cpu')?.name || presetList[0]?.name || '';
  const config = presetList.find((p) => p.name === presetName)?.config ?? null;
  const overrides = useMemo(() => overridesFrom(config, edits), [config, edits]);
  const request = useMemo(
    () => ({ baseModel: form.baseModel.trim(), datasetId: form.datasetId.trim() || undefined, preset: presetName, overrides }),
    [form.baseModel, form.datasetId, presetName, overrides],
  );
  const requestKey = JSON.stringify(request);

  useEffect(() => {
    window.localStorage.setItem(FORM_KEY, JSON.stringify(form));
  }, [form]);

  useEffect(() => {
    const current = JSON.parse(requestKey) as typeof request;
    // The check starts the trainer's Python; while a run goes it would only slow that run down.
    if (!current.baseModel || !current.preset || isBusy) {
      setPreflight({ status: 'idle' });
      return;
    }
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      setPreflight({ status: 'checking' });
      getClient()
        .call('training.preflight', current)
        .then(
          (report) => {
            if (isCurrent) setPreflight({ status: 'ready', report });
          },
          (cause: unknown) => {
            if (isCurrent) setPreflight({ status: 'error', error: toConfidantError(cause, 'training.preflight') });
          },
        );
    }, PREFLIGHT_DELAY_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [requestKey, isBusy]);

  const missing = !request.datasetId ? 'Choose a dataset.' : !request.baseModel ? 'Enter the base model folder.' : !request.preset ? 'Choose a preset.' : null;
  const isBlocked = preflight.status === 'ready' && !preflight.report.canTrain;

  const start = () => {
    setIsStarting(true);
    setStartError(null);
    getClient()
      .call('training.startRun', request)
      .then(onStarted, (cause: unknown) => setStartError(toConfidantError(cause, 'training.startRun')))
      .finally(() => setIsStarting(false));
  };

  const datasetIds = datasets.status === 'ready' ? datasets.value.datasets.map((d) => d.id) : [];
  return (
    <section className="card card-wide" aria-labelledby="train-new">
      <h2 id="train-new">New training run</h2>
      <div className="train-form">
        <div className="train-input">
          <label htmlFor="train-dataset">Dataset</label>
          <input
            id="train-dataset"
            aria-describedby="train-dataset-hint"
            list="train-datasets"
            value={form.datasetId}
            placeholder={datasetIds[0] ?? 'dataset id'}
            onChange={(e) => setForm({ ...form, datasetId: e.target.value })}
          />
          <datalist id="train-datasets">
            {datasetIds.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <span className="muted" id="train-dataset-hint">
            {datasets.status === 'ready' && datasetIds.length === 0
              ? 'No dataset built yet: build one on the Dataset screen, or type the id of a folder in datasets/.'
              : 'Built on the Dataset screen; newest first.'}
          </span>
        </div>
        <div className="train-input">
          <label htmlFor="train-base">Base model folder</label>
          <input
            id="train-base"
            aria-describedby="train-base-hint"
            list="train-bases"
            value={form.baseModel}
            placeholder="/path/to/Mistral-7B-v0.3"
            spellCheck={false}
            onChange={(e) => setForm({ ...form, baseModel: e.target.value })}
          />
          <datalist id="train-bases">
            {bases.status === 'ready' ? bases.value.bases.map((b) => <option key={b.dir} value={b.dir} />) : null}
          </datalist>
          <span className="muted" id="train-base-hint">
            A folder with config.json, the tokenizer and the weights.
          </span>
        </div>
        <div className="train-input">
          <label htmlFor="train-preset">Preset</label>
          <select id="train-preset" aria-describedby="train-preset-hint" value={presetName} onChange={(e) => setForm({ ...form, preset: e.target.value })} disabled={presetList.length === 0}>
            {presetList.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="muted" id="train-preset-hint">
            Presets match a GPU size; tiny_cpu is the test model on a CPU.
          </span>
        </div>
      </div>
      {presets.status === 'error' ? <ErrorBanner title="Could not read the presets" error={presets.error} onRetry={presets.reload} /> : null}
      {presets.status === 'ready' && presetList.length === 0 ? (
        <p className="train-advice-bad">No presets were found in the trainer&apos;s configs folder. Reinstall Confidant.</p>
      ) : null}
      {config ? (
        <AdvancedPanel
          config={config}
          edits={edits}
          onEdit={(key, value) => setEdits((held) => ({ ...held, [key]: value }))}
          onReset={() => setEdits({})}
        />
      ) : null}

      <h3 className="train-subhead">Before you start</h3>
      {preflight.status === 'idle' ? (
        <p className="muted">{isBusy ? 'The check runs again when the current run ends.' : 'Enter a base model folder to check this machine.'}</p>
      ) : null}
      {preflight.status === 'checking' ? (
        <p className="loading" role="status">
          Checking the GPU, memory and disk…
        </p>
      ) : null}
      {preflight.status === 'error' ? <ErrorBanner title="Cannot check this run" error={preflight.error} /> : null}
      {preflight.status === 'ready' ? <PreflightReport report={preflight.report} /> : null}

      {startError ? <ErrorBanner title="The run did not start" error={startError} /> : null}
      <div className="train-actions">
        <button type="button" className="button button-primary" onClick={start} disabled={isBusy || isStarting || missing !== null || isBlocked}>
          {isStarting ? 'Starting…' : 'Start training'}
        </button>
        <span className="muted">{isBusy ? 'A run is going; one run at a time.' : (missing ?? (overrides.length > 0 ? `With ${overrides.join(', ')}` : ''))}</span>
      </div>
    </section>
  );
}
