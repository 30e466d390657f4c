import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { openCore, type Core } from '../../../electron/core/index.ts';
import type { AppEvent, CallInput, CallName, CallOutput } from '../../../electron/api/index.ts';
import { call } from '../../helpers/client.ts';
import { tempDir } from '../../helpers/tmp.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The real Gemma 3 270M Q4_K_M GGUF, fetched once per checkout by the same script CI runs. */
export function gemmaPath(): string {
  const out = execFileSync(path.join(repoRoot, 'scripts', 'fetch-test-model.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop() ?? '';
}

/**
 * Chat on the CPU with one thread and a small context: these machines share two cores between
 * many processes, and llama.cpp threads spin-wait, so more threads only slow each other down.
 */
export function useTestChatEnv(): void {
  process.env.CONFIDANT_CHAT_GPU = 'cpu';
  process.env.CONFIDANT_CHAT_THREADS = '1';
  process.env.CONFIDANT_CHAT_MAX_CONTEXT = '1024';
}

export interface TestCore {
  core: Core;
  dataDir: string;
  events: AppEvent[];
  /** One contract call through the typed test client (tests/helpers/client.ts). */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Resolves with the `chat.done` of a message, however long generation takes. */
  waitDone(messageId: number): Promise<Extract<AppEvent, { name: 'chat.done' }>['payload']>;
}

export function openTestCore(): TestCore {
  const dataDir = tempDir('confidant-chat-');
  const core = openCore({ dataDir, logError: () => undefined });
  const events: AppEvent[] = [];
  core.subscribe((event) => events.push(event));
  return {
    core,
    dataDir,
    events,
    call: (name, input) => call(core, name, input),
    waitDone(messageId) {
      return new Promise((resolve) => {
        const check = (event: AppEvent): boolean => {
          if (event.name === 'chat.done' && event.payload.messageId === messageId) {
            resolve(event.payload);
            return true;
          }
          return false;
        };
        if (events.some(check)) return;
        const off = core.subscribe((event) => {
          if (check(event)) off();
        });
      });
    },
  };
}

/** The error code and message of a call expected to fail. */
export async function failureOf(core: Core, name: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await core.invoke(name, input);
  if (result.ok) throw new Error(`${name} was expected to fail but returned ${JSON.stringify(result.value)}`);
  return result.error;
}
