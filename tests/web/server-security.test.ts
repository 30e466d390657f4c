import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { rawRequest, streamUntilAnswered, type RawRequest } from './raw-http.ts';
import { tempDir } from '../helpers/tmp.ts';
import os from 'node:os';

// One host for the whole file: each bad request must leave it serving the next one.
let host: WebHost;
let dataDir: string;
const MAX_BODY = 4096;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-web-'));
  host = await startWebHost({ dataDir: path.join(dataDir, 'data'), rendererDir: path.join(dataDir, 'renderer'), maxBodyBytes: MAX_BODY, log: () => {} });
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });

async function expectStillServing(): Promise<void> {
  const res = await rawRequest(host.port, { method: 'POST', path: '/api/call/status.get', headers: auth(), body: '{}' });
  expect(res.status).toBe(200);
  expect(res.json()).toMatchObject({ ok: true, value: { dataDir: path.join(dataDir, 'data') } });
}

describe('web host refuses bad requests, each with its own status, and keeps serving', () => {
  // Each row: what a misbehaving or hostile client sends, and the status it must get.
  const cases: { name: string; request: () => RawRequest; status: number; message: RegExp }[] = [
    { name: 'no token', request: () => ({ method: 'POST', path: '/api/call/status.get', body: '{}' }), status: 401, message: /token/ },
    {
      name: 'wrong token',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: { Authorization: `Bearer ${host.token.slice(0, -1)}x` }, body: '{}' }),
      status: 401,
      message: /token/,
    },
    {
      name: 'token in a non-Bearer scheme',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: { Authorization: `Basic ${host.token}` }, body: '{}' }),
      status: 401,
      message: /token/,
    },
    {
      // A DNS-rebinding page reaches 127.0.0.1 under its own name; the right token must not help it.
      name: 'foreign Host header',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: { ...auth(), Host: `evil.example:${host.port}` }, body: '{}' }),
      status: 403,
      message: /Host "evil\.example/,
    },
    {
      name: 'loopback Host on another port',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: { ...auth(), Host: `127.0.0.1:${host.port + 1}` }, body: '{}' }),
      status: 403,
      message: /is not this server/,
    },
    {
      name: 'foreign Origin',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: { ...auth(), Origin: 'https://evil.example' }, body: '{}' }),
      status: 403,
      message: /evil\.example are not allowed/,
    },
    {
      name: 'invalid JSON',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: auth(), body: '{"unterminated": ' }),
      status: 400,
      message: /not valid JSON/,
    },
    {
      // The zod message names the offending field.
      name: 'input that fails the schema',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: auth(), body: '{"surprise": 1}' }),
      status: 400,
      message: /Invalid input for status\.get: .*surprise/,
    },
    {
      name: 'declared body over the limit',
      request: () => ({ method: 'POST', path: '/api/call/status.get', headers: auth(), body: JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }) }),
      status: 413,
      message: /larger than 4096 bytes/,
    },
    {
      name: 'unknown call',
      request: () => ({ method: 'POST', path: '/api/call/nothing.here', headers: auth(), body: '{}' }),
      status: 404,
      message: /Unknown call "nothing\.here"/,
    },
    {
      name: 'undecodable call name',
      request: () => ({ method: 'POST', path: '/api/call/%E0%A4%A', headers: auth(), body: '{}' }),
      status: 404,
      message: /Unknown call/,
    },
    { name: 'wrong method for a call', request: () => ({ method: 'GET', path: '/api/call/status.get', headers: auth() }), status: 405, message: /POST/ },
    { name: 'unknown API path', request: () => ({ method: 'POST', path: '/api/other', headers: auth() }), status: 404, message: /no API/ },
  ];

  test.each(cases)('$name answers $status', async ({ request, status, message }) => {
    const res = await rawRequest(host.port, request());
    expect(res.status).toBe(status);
    const body = res.json() as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(message);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    await expectStillServing();
  });

  test('a chunked body is cut off at the limit without waiting for the end', async () => {
    const answer = await streamUntilAnswered(host.port, '/api/call/status.get', auth(), Buffer.alloc(1024, 0x20), 10_000);
    expect(answer.status).toBe(413);
    // It answered long before the client could send its 10 MB.
    expect(answer.sentBytes).toBeLessThan(1024 * 1024);
    await expectStillServing();
  });

  test('the token from localhost works too, and the matching Origin is accepted', async () => {
    const res = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/call/status.get',
      headers: { ...auth(), Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
  });

  test('an empty body is an empty input', async () => {
    const res = await rawRequest(host.port, { method: 'POST', path: '/api/call/status.get', headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
  });

  test('malformed HTTP gets 400 and the server keeps serving', async () => {
    const net = await import('node:net');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(host.port, '127.0.0.1', () => socket.write('NOT-HTTP \x00\x01\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await expectStillServing();
  });

  test('the printed URL carries the token and points at loopback', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('tokens', () => {
  test('each start gets a new token', async () => {
    const dir = tempDir();
    const other = await startWebHost({ dataDir: dir, rendererDir: dir, log: () => {} });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.port).not.toBe(host.port);
      // The first host's token does not open the second.
      const res = await rawRequest(other.port, { method: 'POST', path: '/api/call/status.get', headers: { Authorization: `Bearer ${host.token}` }, body: '{}' });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
