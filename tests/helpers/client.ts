/**
 * The typed test client: tests call the core (or the web host's core) through the same `createClient` the
 * renderer uses, so call names, inputs and result types come from the contract instead of a `call<T>` cast.
 * A failure is the client's `ConfidantError` (code and issues kept), its message prefixed with the call name
 * so a failing test says which call broke.
 */
import { createClient, type Transport } from '../../electron/api/client.ts';
import { ConfidantError } from '../../electron/api/errors.ts';
import type { CallInput, CallName, CallOutput } from '../../electron/api/index.ts';

/** Anything that answers contract calls: the core from `openCore`, or a host's `core`. */
export type CallTarget = Pick<Transport, 'invoke'>;

/** One contract call; the result type is the call's output schema. Throws `ConfidantError` on `{ ok: false }`. */
export async function call<N extends CallName>(target: CallTarget, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const client = createClient({ invoke: (n, i) => target.invoke(n, i), subscribe: () => () => undefined });
  try {
    return await client.call(name, input);
  } catch (e) {
    if (!(e instanceof ConfidantError)) throw e;
    throw new ConfidantError(e.code, `${name}: ${e.message}`, { cause: e, ...(e.issues ? { issues: e.issues } : {}) });
  }
}
