import { TextWithCode } from '../TextWithCode.tsx';
import { formatBytes, type StoredEvent } from './run-events.ts';

/** The run's events other than per-step progress, newest last, as sentences. */
export function EventLog({ events }: { events: StoredEvent[] }) {
  if (events.length === 0) return <p className="muted">No events yet.</p>;
  return (
    <ol className="train-log" aria-label="Event log" data-testid="train-event-log">
      {events.map(({ seq, event }) => (
        <li key={seq} className={`train-log-row train-log-${event.event}`}>
          <time className="muted" dateTime={new Date(event.time * 1000).toISOString()}>
            {new Date(event.time * 1000).toLocaleTimeString()}
          </time>
          <span className="train-log-kind">{event.event}</span>
          <span className="train-log-text">
            <EventText event={event} />
          </span>
        </li>
      ))}
    </ol>
  );
}

function EventText({ event }: { event: StoredEvent['event'] }) {
  switch (event.event) {
    case 'start':
      return <>Started {event.command}{describeInfo(event.info)}</>;
    case 'progress':
      return <>Step {event.step} of {event.total_steps}: loss {event.loss.toFixed(4)}</>;
    case 'eval':
      return (
        <>
          Step {event.step}: {event.split} loss {event.loss.toFixed(4)}, perplexity {event.perplexity.toFixed(1)}
        </>
      );
    case 'checkpoint':
      return (
        <>
          Checkpoint at step {event.step}: <code>{event.path}</code>
        </>
      );
    case 'artifact':
      return (
        <>
          {event.kind} written ({formatBytes(event.bytes)}): <code>{event.path}</code>
        </>
      );
    case 'warning':
      return (
        <>
          <TextWithCode text={event.message} />
          {event.hint ? (
            <span className="train-hint">
              {' '}
              <TextWithCode text={event.hint} />
            </span>
          ) : null}
        </>
      );
    case 'error':
      return (
        <>
          <strong>{event.message}</strong>
          {event.hint ? (
            <span className="train-hint">
              {' '}
              <TextWithCode text={event.hint} />
            </span>
          ) : null}
        </>
      );
    case 'done':
      return <>Finished {event.command}</>;
  }
}

function describeInfo(info: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['device', 'train_rows', 'train_tokens']) {
    const value = info[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key.replace('_', ' ')} ${value}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
