import { describe, expect, test } from 'vitest';
import { parseEvent, readResult } from '../../../renderer/src/transport/http.ts';

describe('readResult', () => {
  test('passes a successful Result through, whatever the value', async () => {
    const response = new Response(JSON.stringify({ ok: true, value: { dataDir: '/tmp/x' } }), { status: 200 });
    expect(await readResult(response, 'status.get')).toEqual({ ok: true, value: { dataDir: '/tmp/x' } });
  });

  test('keeps the host’s own error and field issues on a failed call', async () => {
    const body = { ok: false, error: { code: 'invalid_input', message: 'Invalid input for x.y: path: Required', issues: ['path: Required'] } };
    const result = await readResult(new Response(JSON.stringify(body), { status: 400 }), 'x.y');
    expect(result).toEqual(body);
  });

  test('turns a body that is no Result (a proxy’s HTML page) into an io error naming the call and status', async () => {
    const result = await readResult(new Response('<html>Bad gateway</html>', { status: 502 }), 'status.get');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('io');
    expect(result.error.message).toContain('status.get');
    expect(result.error.message).toContain('HTTP 502');
  });

  test('refuses an error payload whose code is not in the closed list', async () => {
    const body = { ok: false, error: { code: 'teapot', message: 'short and stout' } };
    const result = await readResult(new Response(JSON.stringify(body), { status: 418 }), 'status.get');
    expect(result.ok === false && result.error.code).toBe('io');
  });
});

describe('parseEvent', () => {
  test('accepts an event of the contract', () => {
    const data = JSON.stringify({ name: 'app.notice', payload: { level: 'info', message: 'Indexed 3 entries' } });
    expect(parseEvent(data)).toEqual({ name: 'app.notice', payload: { level: 'info', message: 'Indexed 3 entries' } });
  });

  // Each of these would reach screens half-formed; they are dropped instead.
  test.each([
    ['not JSON', 'hello'],
    ['an unknown event name', JSON.stringify({ name: 'app.unknown', payload: {} })],
    ['a payload that breaks its schema', JSON.stringify({ name: 'app.notice', payload: { level: 'loud', message: 'x' } })],
    ['no envelope', JSON.stringify([1, 2, 3])],
    ['a name inherited from Object.prototype', JSON.stringify({ name: 'toString', payload: {} })],
  ])('drops %s', (_what, data) => {
    expect(parseEvent(data)).toBeNull();
  });
});
