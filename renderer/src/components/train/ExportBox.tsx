import { useState } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import type { RunSummary } from './run-events.ts';

const quants = [
  { id: 'Q4_K_M', text: 'Q4_K_M: smallest and fastest; right for most computers' },
  { id: 'Q5_K_M', text: 'Q5_K_M: a little larger, a little closer to the original' },
  { id: 'Q8_0', text: 'Q8_0: nearly the original quality; twice the size of Q4' },
] as const;

type Quant = (typeof quants)[number]['id'];

/** "Export for chat": evaluate, merge, convert and quantize a finished run, as an export run of its own. */
export function ExportBox({ runId, onStarted }: { runId: string; onStarted: (run: RunSummary) => void }) {
  const [quant, setQuant] = useState<Quant>('Q4_K_M');
  const [isStarting, setIsStarting] = useState(false);
  const [error, setError] = useState<ConfidantError | null>(null);
  const start = () => {
    setIsStarting(true);
    setError(null);
    getClient()
      .call('training.exportRun', { id: runId, quant })
      .then(onStarted, (cause: unknown) => setError(toConfidantError(cause, 'training.exportRun')))
      .finally(() => setIsStarting(false));
  };
  return (
    <div className="train-export">
      <h3 className="train-subhead">Export for chat</h3>
      <p className="muted">
        Measures perplexity before and after on the test split, checks for leaked canaries, merges the adapter and writes a GGUF file
        that the Chat screen can load. Nothing leaves this computer.
      </p>
      <fieldset className="train-quants">
        <legend>Quantization</legend>
        {quants.map((q) => (
          <label key={q.id}>
            <input type="radio" name={`quant-${runId}`} value={q.id} checked={quant === q.id} onChange={() => setQuant(q.id)} /> {q.text}
          </label>
        ))}
      </fieldset>
      <div className="train-actions">
        <button type="button" className="button button-primary" onClick={start} disabled={isStarting}>
          {isStarting ? 'Starting the export…' : 'Export for chat'}
        </button>
      </div>
      {error ? <ErrorBanner title="The export did not start" error={error} /> : null}
    </div>
  );
}
