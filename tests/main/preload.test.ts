import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ipcChannels } from '../../electron/main/ipc-channels.ts';

// Electron cannot run here: the preload is loaded against a stand-in for its two modules.
const exposed = new Map<string, unknown>();
const ipcRenderer = {
  invoke: vi.fn(async (_channel: string, _message: unknown) => ({ ok: true, value: 'answered' })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

interface ExposedBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../electron/preload/preload.ts');
  });

  test('exposes only window.confidant with invoke and onEvent', () => {
    expect([...exposed.keys()]).toEqual(['confidant']);
    expect(Object.keys(exposed.get('confidant') as object).sort()).toEqual(['invoke', 'onEvent']);
  });

  test('invoke sends { name, input } on the one channel and returns main\'s Result', async () => {
    const bridge = exposed.get('confidant') as ExposedBridge;
    await expect(bridge.invoke('status.get', {})).resolves.toEqual({ ok: true, value: 'answered' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannels.invoke, { name: 'status.get', input: {} });
  });

  test('event listeners never see Electron\'s event object, and unsubscribe', () => {
    const bridge = exposed.get('confidant') as ExposedBridge;
    const received: unknown[] = [];
    const unsubscribe = bridge.onEvent((event) => received.push(event));
    const [channel, forward] = ipcRenderer.on.mock.lastCall as [string, (e: unknown, payload: unknown) => void];
    expect(channel).toBe(ipcChannels.event);
    forward({ sender: 'electron internals' }, { name: 'app.notice', payload: { level: 'info', message: 'hi' } });
    expect(received).toEqual([{ name: 'app.notice', payload: { level: 'info', message: 'hi' } }]);
    unsubscribe();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(ipcChannels.event, forward);
  });

  test('stays under 100 lines', () => {
    const lines = fs.readFileSync(path.resolve(import.meta.dirname, '../../electron/preload/preload.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(100);
  });
});
