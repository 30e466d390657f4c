import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCore, type Core } from '../../electron/core/index.ts';
import { APP_ORIGIN, guardIpcCall, senderOf, type IpcEventLike } from '../../electron/main/ipc-guard.ts';
import fs from 'node:fs';
import os from 'node:os';

let core: Core;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-ipc-'));
  core = openCore({ dataDir: path.join(dir, 'data'), logError: () => {} });
});
afterAll(async () => {
  await core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What Electron's ipcMain.handle receives, reduced to what the guard reads. */
function mockedEvent(url: string, isTopFrame = true): IpcEventLike {
  return { senderFrame: { url, parent: isTopFrame ? null : { url: `${APP_ORIGIN}/` } } };
}

describe('IPC guard with a mocked ipc event (Electron cannot run here)', () => {
  test('accepts a valid call from the app window and runs it on the real core', async () => {
    const result = await guardIpcCall(core, senderOf(mockedEvent(`${APP_ORIGIN}/index.html#/status`)), { name: 'status.get', input: {} });
    expect(result).toMatchObject({ ok: true, value: { dataDir: path.join(dir, 'data') } });
  });

  // Each row: a sender the core must never hear from.
  test.each([
    { what: 'a remote page', event: mockedEvent('https://evil.example/') },
    { what: 'a local file', event: mockedEvent('file:///home/me/evil.html') },
    { what: 'another app:// host', event: mockedEvent('app://evil/index.html') },
    { what: 'the dev server when not trusted', event: mockedEvent('http://localhost:5173/') },
    { what: 'an iframe inside the app', event: mockedEvent(`${APP_ORIGIN}/frame.html`, false) },
    { what: 'a frame that is gone', event: { senderFrame: null } },
  ])('rejects a call from $what', async ({ event }) => {
    const result = await guardIpcCall(core, senderOf(event), { name: 'status.get', input: {} });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/^Refused a call from .*only Confidant's own window may call the core\.$/);
  });

  test('trusts the dev server only when main says so', async () => {
    const result = await guardIpcCall(core, senderOf(mockedEvent('http://localhost:5173/')), { name: 'status.get', input: {} }, [APP_ORIGIN, 'http://localhost:5173']);
    expect(result.ok).toBe(true);
  });

  // Each row: a malformed message from the right window, and the field the error names.
  test.each([
    { raw: null, field: '(root)' },
    { raw: 'status.get', field: '(root)' },
    { raw: { input: {} }, field: 'name' },
    { raw: { name: 42, input: {} }, field: 'name' },
    { raw: { name: '', input: {} }, field: 'name' },
    { raw: { name: 'status.get', input: {}, channel: 'x' }, field: '(root)' },
  ])('rejects the invalid payload $raw naming $field', async ({ raw, field }) => {
    const result = await guardIpcCall(core, senderOf(mockedEvent(`${APP_ORIGIN}/`)), raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues?.some((issue) => issue.startsWith(`${field}:`))).toBe(true);
  });

  test('input that fails the call schema comes back with the zod message', async () => {
    const result = await guardIpcCall(core, senderOf(mockedEvent(`${APP_ORIGIN}/`)), { name: 'status.get', input: { extra: true } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.message).toMatch(/status\.get.*extra/);
  });
});
