import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { tempDir } from '../helpers/tmp.ts';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

/** Opens a raw connection, sends `data` and then nothing more; resolves with how long the server kept it open. */
function stallAfter(port: number, data: string, giveUpMs: number): Promise<{ openMs: number; closedByServer: boolean; received: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    socket.on('data', (chunk) => (received += chunk.toString()));
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ openMs: Date.now() - started, closedByServer: false, received });
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ openMs: Date.now() - started, closedByServer: true, received });
    });
    socket.on('error', () => undefined);
  });
}

describe('web host timeouts', () => {
  it('lets a call take longer than the request timeout once its request is in (a wrapper holding the call stands in for a slow build)', async () => {
    host = await startWebHost({ dataDir: path.join(tempDir(), 'data'), rendererDir: tempDir(), log: () => undefined, timeouts: { headersMs: 300, requestMs: 600 } });
    const core = host.core;
    // A call busy for 1.5 s, as a dataset build or trainer setup is for minutes.
    const invoke = core.invoke.bind(core);
    core.invoke = async (name, input) => {
      await new Promise((r) => setTimeout(r, 1500));
      return invoke(name, input);
    };
    const res = await fetch(`${host.origin}/api/call/status.get`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('uses timeouts that suit a local UI by default, far below Node’s five minutes', async () => {
    host = await startWebHost({ dataDir: path.join(tempDir(), 'data'), rendererDir: tempDir(), log: () => undefined });
    const limits = host.timeouts;
    expect(limits.headersMs).toBeLessThanOrEqual(15_000);
    expect(limits.requestMs).toBeLessThanOrEqual(60_000);
    expect(limits.headersMs).toBeGreaterThan(0);
  });

  it('closes a connection whose headers never finish', async () => {
    host = await startWebHost({ dataDir: path.join(tempDir(), 'data'), rendererDir: tempDir(), log: () => undefined, timeouts: { headersMs: 300, requestMs: 600 } });
    const result = await stallAfter(host.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n`, 8_000);
    expect(result.closedByServer).toBe(true);
    expect(result.openMs).toBeLessThan(3_000);
  });

  it('closes a call whose body trickles in slower than the request timeout', async () => {
    host = await startWebHost({ dataDir: path.join(tempDir(), 'data'), rendererDir: tempDir(), log: () => undefined, timeouts: { headersMs: 300, requestMs: 600 } });
    const head = `POST /api/call/status.get HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`;
    const result = await stallAfter(host.port, head, 8_000);
    expect(result.closedByServer).toBe(true);
    expect(result.openMs).toBeLessThan(3_000);
  });

  it('keeps an event stream open past every timeout', async () => {
    host = await startWebHost({ dataDir: path.join(tempDir(), 'data'), rendererDir: tempDir(), log: () => undefined, heartbeatMs: 10_000, timeouts: { headersMs: 300, requestMs: 600 } });
    const result = await stallAfter(host.port, `GET /api/events?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`, 2_500);
    expect(result.received).toContain('200 OK');
    expect(result.closedByServer).toBe(false);
  });
});
