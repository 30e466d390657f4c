import type { z } from 'zod';
import type { CallSpec } from '../api/define.ts';
import type { CoreContext } from './context.ts';

/** A handler receives parsed input and returns what the output schema accepts. */
export type HandlerOf<S extends CallSpec> = (
  input: z.output<S['input']>,
  ctx: CoreContext,
) => Promise<z.input<S['output']>> | z.input<S['output']>;

export type HandlersOf<M extends Record<string, CallSpec>> = { [K in keyof M]: HandlerOf<M[K]> };
