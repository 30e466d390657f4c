/**
 * Server-Sent Events for the web host: each connected page gets every core event as one
 * `data:` line of JSON (webProtocol in electron/api/bridge.ts), and a comment now and then so
 * proxies and SSH tunnels keep the connection open.
 */
import type { ServerResponse } from 'node:http';
import type { AppEvent } from '../api/index.ts';

export interface EventFeed {
  subscribe(listener: (event: AppEvent) => void): () => void;
}

/** A page that stops reading (a frozen tab) is dropped once this much is queued for it. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly source: EventFeed,
    private readonly heartbeatMs: number,
  ) {}

  get clientCount(): number {
    return this.open.size;
  }

  /** Takes over the response until the page disconnects or the host closes. */
  attach(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // `retry` makes EventSource reconnect quickly after the host restarts.
    res.write('retry: 2000\n: connected\n\n');
    const unsubscribe = this.source.subscribe((event) => {
      if (res.writableLength > MAX_QUEUED_BYTES) {
        close();
        return;
      }
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    res.on('close', close);
    res.on('error', close);
  }

  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
