/**
 * The local web host: the built renderer and the API contract over loopback HTTP, for testing the
 * UI in a real browser and for using Confidant on a headless GPU machine through an SSH tunnel.
 * Protocol: `webProtocol` in electron/api/bridge.ts. Started by `npm run serve` (serve.ts).
 *
 * Every request is checked in this order: Host/Origin (403), route (404), method (405), token
 * (401), body size (413), JSON (400), call name (404); then the core validates the input (400).
 * Each failure is answered on its own request; nothing a client sends can stop the server.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { webProtocol, type ErrorCode, type ErrorPayload, type Result } from '../api/index.ts';
import { openCore, type Core } from '../core/index.ts';
import { securityHeaders } from '../main/csp.ts';
import { EventStreams } from './event-stream.ts';
import { bearerToken, checkHostAndOrigin, newToken, readBody, tokensMatch } from './http-guards.ts';
import { resolveStaticFile } from './static-files.ts';

export interface WebHostOptions {
  dataDir?: string;
  /** The built renderer (default: renderer/dist of this checkout). */
  rendererDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** How often an idle event stream gets a keep-alive comment (default 15 s). */
  heartbeatMs?: number;
  timeouts?: Partial<WebTimeouts>;
  log?: (line: string) => void;
}

/**
 * How long a client may take. Node's defaults (headers 60 s, request 300 s) let a slow client pin
 * a connection for minutes; a UI on the same machine sends a request in milliseconds. Event
 * streams are exempt: they stay open on purpose and carry their own heartbeat.
 */
export interface WebTimeouts {
  /** Until the request headers are complete; raising it only helps a client that stalls. */
  headersMs: number;
  /**
   * Until the whole request (body included, at most 1 MiB over loopback) is in. The answer may take
   * as long as the call needs: a dataset build or a trainer setup runs for minutes, so there is no
   * socket idle limit; idle keep-alive connections close after Node's 5 s.
   */
  requestMs: number;
}

export const defaultWebTimeouts: WebTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface WebHost {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  core: Core;
  timeouts: WebTimeouts;
  /** Pages currently connected to the event stream. */
  eventClientCount(): number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const defaultRendererDir = path.resolve(import.meta.dirname, '../../renderer/dist');

/** HTTP status for a failed call: the body is the `Result` either way; the status is for logs and tools. */
const statusForError: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  busy: 409,
  locked: 423,
  read_only: 503,
  disk_full: 507,
  internal: 500,
};

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const token = newToken();
  const core = openCore({ dataDir: options.dataDir, kind: 'web host', logError: (m, e) => log(`${m}: ${(e as Error)?.stack ?? String(e)}`) });
  const streams = new EventStreams(core, options.heartbeatMs ?? 15_000);
  let port = 0;

  const timeouts: WebTimeouts = { ...defaultWebTimeouts, ...options.timeouts };
  const server = http.createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // How often Node checks the two limits above; its default (30 s) would overshoot them.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
  }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`Web host error on ${req.method} ${req.url?.split('?')[0]}: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong in the web host. The details are in its log.');
      else res.destroy();
    });
  });
  // Malformed HTTP never reaches `handle`; answer it without taking the server down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHostAndOrigin(req, port);
    if (refusal !== null) return sendError(res, 403, 'invalid_input', refusal);
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));

    if (rawPath.startsWith(webProtocol.callPath)) return handleCall(req, res, rawPath.slice(webProtocol.callPath.length));
    if (rawPath === webProtocol.eventsPath) {
      if (req.method !== 'GET') return sendError(res, 405, 'invalid_input', 'Use GET for the event stream.', { Allow: 'GET' });
      if (!tokensMatch(query.get(webProtocol.tokenParam), token)) return sendUnauthorized(res);
      streams.attach(res, securityHeaders);
      return;
    }
    if (rawPath.startsWith('/api/')) return sendError(res, 404, 'not_found', `There is no API at ${rawPath}.`);
    return serveStatic(req, res, rawPath);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, rawName: string): Promise<void> {
    if (req.method !== 'POST') {
      return sendError(res, 405, 'invalid_input', 'Calls are made with POST.', { Allow: 'POST' });
    }
    if (!tokensMatch(bearerToken(req), token)) return sendUnauthorized(res);
    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      return sendError(res, 413, 'invalid_input', `The request is larger than ${maxBodyBytes} bytes.`, { Connection: 'close' });
    }
    let input: unknown;
    try {
      const text = body.body.toString('utf8');
      input = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (error) {
      return sendError(res, 400, 'invalid_input', `The request body is not valid JSON: ${(error as Error).message}`);
    }
    const name = safeDecode(rawName);
    if (name === null) return sendError(res, 404, 'not_found', `Unknown call "${rawName}".`);
    // Unknown names and invalid input are the core's to report, so every front door says the same.
    const result = await core.invoke(name, input);
    sendJson(res, result.ok ? 200 : (statusForError[result.error.code] ?? 422), result);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Only GET and HEAD are served here.', { Allow: 'GET, HEAD' });
    }
    const found = await resolveStaticFile(rendererDir, rawPath);
    switch (found.kind) {
      case 'refused':
        return sendText(res, 403, found.reason);
      case 'not_found':
        return sendText(res, 404, 'Not found.');
      case 'no_build':
        return sendText(res, 503, `The renderer is not built (no ${path.join(rendererDir, 'index.html')}). Run \`npm run build:renderer\`.`);
      case 'file': {
        const stat = await fs.promises.stat(found.file);
        res.writeHead(200, { ...securityHeaders, 'Content-Type': found.contentType, 'Content-Length': stat.size, 'Cache-Control': 'no-cache' });
        if (req.method === 'HEAD') return void res.end();
        const stream = fs.createReadStream(found.file);
        stream.on('error', (error) => {
          log(`Cannot read ${found.file}: ${error.message}`);
          res.destroy();
        });
        stream.pipe(res);
        return;
      }
    }
  }

  function sendUnauthorized(res: ServerResponse): void {
    sendError(res, 401, 'invalid_input', 'Missing or wrong token. Open the URL that `npm run serve` printed, including its ?token= part.', {
      'WWW-Authenticate': 'Bearer',
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await core.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${options.port} is already in use: choose another with --port, or 0 for any free port.` : String(error));
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?${webProtocol.tokenParam}=${token}`,
    origin,
    token,
    port,
    core,
    timeouts,
    eventClientCount: () => streams.clientCount,
    close() {
      closing ??= (async () => {
        streams.closeAll();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await core.close();
      })();
      return closing;
    },
  };
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  const error: ErrorPayload = { code, message };
  sendJson(res, status, { ok: false, error }, extra);
}

function sendText(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...securityHeaders,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'Cache-Control': 'no-store',
  });
  res.end(message);
}
