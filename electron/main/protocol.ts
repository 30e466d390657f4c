/**
 * The `app://confidant/` protocol that serves the built renderer in the desktop app, instead of
 * `file://` (which would give the page the whole disk as its origin). Same file rules as the web
 * host (electron/web/static-files.ts), same security headers. Registered in main.ts.
 */
import fs from 'node:fs';
import { securityHeaders } from './csp.ts';
import { APP_HOST, APP_SCHEME } from './ipc-guard.ts';
import { resolveStaticFile } from '../web/static-files.ts';

/**
 * Privileges for `protocol.registerSchemesAsPrivileged`: `standard` gives relative URLs and a
 * real origin, `secure` makes it a secure context, `supportFetchAPI` lets the page fetch its own
 * assets. No `bypassCSP`, no `corsEnabled`, no service workers.
 */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Answers one request to the app protocol from the files under `rendererDir`. */
export async function answerAppRequest(requestUrl: string, method: string, rendererDir: string): Promise<AppResponse> {
  const text = (status: number, message: string): AppResponse => ({
    status,
    headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    body: message,
  });
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'Bad URL.');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'Not found.');
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Only GET and HEAD are served.');
  // The raw path of the request, before URL normalisation removed any `..`.
  const rawPath = requestUrl.slice(`${APP_SCHEME}://${APP_HOST}`.length).split(/[?#]/)[0] || '/';
  const found = await resolveStaticFile(rendererDir, rawPath);
  switch (found.kind) {
    case 'refused':
      return text(403, found.reason);
    case 'not_found':
      return text(404, 'Not found.');
    case 'no_build':
      return text(503, 'The renderer is missing from this build of Confidant. Reinstall the app.');
    case 'file':
      return {
        status: 200,
        headers: { ...securityHeaders, 'Content-Type': found.contentType },
        body: method === 'HEAD' ? '' : await fs.promises.readFile(found.file),
      };
  }
}
