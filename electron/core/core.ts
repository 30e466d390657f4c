import { calls, isCallName, type AppEvent, type CallName } from '../api/index.ts';
import { ConfidantError, formatIssues, type Result } from '../api/errors.ts';
import { EventBus, type CoreContext } from './context.ts';
import { openDatabase } from './db/index.ts';
import { handlers } from './handlers.ts';
import { dataPaths, ensureDataDir, resolveDataDir } from './paths.ts';
import type { HandlerOf } from './handler-types.ts';

export interface Core {
  readonly context: CoreContext;
  /**
   * Runs one call from an untrusted front door: unknown name, invalid input and any thrown
   * error all come back as `{ ok: false }`; the output is validated against its schema too.
   */
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  close(): Promise<void>;
}

export interface OpenCoreOptions {
  dataDir?: string;
  /** Where unexpected errors are logged with their stack (default: stderr). */
  logError?: (message: string, error: unknown) => void;
}

export function openCore(options: OpenCoreOptions = {}): Core {
  const paths = dataPaths(resolveDataDir(options.dataDir));
  ensureDataDir(paths);
  const db = openDatabase(paths.database);
  const events = new EventBus();
  const closers: (() => void | Promise<void>)[] = [];
  const context: CoreContext = { db, paths, events, onClose: (fn) => closers.push(fn) };
  const logError = options.logError ?? ((message, error) => console.error(message, error));

  async function invoke(name: string, input: unknown): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'not_found', message: `Unknown call "${name}".` } };
    }
    const spec = calls[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = formatIssues(parsed.error);
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}: ${issues.join('; ')}`, issues } };
    }
    try {
      const handler = handlers[name] as HandlerOf<(typeof calls)[CallName]>;
      const raw = await handler(parsed.data, context);
      const output = spec.output.safeParse(raw);
      if (!output.success) {
        throw new ConfidantError('internal', `The result of ${name} did not match its schema: ${formatIssues(output.error).join('; ')}`);
      }
      return { ok: true, value: output.data };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error, name, logError) };
    }
  }

  return {
    context,
    invoke,
    subscribe: (listener) => events.subscribe(listener),
    async close() {
      for (const fn of closers.reverse()) {
        try {
          await fn();
        } catch (error) {
          logError('Error while closing', error);
        }
      }
      db.close();
    },
  };
}

/** Known errors pass through; anything else is logged with its stack and shown generically. */
export function toErrorPayload(error: unknown, call: string, logError: (m: string, e: unknown) => void) {
  if (error instanceof ConfidantError) {
    if (error.code === 'internal') logError(`Internal error in ${call}`, error);
    return error.toPayload();
  }
  logError(`Unexpected error in ${call}`, error);
  return { code: 'internal' as const, message: `Something went wrong in ${call}. The details are in the log; please report it.` };
}
