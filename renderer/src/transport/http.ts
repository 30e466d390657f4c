/**
 * The HTTP transport: talks to the local web host (electron/web) with the wire protocol declared
 * in `webProtocol` (electron/api/bridge.ts). Calls are JSON POSTs with a bearer token; events
 * arrive over one Server-Sent Events stream, opened only while someone listens.
 */
import { z } from 'zod';
import {
  ErrorPayload,
  eventSchemas,
  webProtocol,
  type AppEvent,
  type CallName,
  type EventName,
  type Result,
  type Transport,
} from '../../../electron/api/index.ts';

const TOKEN_KEY = 'confidant.token';

const ResultBody = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayload }),
]);

const EventEnvelope = z.object({ name: z.string(), payload: z.unknown() });

/**
 * Takes the per-start token from `?token=` (the URL the host printed), keeps it in sessionStorage
 * so a reload still works, and removes it from the address bar so it does not end up in history,
 * bookmarks or screenshots.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(webProtocol.tokenParam);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete(webProtocol.tokenParam);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const missingTokenMessage =
  'This page was opened without its access token. Open the full address that `npm run serve` printed (it ends in ?token=…).';

export function createHttpTransport(token: string | null): Transport {
  const listeners = new Set<(event: AppEvent) => void>();
  let source: EventSource | null = null;

  function openEvents(): void {
    if (source || !token) return;
    const url = `${webProtocol.eventsPath}?${webProtocol.tokenParam}=${encodeURIComponent(token)}`;
    source = new EventSource(url);
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (!event) return;
      for (const listener of listeners) listener(event);
    };
  }

  return {
    async invoke(name: CallName, input: unknown): Promise<Result<unknown>> {
      if (!token) return { ok: false, error: { code: 'invalid_input', message: missingTokenMessage } };
      let response: Response;
      try {
        response = await fetch(webProtocol.callPath + encodeURIComponent(name), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'io',
            message: `Could not reach Confidant at ${window.location.origin} (${describe(error)}). Is \`npm run serve\` still running?`,
          },
        };
      }
      return readResult(response, name);
    },
    subscribe(listener) {
      listeners.add(listener);
      openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/** Every answer of the host carries a `Result`, whatever its status; anything else is a host fault. */
export async function readResult(response: Response, name: string): Promise<Result<unknown>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = ResultBody.safeParse(body);
  if (parsed.success) return parsed.data;
  return {
    ok: false,
    error: {
      code: 'io',
      message: `Confidant's web host answered ${name} with HTTP ${response.status} and no readable result. Restart \`npm run serve\` and reload this page.`,
    },
  };
}

/** Events that do not match the contract are dropped rather than handed to screens half-formed. */
export function parseEvent(data: string): AppEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success || !isEventName(envelope.data.name)) return null;
  const name = envelope.data.name;
  const payload = eventSchemas[name].safeParse(envelope.data.payload);
  if (!payload.success) return null;
  // TypeScript cannot tie `payload` to `name` across the union; the schema lookup above does.
  return { name, payload: payload.data } as AppEvent;
}

function isEventName(name: string): name is EventName {
  return Object.hasOwn(eventSchemas, name);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
