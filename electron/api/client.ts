import type { AppEvent, CallInput, CallName, CallOutput } from './index.ts';
import { ConfidantError, type Result } from './errors.ts';

/** How a client reaches the core: Electron IPC through the preload, or HTTP + SSE to the web host. */
export interface Transport {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  /** Returns a function that unsubscribes. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export type Client = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
};

/** The one place a `Result` is unwrapped: failures become a thrown `ConfidantError`. */
export function createClient(transport: Transport): Client {
  return {
    async call(name, input) {
      const result = await transport.invoke(name, input);
      if (!result.ok) {
        throw new ConfidantError(result.error.code, result.error.message, { issues: result.error.issues });
      }
      // The host validated the output with the call's schema before sending it.
      return result.value as CallOutput<typeof name>;
    },
    onEvent: (listener) => transport.subscribe(listener),
  };
}
