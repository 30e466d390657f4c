import type { QueueItem } from '../../../../electron/api/calls/privacy.ts';
import { KIND_LABELS } from './segments.ts';

interface ReviewQueueProps {
  items: readonly QueueItem[];
  selectedId: number | null;
  onSelect: (entryId: number) => void;
}

/** The queue, riskiest first; each row says how risky, what was found and what was decided. */
export function ReviewQueue({ items, selectedId, onSelect }: ReviewQueueProps) {
  if (items.length === 0) return <p className="muted">No entries to review. Add a folder in the Library first.</p>;
  return (
    <ol className="review-queue" aria-label="Entries to review, riskiest first">
      {items.map((item) => {
        const kinds = Object.entries(item.findingCounts).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
        const isSelected = item.entryId === selectedId;
        return (
          <li key={item.entryId}>
            <button
              type="button"
              className={`review-queue-item${isSelected ? ' is-selected' : ''}`}
              aria-current={isSelected ? 'true' : undefined}
              data-entry-id={item.entryId}
              onClick={() => onSelect(item.entryId)}
            >
              <span className="review-queue-title">{item.title || item.key}</span>
              <span className="review-queue-meta">
                {item.flagged > 0 || item.changedSinceReview ? <span className="badge badge-warn">changed</span> : null}
                {item.reviewed ? <span className="badge badge-ok">reviewed</span> : null}
                {!item.included ? <span className="badge badge-muted">excluded</span> : null}
                {item.toReview > 0 ? <span className="badge badge-warn" title="Names or places the detectors were unsure of">{item.toReview} to review</span> : null}
                <span className="review-risk" title="Risk: how many findings, weighted by how sensitive each kind is">risk {item.risk}</span>
              </span>
              {kinds.length > 0 ? (
                <span className="review-queue-kinds">
                  {kinds.map(([kind, n]) => (
                    <span key={kind} className={`review-chip kind-${kind}`}>
                      {KIND_LABELS[kind as keyof typeof KIND_LABELS]} {n}
                    </span>
                  ))}
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
