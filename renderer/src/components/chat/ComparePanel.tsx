import { useEffect, useState } from 'react';
import type { ChatModel, ChatSession } from '../../../../electron/api/calls/chat.ts';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { MessageList } from './MessageList.tsx';
import type { ChatStream } from './use-chat-stream.ts';

/** The same prompt to two models, the answers streaming side by side (each kept as a conversation). */
export function ComparePanel({ models, stream, onError }: { models: ChatModel[]; stream: ChatStream; onError: (e: ConfidantError) => void }) {
  const usable = models.filter((m) => m.isAvailable);
  const [a, setA] = useState<number | null>(usable[0]?.id ?? null);
  const [b, setB] = useState<number | null>(usable[1]?.id ?? null);
  const [prompt, setPrompt] = useState('');
  const [maxTokens, setMaxTokens] = useState(256);
  const [sides, setSides] = useState<ChatSession[]>([]);

  const reload = async (ids: number[]) => setSides(await Promise.all(ids.map((sessionId) => getClient().call('chat.getSession', { sessionId }))));
  useEffect(() => {
    if (sides.length > 0) void reload(sides.map((s) => s.id)).catch(() => undefined);
    // A finished answer is the trigger; `sides` is only read (as a dependency the reload would re-run itself).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stream.doneCount]);

  const picker = (label: string, value: number | null, set: (id: number) => void) => (
    <label>
      {label}
      <select aria-label={label} value={value ?? ''} onChange={(e) => set(Number(e.target.value))}>
        {usable.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="chat-compare">
      <form
        className="chat-compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (a === null || b === null || prompt.trim() === '') return;
          void (async () => {
            try {
              const { runs } = await getClient().call('chat.compare', { modelIds: [a, b], prompt: prompt.trim(), settings: { maxTokens } });
              await reload(runs.map((r) => r.sessionId));
            } catch (error) {
              onError(toConfidantError(error, 'chat.compare'));
            }
          })();
        }}
      >
        {picker('First model', a, setA)}
        {picker('Second model', b, setB)}
        <label>
          Answer limit (tokens)
          <input type="number" min={1} max={8192} value={maxTokens} onChange={(e) => setMaxTokens(Math.max(1, Number(e.target.value) || 1))} />
        </label>
        <textarea aria-label="Prompt for both" rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="One prompt for both models" />
        <button type="submit" className="button button-primary" disabled={usable.length < 2}>
          Compare
        </button>
        {usable.length < 2 ? <p className="muted">Add a second model to compare (the base and your fine-tune, say).</p> : null}
      </form>
      <div className="chat-compare-sides">
        {sides.map((s) => (
          <section key={s.id} aria-label={`Answer of ${s.modelName}`} className="chat-compare-side">
            <h3>{s.modelName}</h3>
            <MessageList messages={s.messages} live={stream.answers} />
          </section>
        ))}
      </div>
    </div>
  );
}
