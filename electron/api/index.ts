/**
 * THE contract between every front door (Electron IPC, the CLI, the web host) and the core.
 * Each call is declared once with zod schemas for its input and output; each event likewise.
 * The renderer imports types and schemas from here and nothing from the core.
 */
import type { z } from 'zod';
import { statusCalls } from './calls/status.ts';
import { privacyCalls } from './calls/privacy.ts';
import { chatCalls } from './calls/chat.ts';
import { trainingCalls } from './calls/training.ts';
import { datasetCalls } from './calls/dataset.ts';
import { libraryCalls } from './calls/library.ts';
import { eventSchemas } from './events.ts';

export const calls = {
  ...statusCalls,
  ...privacyCalls,
  ...chatCalls,
  ...libraryCalls,
  ...trainingCalls,
  ...datasetCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export { eventSchemas };
export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.output<(typeof eventSchemas)[N]>;
/** What travels on the event stream: one named event and its payload. */
export type AppEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export * from './errors.ts';
export { createClient, type Client, type Transport } from './client.ts';
export { webProtocol, type ConfidantBridge } from './bridge.ts';
