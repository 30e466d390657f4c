import http from 'node:http';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { tempDir } from '../helpers/tmp.ts';
import { rawRequest } from './raw-http.ts';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** Opens the event stream and collects what arrives, as a browser's EventSource would. */
function openStream(port: number, token: string) {
  let buffer = '';
  const waiters: { test: (b: string) => boolean; resolve: () => void }[] = [];
  let response: http.IncomingMessage | undefined;
  const req = http.get({ host: '127.0.0.1', port, path: `/api/events?token=${encodeURIComponent(token)}`, headers: { Host: `127.0.0.1:${port}` }, agent: false }, (res) => {
    response = res;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (const waiter of waiters.splice(0)) {
        if (waiter.test(buffer)) waiter.resolve();
        else waiters.push(waiter);
      }
    });
  });
  req.on('error', () => {});
  return {
    get headers() {
      return response?.headers;
    },
    text: () => buffer,
    until: (test: (b: string) => boolean) =>
      new Promise<void>((resolve) => (test(buffer) ? resolve() : waiters.push({ test, resolve }))),
    close: () => req.destroy(),
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the event stream delivers an event the core emits, with heartbeats, and lets go on disconnect', async () => {
  const dir = tempDir();
  host = await startWebHost({ dataDir: path.join(dir, 'data'), rendererDir: dir, heartbeatMs: 50, log: () => {} });
  const stream = openStream(host.port, host.token);
  await stream.until((b) => b.includes(': connected'));
  expect(stream.headers?.['content-type']).toBe('text/event-stream; charset=utf-8');
  expect(host.eventClientCount()).toBe(1);

  host.core.context.events.emit('app.notice', { level: 'warning', message: 'The watcher stopped' });
  await stream.until((b) => b.includes('data: '));
  const line = stream.text().split('\n').find((l) => l.startsWith('data: '));
  expect(JSON.parse(line!.slice('data: '.length))).toEqual({ name: 'app.notice', payload: { level: 'warning', message: 'The watcher stopped' } });

  await stream.until((b) => b.includes(': heartbeat'));
  stream.close();
  await until(() => host!.eventClientCount() === 0);
  // With nobody listening, emitting is harmless.
  host.core.context.events.emit('app.notice', { level: 'info', message: 'after' });
});

test('the event stream needs the token and GET', async () => {
  const dir = tempDir();
  host = await startWebHost({ dataDir: path.join(dir, 'data'), rendererDir: dir, log: () => {} });
  expect((await rawRequest(host.port, { path: '/api/events' })).status).toBe(401);
  expect((await rawRequest(host.port, { path: '/api/events?token=nope' })).status).toBe(401);
  expect((await rawRequest(host.port, { method: 'POST', path: `/api/events?token=${host.token}` })).status).toBe(405);
  expect((await rawRequest(host.port, { path: `/api/events?token=${host.token}`, headers: { Host: 'evil.example' } })).status).toBe(403);
  expect(host.eventClientCount()).toBe(0);
});

test('closing the host ends open event streams', async () => {
  const dir = tempDir();
  host = await startWebHost({ dataDir: path.join(dir, 'data'), rendererDir: dir, log: () => {} });
  const stream = openStream(host.port, host.token);
  await stream.until((b) => b.includes(': connected'));
  await host.close();
  expect(host.eventClientCount()).toBe(0);
  host = undefined;
});
