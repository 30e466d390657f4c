import { EventEmitter } from 'node:events';
import type { AppEvent, EventName, EventPayload } from '../api/index.ts';
import type { Db } from './db/index.ts';
import type { DataPaths } from './paths.ts';

/** Typed event bus: the core emits, each front door forwards to its transport. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    // Every open window, SSE client and CLI follower is a listener.
    this.emitter.setMaxListeners(100);
  }
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    this.emitter.emit('event', { name, payload } as AppEvent);
  }
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

/** What every handler gets: the database, the data directory layout, the event bus. */
export interface CoreContext {
  readonly db: Db;
  readonly paths: DataPaths;
  readonly events: EventBus;
  /** Services that need closing (watchers, chat engines, child processes) register here. */
  onClose(fn: () => void | Promise<void>): void;
}
