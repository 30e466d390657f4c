import { useCallback, useEffect, useState } from 'react';
import { ConfidantError, type CallInput, type CallName, type CallOutput } from '../../../electron/api/index.ts';
import { getClient } from '../transport/index.ts';

export type CallState<N extends CallName> =
  | { status: 'loading' }
  | { status: 'ready'; value: CallOutput<N> }
  | { status: 'error'; error: ConfidantError };

/**
 * Runs one call when the component mounts (and again when `input` changes or `reload()` is
 * called), exposing loading, value and error. Input is compared by its JSON, so an inline object
 * literal does not cause a loop.
 */
export function useCall<N extends CallName>(name: N, input: CallInput<N>): CallState<N> & { reload: () => void } {
  const [state, setState] = useState<CallState<N>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(input);

  useEffect(() => {
    let isCurrent = true;
    setState({ status: 'loading' });
    getClient()
      .call(name, JSON.parse(key))
      .then(
        (value) => {
          if (isCurrent) setState({ status: 'ready', value });
        },
        (error: unknown) => {
          if (isCurrent) setState({ status: 'error', error: toConfidantError(error, name) });
        },
      );
    return () => {
      isCurrent = false;
    };
  }, [name, key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

/** Screens show one kind of error; anything else is a bug, reported with a generic message. */
export function toConfidantError(error: unknown, name: string): ConfidantError {
  if (error instanceof ConfidantError) return error;
  return new ConfidantError('internal', `Something went wrong while running ${name}. Reload the window; if it happens again, please report it.`, { cause: error });
}
