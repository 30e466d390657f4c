import { useEffect, useState } from 'react';
import type { AppEvent } from '../../../../electron/api/index.ts';
import { getClient } from '../../transport/index.ts';

export interface LiveAnswer {
  text: string;
  status: 'streaming' | 'done' | 'stopped' | 'error';
  stopReason?: string;
}

export interface ChatStream {
  /** Answers as they stream, by message id. */
  answers: Record<number, LiveAnswer>;
  /** Warnings and errors chat reported, newest last. */
  notices: { sessionId: number | null; level: string; message: string }[];
  /** Bumped on every chat.done, so screens can reload the saved conversation. */
  doneCount: number;
}

/** Follows chat.token / chat.done / chat.notice for the whole screen. */
export function useChatStream(): ChatStream {
  const [state, setState] = useState<ChatStream>({ answers: {}, notices: [], doneCount: 0 });
  useEffect(
    () =>
      getClient().onEvent((event: AppEvent) => {
        if (event.name === 'chat.token') {
          const { messageId, text } = event.payload;
          setState((s) => ({ ...s, answers: { ...s.answers, [messageId]: { text: (s.answers[messageId]?.text ?? '') + text, status: 'streaming' } } }));
        } else if (event.name === 'chat.done') {
          const { messageId, text, status, stopReason } = event.payload;
          setState((s) => ({ ...s, doneCount: s.doneCount + 1, answers: { ...s.answers, [messageId]: { text, status, stopReason } } }));
        } else if (event.name === 'chat.notice') {
          const { sessionId, level, message } = event.payload;
          setState((s) => ({ ...s, notices: [...s.notices.slice(-19), { sessionId, level, message }] }));
        }
      }),
    [],
  );
  return state;
}
