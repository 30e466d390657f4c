import { calls, isCallName, type AppEvent, type CallName } from '../api/index.ts';
import { ConfidantError, formatIssues, type Result } from '../api/errors.ts';
import { EventBus, type CoreContext } from './context.ts';
import path from 'node:path';
import { openDatabase, type Db } from './db/index.ts';
import { tightenDataDir, usePrivateUmask } from './file-modes.ts';
import { handlers } from './handlers.ts';
import { otherLiveInstances, registerInstance } from './instances.ts';
import { openAppLog, type AppLog } from './logs.ts';
import { dataPaths, ensureDataDir, resolveDataDir, type DataPaths } from './paths.ts';
import { toStorageError } from './storage-errors.ts';
import { cleanTempArea } from './temp-area.ts';
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
  /** Where unexpected errors are also reported with their stack (default: stderr); the log file always gets them. */
  logError?: (message: string, error: unknown) => void;
  /** Told once about something the person should know at start, such as tightened file modes (default: stderr). */
  onNotice?: (message: string) => void;
  /** The front door, named to another Confidant that finds the database locked (default: the script's name). */
  kind?: string;
  /** How long a write waits for another process's lock before failing as `locked`. */
  busyTimeoutMs?: number;
}

/**
 * Prepares the data directory and opens the database: private umask and modes, the log, this
 * process's registration, an emptied temp area. A full, read-only or locked store fails here
 * with its own code instead of a stack trace.
 */
export function openCore(options: OpenCoreOptions = {}): Core {
  usePrivateUmask();
  const paths = dataPaths(resolveDataDir(options.dataDir));
  const { log, unregister, db } = prepareDataDir(paths, options);
  const events = new EventBus();
  const closers: (() => void | Promise<void>)[] = [unregister];
  const context: CoreContext = { db, paths, events, onClose: (fn) => closers.push(fn) };
  const report = options.logError ?? ((message, error) => console.error(message, error));
  const logError = (message: string, error: unknown) => {
    log.write('error', message, error);
    report(message, error);
  };

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
      return { ok: false, error: toErrorPayload(error, name, logError, paths) };
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

function prepareDataDir(paths: DataPaths, options: OpenCoreOptions): { log: AppLog; unregister: () => void; db: Db } {
  const notify = options.onNotice ?? ((message: string) => process.stderr.write(`${message}\n`));
  let unregister = () => undefined as void;
  try {
    ensureDataDir(paths);
    const tightened = tightenDataDir(paths.root);
    const log = openAppLog(paths.logs);
    if (tightened > 0) {
      const notice = `Confidant made ${tightened} file(s) and folder(s) in ${paths.root} private to your user: others could read them before.`;
      log.write('warn', notice);
      notify(notice);
    }
    unregister = registerInstance(paths.root, options.kind ?? (process.versions.electron ? 'app' : path.basename(process.argv[1] ?? 'node')));
    // Another Confidant may be writing a dataset there right now; the last one to start sweeps.
    if (otherLiveInstances(paths.root).length === 0) {
      const removed = cleanTempArea(paths.tmp);
      if (removed.length > 0) log.write('info', `Removed ${removed.length} leftover item(s) from the temp area, left by a run that did not finish.`);
    }
    const db = openDatabase(paths.database, { busyTimeoutMs: options.busyTimeoutMs });
    return { log, unregister, db };
  } catch (error) {
    try {
      unregister();
    } catch {
      // Nothing more can be done on a disk that refuses writes.
    }
    throw toStorageError(error, { root: paths.root }) ?? error;
  }
}

/**
 * Known errors pass through; a full, read-only or locked store gets its own code; anything else
 * is logged with its stack and shown generically, pointing at the log that holds the details.
 */
export function toErrorPayload(error: unknown, call: string, logError: (m: string, e: unknown) => void, paths?: DataPaths) {
  if (error instanceof ConfidantError) {
    if (error.code === 'internal') logError(`Internal error in ${call}`, error);
    return error.toPayload();
  }
  const storage = paths ? toStorageError(error, { root: paths.root }) : null;
  if (storage) {
    logError(`Storage failure in ${call} (${storage.code})`, error);
    return storage.toPayload();
  }
  logError(`Unexpected error in ${call}`, error);
  const where = paths ? path.join(paths.logs, 'confidant.log') : 'the log';
  return { code: 'internal' as const, message: `Something went wrong in ${call}. The details are in ${where}; please report it.` };
}
