import { useEffect, useState } from 'react';
import type { CallOutput, ConfidantError, EventPayload } from '../../../../electron/api/index.ts';
import { toConfidantError, useCall } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { TextWithCode } from '../TextWithCode.tsx';

type EnvState = CallOutput<'training.getEnv'>;
type SetupProgress = EventPayload<'training.setup'>;

/** Enough tool output to see what pip is doing without the card growing without end. */
const MAX_LINES = 200;

const stateLabels: Record<EnvState['state'], { label: string; tone: string; text: string }> = {
  ready: { label: 'Ready', tone: 'badge badge-ok', text: 'The trainer and its Python packages are installed in your data folder.' },
  not_set_up: {
    label: 'Not set up',
    tone: 'badge badge-muted',
    text: 'Training needs its own Python environment. "Set up" makes one in your data folder and installs the trainer with PyTorch for this computer (a one-time download of a few GB).',
  },
  broken: { label: 'Needs repair', tone: 'badge badge-warn', text: 'A setup step failed. "Repair" starts again from that step.' },
};

/** The trainer's Python environment: its state, the step that failed, and setup streamed line by line. */
export function EnvCard() {
  const env = useCall('training.getEnv', {});
  const [isSettingUp, setIsSettingUp] = useState(false);
  const [progress, setProgress] = useState<SetupProgress[]>([]);
  const [setupError, setSetupError] = useState<ConfidantError | null>(null);
  const [existingPython, setExistingPython] = useState('');

  useEffect(
    () =>
      getClient().onEvent((event) => {
        if (event.name === 'training.setup') setProgress((held) => [...held, event.payload].slice(-MAX_LINES));
      }),
    [],
  );

  const setUp = (input: { existingPython?: string }) => {
    setIsSettingUp(true);
    setSetupError(null);
    setProgress([]);
    getClient()
      .call('training.setupEnv', input)
      .catch((cause: unknown) => setSetupError(toConfidantError(cause, 'training.setupEnv')))
      .finally(() => {
        setIsSettingUp(false);
        env.reload();
      });
  };

  return (
    <section className="card card-wide" aria-labelledby="train-env">
      <div className="card-title-row">
        <h2 id="train-env">Trainer environment</h2>
        {env.status === 'ready' && env.value.state !== 'ready' ? (
          <button type="button" className="button" onClick={() => setUp({})} disabled={isSettingUp}>
            {isSettingUp ? 'Setting up…' : env.value.state === 'broken' ? 'Repair' : 'Set up'}
          </button>
        ) : null}
      </div>
      {env.status === 'loading' ? <p className="loading">Reading the trainer environment…</p> : null}
      {env.status === 'error' ? <ErrorBanner title="Could not read the trainer environment" error={env.error} onRetry={env.reload} /> : null}
      {env.status === 'ready' ? <EnvDetails env={env.value} /> : null}
      {env.status === 'ready' && env.value.state !== 'ready' ? (
        <details className="train-existing">
          <summary>Use a Python environment you already have</summary>
          <p className="muted">
            Confidant checks it, installs the trainer into it and leaves its PyTorch alone. Point at its <code>python</code> (for
            example <code>~/venvs/ml/bin/python</code>).
          </p>
          <div className="train-actions">
            <input
              aria-label="Existing Python"
              className="train-existing-input"
              value={existingPython}
              spellCheck={false}
              placeholder="/path/to/venv/bin/python"
              onChange={(e) => setExistingPython(e.target.value)}
            />
            <button
              type="button"
              className="button"
              disabled={isSettingUp || existingPython.trim() === ''}
              onClick={() => setUp({ existingPython: existingPython.trim() })}
            >
              Use this Python
            </button>
          </div>
        </details>
      ) : null}
      {setupError ? <ErrorBanner title="Setup stopped" error={setupError} /> : null}
      {progress.length > 0 ? <SetupLog progress={progress} /> : null}
    </section>
  );
}

function EnvDetails({ env }: { env: EnvState }) {
  const label = stateLabels[env.state];
  const failed = env.steps.find((s) => s.status === 'failed');
  return (
    <>
      <p>
        <span className={label.tone} data-testid="train-env-state">
          {label.label}
        </span>
        {env.python ? (
          <span className="muted">
            Python {env.pythonVersion ?? ''} at <code>{env.python}</code>
          </span>
        ) : null}
      </p>
      <p className="muted">{label.text}</p>
      {failed ? (
        <p className="train-failed-step" role="alert">
          Failed at <strong>{failed.step}</strong>: <TextWithCode text={failed.detail} />
        </p>
      ) : null}
      {env.state !== 'not_set_up' ? (
        <ol className="train-steps">
          {env.steps.map((step) => (
            <li key={step.step} className={`train-step train-step-${step.status}`}>
              <span>{step.step}</span> <span className="muted">{step.status}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

function SetupLog({ progress }: { progress: SetupProgress[] }) {
  const last = progress.at(-1);
  return (
    <div className="train-setup-log">
      {/* A failed step is already named above the steps; repeat only what is still going. */}
      {last && last.status !== 'failed' ? (
        <p role="status" aria-live="polite">
          {last.step}: {last.status} — <TextWithCode text={last.message} />
        </p>
      ) : null}
      <pre aria-label="Setup output">
        {progress.map((p) => p.line ?? `[${p.step}] ${p.status}: ${p.message}`).join('\n')}
      </pre>
    </div>
  );
}
