import { useState } from 'react';
import type { ChatMessage, Citation } from '../../../../electron/api/calls/chat.ts';
import type { LiveAnswer } from './use-chat-stream.ts';

interface MessageListProps {
  messages: ChatMessage[];
  live: Record<number, LiveAnswer>;
}

/** One conversation: the saved messages, with answers still being written shown as they stream. */
export function MessageList({ messages, live }: MessageListProps) {
  if (messages.length === 0) return <p className="muted">No messages yet. Ask something below.</p>;
  return (
    <ol className="chat-messages" aria-label="Messages">
      {messages.map((m) => {
        const streaming = live[m.id];
        const isPending = m.role === 'assistant' && (m.status === 'queued' || m.status === 'generating');
        const text = isPending && streaming ? streaming.text : m.text;
        const status = isPending && streaming ? streaming.status : m.status;
        return (
          <li key={m.id} className={`chat-message chat-${m.role}`} data-status={status}>
            <div className="chat-who">{m.role === 'user' ? 'You' : (m.modelName ?? 'Model')}</div>
            <div className="chat-text">{text || (status === 'queued' ? 'Waiting for the answer before it...' : status === 'streaming' || status === 'generating' ? '...' : '')}</div>
            {status === 'stopped' ? <div className="chat-meta">Stopped.</div> : null}
            {status === 'error' ? <div className="chat-meta chat-error" role="alert">{m.stopReason ?? streaming?.stopReason}</div> : null}
            {m.stopReason === 'maxTokens' ? <div className="chat-meta">Stopped at the {m.tokenCount}-token limit.</div> : null}
            {m.notices.map((n) => (
              <div key={n} className="chat-meta chat-notice">
                {n}
              </div>
            ))}
            {m.citations.length > 0 ? <Citations citations={m.citations} /> : null}
          </li>
        );
      })}
    </ol>
  );
}

function Citations({ citations }: { citations: Citation[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="chat-citations">
      <span className="chat-meta">Drawn from:</span>
      <ul>
        {citations.map((c) => (
          <li key={c.entryId}>
            <button type="button" className="link-button" aria-expanded={open === c.entryId} onClick={() => setOpen(open === c.entryId ? null : c.entryId)}>
              {c.title || `Entry ${c.entryId}`}
              {c.createdAt ? ` (${c.createdAt.slice(0, 10)})` : ''}
            </button>
            {open === c.entryId ? (
              <blockquote className="chat-excerpt" aria-label={`What the model saw of ${c.title || `entry ${c.entryId}`}`}>
                {c.excerpt}
              </blockquote>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
