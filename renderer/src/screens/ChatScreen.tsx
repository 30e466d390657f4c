import { useEffect, useState } from 'react';
import type { ChatModel, ChatSession } from '../../../electron/api/calls/chat.ts';
import type { ConfidantError } from '../../../electron/api/index.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ComparePanel } from '../components/chat/ComparePanel.tsx';
import { MessageList } from '../components/chat/MessageList.tsx';
import { SessionList } from '../components/chat/SessionList.tsx';
import { useChatStream } from '../components/chat/use-chat-stream.ts';
import '../components/chat/chat.css';
import { toConfidantError, useCall } from '../hooks/use-call.ts';
import { getClient } from '../transport/index.ts';

/** Chat (issue 8): pick a model, talk with streaming answers, stop, keep, export, ground and compare. */
export function ChatScreen() {
  const models = useCall('chat.listModels', {});
  const sessions = useCall('chat.listSessions', {});
  const stream = useChatStream();
  // The Models screen links here as `#/chat?model=ID` to open a trained model.
  const [modelId, setModelId] = useState<number | null>(() => modelFromHash(window.location.hash));
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [session, setSession] = useState<ChatSession | null>(null);
  const [error, setError] = useState<ConfidantError | null>(null);
  const [mode, setMode] = useState<'chat' | 'compare'>('chat');

  const modelList: ChatModel[] = models.status === 'ready' ? models.value : [];
  const chosenModel = modelId ?? modelList.find((m) => m.isAvailable)?.id ?? null;

  const run = async (what: string, action: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toConfidantError(e, what));
    }
  };

  const reloadSession = async (id: number | null): Promise<void> => {
    if (id === null) return setSession(null);
    setSession(await getClient().call('chat.getSession', { sessionId: id }));
  };

  const { reload: reloadSessions } = sessions;
  useEffect(() => {
    void run('chat.getSession', () => reloadSession(sessionId));
    reloadSessions();
    // Every finished answer is saved by the core: reload to show it with its notices and citations.
  }, [sessionId, stream.doneCount, reloadSessions]);

  const send = (text: string) =>
    run('chat.sendMessage', async () => {
      let id = sessionId;
      if (id === null) {
        if (chosenModel === null) throw new Error('Add a model first.');
        id = (await getClient().call('chat.createSession', { modelId: chosenModel })).id;
        setSessionId(id);
      }
      await getClient().call('chat.sendMessage', { sessionId: id, text });
      await reloadSession(id);
      sessions.reload();
    });

  const isRunning = session?.messages.some((m) => m.role === 'assistant' && (m.status === 'queued' || m.status === 'generating')) ?? false;
  const sessionNotices = stream.notices.filter((n) => n.level === 'error' && (n.sessionId === null || n.sessionId === sessionId));

  return (
    <>
      <PageHeader
        title="Chat"
        description="Talk with your model on this computer, with no network connection."
        actions={
          <div className="segmented" role="group" aria-label="Mode">
            <button type="button" className="button" aria-pressed={mode === 'chat'} onClick={() => setMode('chat')}>
              Conversation
            </button>
            <button type="button" className="button" aria-pressed={mode === 'compare'} onClick={() => setMode('compare')}>
              Compare two models
            </button>
          </div>
        }
      />
      {error ? <ErrorBanner error={error} title="That did not work" /> : null}
      {models.status === 'error' ? <ErrorBanner error={models.error} title="Could not list the models" onRetry={models.reload} /> : null}
      <div className="chat-layout">
        <aside className="chat-side">
          <ModelPicker
            models={modelList}
            value={chosenModel}
            onChange={(id) => {
              setModelId(id);
              if (sessionId !== null) void run('chat.updateSession', async () => setSession(await getClient().call('chat.updateSession', { sessionId, modelId: id })));
            }}
            onAdd={(path) =>
              run('chat.addModel', async () => {
                const added = await getClient().call('chat.addModel', { path });
                setModelId(added.id);
                models.reload();
              })
            }
          />
          <SessionList
            sessions={sessions.status === 'ready' ? sessions.value : []}
            selected={sessionId}
            onSelect={(id) => {
              setMode('chat');
              setSessionId(id);
            }}
            onNew={() =>
              run('chat.createSession', async () => {
                if (chosenModel === null) throw new Error('Add a model first.');
                setSessionId((await getClient().call('chat.createSession', { modelId: chosenModel })).id);
              })
            }
            onChanged={(deletedId) => {
              if (deletedId === sessionId) setSessionId(null);
              sessions.reload();
              void run('chat.getSession', () => reloadSession(deletedId === sessionId ? null : sessionId));
            }}
            onError={(e) => setError(e)}
          />
        </aside>
        <section className="chat-main" aria-label={mode === 'chat' ? 'Conversation' : 'Compare'}>
          {mode === 'compare' ? (
            <ComparePanel models={modelList} stream={stream} onError={(e) => setError(e)} />
          ) : (
            <>
              {session ? (
                <SessionSettings session={session} onSaved={setSession} onError={(e) => setError(e)} />
              ) : (
                <p className="muted">{modelList.length === 0 ? 'Add a GGUF model file to start.' : 'Write a message to start a new conversation.'}</p>
              )}
              {sessionNotices.map((n, i) => (
                <p key={i} className="banner banner-error" role="alert">
                  {n.message}
                </p>
              ))}
              {session ? <MessageList messages={session.messages} live={stream.answers} /> : null}
              <Composer
                disabled={chosenModel === null && session === null}
                isRunning={isRunning}
                onSend={send}
                onStop={() => run('chat.stop', async () => void (sessionId !== null && (await getClient().call('chat.stop', { sessionId }))))}
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}

function modelFromHash(hash: string): number | null {
  const id = Number(new URLSearchParams(hash.split('?')[1] ?? '').get('model'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

function ModelPicker({ models, value, onChange, onAdd }: { models: ChatModel[]; value: number | null; onChange: (id: number) => void; onAdd: (path: string) => void }) {
  const [path, setPath] = useState('');
  return (
    <div className="chat-models">
      <label>
        Model
        <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} aria-label="Model">
          {models.length === 0 ? <option value="">No models yet</option> : null}
          {models.map((m) => (
            <option key={m.id} value={m.id} disabled={!m.isAvailable}>
              {m.name}
              {m.isAvailable ? '' : ' (file missing)'}
            </option>
          ))}
        </select>
      </label>
      <form
        className="chat-add-model"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() !== '') onAdd(path.trim());
          setPath('');
        }}
      >
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model.gguf" aria-label="GGUF file path" />
        <button type="submit" className="button">
          Add model
        </button>
      </form>
    </div>
  );
}

function SessionSettings({ session, onSaved, onError }: { session: ChatSession; onSaved: (s: ChatSession) => void; onError: (e: ConfidantError) => void }) {
  const [system, setSystem] = useState(session.systemPrompt);
  useEffect(() => setSystem(session.systemPrompt), [session.id, session.systemPrompt]);
  // The box follows the click at once; the saved session confirms it (or a failed save puts it back).
  const [grounded, setGrounded] = useState(session.grounded);
  useEffect(() => setGrounded(session.grounded), [session.id, session.grounded]);
  const save = async (change: { systemPrompt?: string; grounded?: boolean }) => {
    try {
      onSaved(await getClient().call('chat.updateSession', { sessionId: session.id, ...change }));
    } catch (e) {
      setGrounded(session.grounded);
      onError(toConfidantError(e, 'chat.updateSession'));
    }
  };
  return (
    <div className="chat-settings">
      <h2>{session.title}</h2>
      <p className="muted">Model: {session.modelName}</p>
      <label className="chat-system">
        System prompt
        <textarea value={system} rows={2} onChange={(e) => setSystem(e.target.value)} onBlur={() => system !== session.systemPrompt && void save({ systemPrompt: system })} />
      </label>
      <label className="chat-grounded">
        <input
          type="checkbox"
          checked={grounded}
          onChange={(e) => {
            setGrounded(e.target.checked);
            void save({ grounded: e.target.checked });
          }}
        />
        Ground answers in my entries (included entries only, redactions applied)
      </label>
    </div>
  );
}

function Composer({ disabled, isRunning, onSend, onStop }: { disabled: boolean; isRunning: boolean; onSend: (text: string) => Promise<void>; onStop: () => void }) {
  const [text, setText] = useState('');
  return (
    <form
      className="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        const message = text.trim();
        if (message === '') return;
        setText('');
        void onSend(message);
      }}
    >
      <textarea
        value={text}
        rows={3}
        disabled={disabled}
        aria-label="Message"
        placeholder={isRunning ? 'The model is answering; a new message waits its turn.' : 'Write a message'}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div className="chat-composer-actions">
        <button type="submit" className="button button-primary" disabled={disabled}>
          Send
        </button>
        <button type="button" className="button" onClick={onStop} disabled={!isRunning}>
          Stop
        </button>
      </div>
    </form>
  );
}
