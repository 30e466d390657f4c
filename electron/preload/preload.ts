/**
 * The sandboxed preload: exposes `window.confidant` (ConfidantBridge in electron/api/bridge.ts)
 * and nothing else. The page never sees ipcRenderer, channel names or Electron event objects;
 * main checks the sender and parses every message (electron/main/ipc-guard.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppEvent, ConfidantBridge, CallName, Result } from '../api/index.ts';
import { ipcChannels } from '../main/ipc-channels.ts';

const bridge = {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke(ipcChannels.invoke, { name, input });
  },
  onEvent(listener: (event: AppEvent) => void): () => void {
    // A wrapper per subscription, so the page's function never receives Electron's event object.
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
} satisfies ConfidantBridge;

contextBridge.exposeInMainWorld('confidant', bridge);
