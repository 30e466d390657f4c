import { createClient, type Client } from '../api/index.ts';
import { openCore, type Core } from '../core/index.ts';

/** What every command gets: a typed client over the in-process core, and how to print. */
export interface CliSession {
  readonly json: boolean;
  client(): Client;
  /** The core itself, for long-running commands that must subscribe to events or stay open. */
  core(): Core;
  print(value: unknown, human: () => string): void;
  close(): Promise<void>;
}

export function createSession(options: { dataDir?: string; json: boolean }): CliSession {
  let core: Core | undefined;
  const getCore = (): Core => {
    core ??= openCore({ dataDir: options.dataDir, logError: (m, e) => process.stderr.write(`${m}: ${(e as Error)?.stack ?? e}\n`) });
    return core;
  };
  return {
    json: options.json,
    core: getCore,
    client: () => {
      const c = getCore();
      return createClient({ invoke: (name, input) => c.invoke(name, input), subscribe: (l) => c.subscribe(l) });
    },
    print(value, human) {
      process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    async close() {
      await core?.close();
    },
  };
}
