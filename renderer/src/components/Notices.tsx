import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../electron/api/index.ts';
import { getClient } from '../transport/index.ts';
import { TextWithCode } from './TextWithCode.tsx';

type Notice = EventPayload<'app.notice'> & { id: number };

/** Enough to see what happened lately without the list pushing the screen away. */
const MAX_SHOWN = 4;

/**
 * `app.notice` events: things the person should know that answer no call (a watched folder that
 * vanished, say). Shown above every screen until dismissed; announced politely to screen readers.
 */
export function Notices() {
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    let nextId = 0;
    return getClient().onEvent((event) => {
      if (event.name !== 'app.notice') return;
      const notice = { ...event.payload, id: nextId++ };
      setNotices((shown) => [...shown, notice].slice(-MAX_SHOWN));
    });
  }, []);

  return (
    <section className="notices" aria-label="Notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`}>
          <p>
            <TextWithCode text={notice.message} />
          </p>
          <button
            type="button"
            className="notice-dismiss"
            aria-label="Dismiss notice"
            onClick={() => setNotices((shown) => shown.filter((n) => n.id !== notice.id))}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
