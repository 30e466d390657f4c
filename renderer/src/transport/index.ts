/**
 * The one typed client of the renderer. Inside the desktop app it goes over IPC
 * (`window.confidant`); in a browser opened from `npm run serve` it goes over HTTP.
 */
import { createClient, type Client } from '../../../electron/api/index.ts';
import { createHttpTransport, takeToken } from './http.ts';
import { createIpcTransport, findBridge } from './ipc.ts';

let client: Client | null = null;

export function getClient(): Client {
  if (!client) {
    const bridge = findBridge();
    client = createClient(bridge ? createIpcTransport(bridge) : createHttpTransport(takeToken()));
  }
  return client;
}
