import type { ChatSessionSummary } from '../../../../electron/api/calls/chat.ts';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';

interface SessionListProps {
  sessions: ChatSessionSummary[];
  selected: number | null;
  onSelect: (id: number) => void;
  onNew: () => void;
  /** After a rename or delete (the id deleted, if any). */
  onChanged: (deletedId: number | null) => void;
  onError: (error: ConfidantError) => void;
}

/** Saved conversations: open, rename, export as Markdown, delete. */
export function SessionList({ sessions, selected, onSelect, onNew, onChanged, onError }: SessionListProps) {
  const act = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (e) {
      onError(toConfidantError(e, what));
    }
  };
  return (
    <nav className="chat-sessions" aria-label="Conversations">
      <div className="chat-sessions-head">
        <h2>Conversations</h2>
        <button type="button" className="button" onClick={onNew}>
          New
        </button>
      </div>
      {sessions.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul>
        {sessions.map((s) => (
          <li key={s.id} aria-current={s.id === selected ? 'true' : undefined}>
            <button type="button" className="link-button chat-session-title" onClick={() => onSelect(s.id)}>
              {s.title}
            </button>
            <span className="muted chat-session-model">{s.modelName}</span>
            <span className="chat-session-actions">
              <button
                type="button"
                className="link-button"
                aria-label={`Rename ${s.title}`}
                onClick={() =>
                  act('chat.updateSession', async () => {
                    const title = window.prompt('New name for this conversation', s.title);
                    if (title && title.trim() !== '') {
                      await getClient().call('chat.updateSession', { sessionId: s.id, title: title.trim() });
                      onChanged(null);
                    }
                  })
                }
              >
                Rename
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Export ${s.title}`}
                onClick={() =>
                  act('chat.exportSession', async () => {
                    const { fileName, markdown } = await getClient().call('chat.exportSession', { sessionId: s.id });
                    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }));
                    const link = document.createElement('a');
                    link.href = url;
                    link.download = fileName;
                    link.click();
                    URL.revokeObjectURL(url);
                  })
                }
              >
                Export
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Delete ${s.title}`}
                onClick={() =>
                  act('chat.deleteSession', async () => {
                    if (window.confirm(`Delete "${s.title}" and its messages?`)) {
                      await getClient().call('chat.deleteSession', { sessionId: s.id });
                      onChanged(s.id);
                    }
                  })
                }
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
