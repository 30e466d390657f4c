import { useState } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import type { ValueDecision, ValueGroup } from '../../../../electron/api/calls/privacy.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { toConfidantError, useCall } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { formatCount } from './segments.ts';

const CHOICES: readonly { decision: ValueDecision; label: string; hint: string }[] = [
  { decision: 'person', label: 'A person', hint: 'redact every mention with one stand-in' },
  { decision: 'place', label: 'A place', hint: 'treat every mention as a place' },
  { decision: 'not_personal', label: 'Not personal', hint: 'keep it as written and never flag it again' },
  { decision: 'each', label: 'One by one', hint: 'decide each mention in its entry' },
];

const DECIDED_AS: Record<ValueDecision, string> = {
  person: 'a person', place: 'a place', not_personal: 'not personal', each: 'decided one by one',
};

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Review by value: the detectors' unlisted guesses grouped by what they say, biggest first, so
 * "Obsidian: 230 mentions in 96 entries" is settled with one click instead of 230.
 */
export function ValueReview({ onChanged, onOpenEntry }: { onChanged: () => void; onOpenEntry: (entryId: number) => void }) {
  const [state, setState] = useState<'open' | 'decided'>('open');
  const values = useCall('privacy.listValues', { state, limit: 100 });
  const [error, setError] = useState<ConfidantError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const decide = async (group: ValueGroup, decision: ValueDecision | null) => {
    setBusy(group.value);
    try {
      await getClient().call('privacy.decideValue', { value: group.value, decision });
      setError(null);
    } catch (e) {
      setError(toConfidantError(e, 'privacy.decideValue'));
    }
    setBusy(null);
    values.reload();
    onChanged();
  };

  return (
    <section className="review-values" aria-labelledby="review-values-title">
      <div className="review-values-head">
        <h2 id="review-values-title">Names and places, by value</h2>
        <label>
          Show{' '}
          <select value={state} onChange={(e) => setState(e.target.value === 'decided' ? 'decided' : 'open')}>
            <option value="open">waiting for a decision</option>
            <option value="decided">decided</option>
          </select>
        </label>
      </div>
      {values.status === 'ready' && state === 'open' ? (
        <p className="muted" data-testid="values-summary">
          {values.value.total === 0
            ? 'No unlisted names or places wait for a decision.'
            : `${plural(values.value.total, 'value', 'values')}, ${plural(values.value.toReview, 'mention', 'mentions')} to review. One decision settles every mention, now and in later scans.`}
        </p>
      ) : null}
      {error ? <ErrorBanner title="That decision was not made" error={error} /> : null}
      {values.status === 'error' ? <ErrorBanner title="Could not list the values" error={values.error} onRetry={values.reload} /> : null}
      {values.status === 'ready' ? (
        <ul className="review-value-list">
          {values.value.values.map((g) => (
            <li key={g.value} className="review-value" data-value={g.value}>
              <p className="review-value-title">
                <strong>{g.value}</strong>: {plural(g.mentions, 'mention', 'mentions')} in {plural(g.entries, 'entry', 'entries')}
                <span className="muted">
                  {g.decision ? ` · ${DECIDED_AS[g.decision]}` : ` · looks like a ${g.kind}${g.toReview > 0 ? `, ${formatCount(g.toReview)} to review` : ''}`}
                </span>
              </p>
              {g.samples.length > 0 ? (
                <ul className="review-value-samples">
                  {g.samples.map((x) => (
                    <li key={x.entryId}>
                      <button type="button" className="link-button" title="Open this entry" onClick={() => onOpenEntry(x.entryId)}>{x.title || `entry ${x.entryId}`}</button>: {x.snippet}
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="review-value-actions" role="group" aria-label={`Decide ${g.value}`}>
                {g.decision === null ? (
                  CHOICES.map((c) => (
                    <button key={c.decision} type="button" className="button button-small" title={c.hint} disabled={busy !== null} onClick={() => void decide(g, c.decision)}>
                      {c.label}
                    </button>
                  ))
                ) : (
                  <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void decide(g, null)}>Undo</button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : values.status === 'loading' ? <p className="loading" role="status">Grouping names and places…</p> : null}
    </section>
  );
}
