import type { AppEvent, CallName } from './index.ts';
import type { Result } from './errors.ts';

/**
 * What the preload exposes on `window.confidant` in the desktop app, and nothing more:
 * no ipcRenderer, no channel names, no Electron event objects.
 */
export interface ConfidantBridge {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  /** Returns a function that unsubscribes. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/**
 * The web host's wire protocol (electron/web), used by the renderer's HTTP transport.
 * Calls: `POST {callPath}<name>` with the JSON input as body and `Authorization: Bearer <token>`;
 * the body of every answer is a `Result`. Events: `GET {eventsPath}?token=<token>` as Server-Sent
 * Events, one `AppEvent` as JSON per `data:` line (EventSource cannot send headers).
 * The page is opened as `http://127.0.0.1:<port>/?token=<token>`.
 */
export const webProtocol = {
  callPath: '/api/call/',
  eventsPath: '/api/events',
  tokenParam: 'token',
} as const;
