/**
 * The IPC transport: the desktop app's preload exposes `window.confidant` (a `ConfidantBridge`);
 * this adapts it to the client's `Transport`. No Electron API is reachable from here.
 */
import type { ConfidantBridge, Transport } from '../../../electron/api/index.ts';

/** The bridge if this page runs inside the desktop app, else `null` (a browser via the web host). */
export function findBridge(): ConfidantBridge | null {
  const candidate: unknown = Reflect.get(window, 'confidant');
  if (typeof candidate !== 'object' || candidate === null) return null;
  const invoke: unknown = Reflect.get(candidate, 'invoke');
  const onEvent: unknown = Reflect.get(candidate, 'onEvent');
  if (typeof invoke !== 'function' || typeof onEvent !== 'function') return null;
  return {
    invoke: (name, input) => Reflect.apply(invoke, candidate, [name, input]),
    onEvent: (listener) => Reflect.apply(onEvent, candidate, [listener]),
  };
}

export function createIpcTransport(bridge: ConfidantBridge): Transport {
  return {
    async invoke(name, input) {
      try {
        return await bridge.invoke(name, input);
      } catch (error) {
        // The main process answers every call with a Result; a rejection means the bridge itself broke.
        const detail = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `The desktop app could not run ${name} (${detail}). Restart Confidant.` } };
      }
    },
    subscribe: (listener) => bridge.onEvent(listener),
  };
}
