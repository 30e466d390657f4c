import type { Finding, MarkedSegment, ReviewEntry } from '../../../../electron/api/calls/privacy.ts';
import { KIND_LABELS, toSegments } from './segments.ts';

const FIELD_LABELS: Record<Finding['field'], string> = { text: '', title: 'in the title', tags: 'in a tag', path: 'in the file name' };

/** A rendered example: stand-ins marked, those still to review outlined. */
function Marked({ segments }: { segments: readonly MarkedSegment[] }) {
  return (
    <>
      {segments.map((seg, i) =>
        seg.state === undefined ? (
          <span key={i}>{seg.text}</span>
        ) : (
          <mark
            key={i}
            className={`review-redaction${seg.state === 'review' ? ' is-review' : ''}`}
            data-redaction={seg.kind}
            data-state={seg.state}
            title={seg.state === 'review' ? `${KIND_LABELS[seg.kind ?? 'custom']}, still to review: redacted like this only if you choose "redact them all"` : `${KIND_LABELS[seg.kind ?? 'custom']}, redacted`}
          >
            {seg.text === '' ? '(sentence removed)' : seg.text}
          </mark>
        ),
      )}
    </>
  );
}

interface EntryReviewProps {
  entry: ReviewEntry;
  /** The finding the keyboard acts on. */
  cursor: number | null;
  onPickFinding: (findingId: number) => void;
  onDecideFinding: (finding: Finding, action: 'redact' | 'keep') => void;
}

/** One entry: its text with findings highlighted by kind, the decision, and what the model will see. */
export function EntryReview({ entry, cursor, onPickFinding, onDecideFinding }: EntryReviewProps) {
  // Only findings in the text have offsets into it; the others are listed with where they are.
  const segments = toSegments(entry.text, entry.findings.filter((f) => f.field === 'text'));
  return (
    <article className="review-entry" aria-labelledby="review-entry-title">
      <header className="review-entry-head">
        <h2 id="review-entry-title">{entry.title || entry.key}</h2>
        <p className="muted">
          {entry.key}
          {` · ${entry.day ?? 'undated'}`}
          {entry.tags.length > 0 ? ` · ${entry.tags.map((t) => `#${t}`).join(' ')}` : ''}
        </p>
        <p className={`review-verdict ${entry.verdict.included ? 'is-included' : 'is-excluded'}`} data-testid="verdict">
          <strong>{entry.verdict.included ? 'Included' : 'Excluded'}</strong> · {entry.verdict.reason}
        </p>
        {entry.flagged.length > 0 ? (
          <p className="banner-issues review-flagged" role="status">
            The text changed since you decided on: {entry.flagged.map((f) => `${KIND_LABELS[f.kind]} "${f.value}" (${f.action})`).join(', ')}. Those decisions are kept; check the new findings.
          </p>
        ) : null}
      </header>
      <div className="review-text" data-testid="entry-text">
        {segments.map((s, i) =>
          s.finding ? (
            <mark
              key={i}
              className={`review-finding kind-${s.finding.kind} is-${s.finding.action}${s.finding.id === cursor ? ' is-cursor' : ''}`}
              data-finding-id={s.finding.id}
              data-kind={s.finding.kind}
              data-action={s.finding.action}
              data-to-review={s.finding.toReview ? 'true' : undefined}
              title={`${KIND_LABELS[s.finding.kind]} · ${s.finding.toReview ? 'to review' : s.finding.action} (${s.finding.actionBy === 'kind' ? 'default for this kind' : s.finding.actionBy === 'rule' ? 'always-redact rule' : s.finding.actionBy === 'value' ? 'your decision on this name' : 'your decision'}) · found by ${s.finding.detector}, confidence ${s.finding.confidence.toFixed(2)}`}
              onClick={() => onPickFinding(s.finding!.id)}
            >
              {s.text}
              <span className="review-finding-kind">{KIND_LABELS[s.finding.kind]}</span>
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
      </div>
      {entry.findings.length > 0 ? (
        <table className="review-findings">
          <caption className="muted">Findings ({entry.findings.length})</caption>
          <tbody>
            {entry.findings.map((f) => (
              <tr key={f.id} className={f.id === cursor ? 'is-cursor' : undefined} data-finding-row={f.id}>
                <td><span className={`review-chip kind-${f.kind}`}>{KIND_LABELS[f.kind]}</span></td>
                <td className="review-finding-value">{f.value}{f.field !== 'text' ? <span className="muted"> {FIELD_LABELS[f.field]}</span> : null}</td>
                <td className="muted">{f.detector === 'names' ? 'guess' : f.detector} {f.confidence.toFixed(2)}{f.toReview ? ' · to review' : ''}</td>
                <td>
                  <button type="button" className="button button-small" aria-pressed={f.action === 'redact'} onClick={() => onDecideFinding(f, 'redact')}>Redact</button>{' '}
                  <button type="button" className="button button-small" aria-pressed={f.action === 'keep'} onClick={() => onDecideFinding(f, 'keep')}>Keep</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No personal data found in this entry.</p>
      )}
      <section className="review-preview" aria-labelledby="review-preview-title">
        <h3 id="review-preview-title">What the model will see</h3>
        {entry.verdict.included && entry.rendered ? (
          <>
            <h4 className="muted review-example-label">Prompt (instruct style)</h4>
            <p className="review-example-prompt" data-testid="preview-prompt"><Marked segments={entry.rendered.prompt} /></p>
            <h4 className="muted review-example-label">Answer</h4>
            <pre className="review-preview-text" data-testid="preview"><Marked segments={entry.rendered.answer} /></pre>
            {entry.rendered.toReview > 0 ? (
              <p className="muted" data-testid="preview-to-review">
                {entry.rendered.toReview} {entry.rendered.toReview === 1 ? 'finding is' : 'findings are'} still to review (outlined): decide them, or choose to redact them all when you build the dataset.
              </p>
            ) : null}
          </>
        ) : (
          <p className="muted" data-testid="preview">Nothing: this entry is not trained on.</p>
        )}
      </section>
    </article>
  );
}
