import { useState, type FormEvent } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { RuleType, type KindPolicy, type Rule } from '../../../../electron/api/calls/privacy.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { KIND_LABELS, formatCount } from './segments.ts';

interface BulkPanelProps {
  policies: readonly KindPolicy[];
  rules: readonly Rule[];
  /** Runs a change, then refreshes the screen; errors come back to be shown next to the form. */
  act: (change: () => Promise<unknown>) => Promise<ConfidantError | null>;
  client: {
    setKindPolicy: (p: { kind: KindPolicy['kind']; action?: KindPolicy['action']; style?: KindPolicy['style'] }) => Promise<unknown>;
    decideKind: (kind: KindPolicy['kind'], action: 'redact' | 'keep') => Promise<unknown>;
    addRule: (type: RuleType, value: string) => Promise<unknown>;
    updateRule: (id: number, enabled: boolean) => Promise<unknown>;
    removeRule: (id: number) => Promise<unknown>;
    decideRule: (id: number, decision: 'include' | 'exclude') => Promise<unknown>;
  };
}

const RULE_LABELS: Record<RuleType, string> = {
  folder: 'Exclude folder', tag: 'Exclude tag', before: 'Exclude before date', after: 'Exclude after date',
  search: 'Exclude search matches', regex: 'Exclude pattern matches', redact_word: 'Always redact word', redact_regex: 'Always redact pattern',
};

/** Decisions at scale: a default and a style for each kind, and rules with how many entries they touch. */
export function BulkPanel({ policies, rules, act, client }: BulkPanelProps) {
  const [type, setType] = useState<RuleType>('tag');
  const [value, setValue] = useState('');
  const [error, setError] = useState<ConfidantError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const failure = await act(() => client.addRule(type, value));
    setError(failure);
    if (!failure) setValue('');
  }

  return (
    <div className="review-bulk">
      <section className="card" aria-labelledby="review-kinds-title">
        <h2 id="review-kinds-title">Kinds</h2>
        <table className="review-kinds">
          <thead>
            <tr><th scope="col">Kind</th><th scope="col">Default</th><th scope="col">Redact as</th><th scope="col">Every finding</th></tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.kind} data-kind-row={p.kind}>
                <th scope="row"><span className={`review-chip kind-${p.kind}`}>{KIND_LABELS[p.kind]}</span></th>
                <td>
                  <select aria-label={`Default for ${KIND_LABELS[p.kind]}`} value={p.action} onChange={(e) => void act(() => client.setKindPolicy({ kind: p.kind, action: e.target.value === 'keep' ? 'keep' : 'redact' }))}>
                    <option value="redact">redact</option>
                    <option value="keep">keep</option>
                  </select>
                </td>
                <td>
                  <select aria-label={`Style for ${KIND_LABELS[p.kind]}`} value={p.style} onChange={(e) => {
                    const style = e.target.value === 'pseudonym' ? 'pseudonym' : e.target.value === 'drop' ? 'drop' : 'placeholder';
                    void act(() => client.setKindPolicy({ kind: p.kind, style }));
                  }}>
                    <option value="pseudonym">consistent pseudonym</option>
                    <option value="placeholder">placeholder</option>
                    <option value="drop">drop the sentence</option>
                  </select>
                </td>
                <td>
                  <button type="button" className="button button-small" onClick={() => void act(() => client.decideKind(p.kind, 'redact'))}>Redact all</button>{' '}
                  <button type="button" className="button button-small" onClick={() => void act(() => client.decideKind(p.kind, 'keep'))}>Keep all</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="review-rules-title">
        <h2 id="review-rules-title">Rules</h2>
        {rules.length === 0 ? <p className="muted">No rules yet. Exclude a whole folder, tag or date range at once.</p> : (
          <ul className="review-rules">
            {rules.map((r) => (
              <li key={r.id} data-rule-id={r.id}>
                <label>
                  <input type="checkbox" checked={r.enabled} onChange={(e) => void act(() => client.updateRule(r.id, e.target.checked))} /> {r.description}
                </label>
                <span className="muted"> · {formatCount(r.affected)} {r.affected === 1 ? 'entry' : 'entries'}</span>
                <span className="review-rule-actions">
                  {r.type !== 'redact_word' && r.type !== 'redact_regex' ? (
                    <button type="button" className="button button-small" onClick={() => void act(() => client.decideRule(r.id, 'include'))}>Include these</button>
                  ) : null}
                  <button type="button" className="button button-small" onClick={() => void act(() => client.removeRule(r.id))}>Remove</button>
                </span>
              </li>
            ))}
          </ul>
        )}
        <form className="review-rule-form" onSubmit={(e) => void submit(e)}>
          <select aria-label="Rule type" value={type} onChange={(e) => {
            const parsed = RuleType.safeParse(e.target.value);
            if (parsed.success) setType(parsed.data);
          }}>
            {Object.entries(RULE_LABELS).map(([t, label]) => <option key={t} value={t}>{label}</option>)}
          </select>
          <input aria-label="Rule value" className="library-input" value={value} placeholder={type === 'before' || type === 'after' ? 'YYYY-MM-DD' : type === 'folder' ? 'work/2019' : 'value'} onChange={(e) => setValue(e.target.value)} />
          <button type="submit" className="button">Add rule</button>
        </form>
        {error ? <ErrorBanner title="That rule was not added" error={error} /> : null}
      </section>
    </div>
  );
}
