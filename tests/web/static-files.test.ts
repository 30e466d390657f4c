import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';
import { rawRequest } from './raw-http.ts';
import os from 'node:os';

let host: WebHost;
let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-static-'));
  rendererDir = path.join(root, 'dist');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Confidant</title><div id="root"></div>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app");');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // Secrets next to the build that no path may reach.
  fs.writeFileSync(path.join(root, 'secret.txt'), 'diary');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.txt'));
  host = await startWebHost({ dataDir: path.join(root, 'data'), rendererDir, log: () => {} });
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('web host static files', () => {
  // Each row: a request path and what the person's browser must get.
  test.each([
    { path: '/', status: 200, type: 'text/html; charset=utf-8', body: /<title>Confidant/ },
    { path: '/?token=abc', status: 200, type: 'text/html; charset=utf-8', body: /<title>Confidant/ },
    // A route of the single-page app falls back to index.html.
    { path: '/library/sources', status: 200, type: 'text/html; charset=utf-8', body: /<title>Confidant/ },
    { path: '/assets/index-abc.js', status: 200, type: 'text/javascript; charset=utf-8', body: /console\.log/ },
    { path: '/assets/index-abc.css', status: 200, type: 'text/css; charset=utf-8', body: /body\{\}/ },
    { path: '/assets/logo.svg', status: 200, type: 'image/svg+xml', body: /<svg/ },
    // A missing asset is a 404, not index.html served as JavaScript.
    { path: '/assets/missing.js', status: 404, type: 'text/plain; charset=utf-8', body: /Not found/ },
    // A directory is never listed.
    { path: '/assets/', status: 200, type: 'text/html; charset=utf-8', body: /<title>Confidant/ },
  ])('GET $path answers $status $type', async ({ path: p, status, type, body }) => {
    const res = await rawRequest(host.port, { path: p });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(type);
    expect(res.text).toMatch(body);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
  });

  test.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    '/..%00/secret.txt',
    '/%E0%A4%A',
    // A symlink inside the build that points outside it.
    '/assets/leak.txt',
  ])('path traversal %s is refused', async (p) => {
    const res = await rawRequest(host.port, { path: p });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('diary');
    // And the app itself is still served.
    expect((await rawRequest(host.port, { path: '/' })).status).toBe(200);
  });

  test('HEAD answers headers only; other methods get 405', async () => {
    const head = await rawRequest(host.port, { method: 'HEAD', path: '/assets/index-abc.js' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("app");'.length));
    expect(head.text).toBe('');
    const put = await rawRequest(host.port, { method: 'PUT', path: '/index.html', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
  });

  test('without a built renderer the page says how to build it', async () => {
    const bare = await startWebHost({ dataDir: path.join(root, 'data2'), rendererDir: path.join(root, 'not-built'), log: () => {} });
    try {
      const res = await rawRequest(bare.port, { path: '/' });
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build:renderer');
    } finally {
      await bare.close();
    }
  });
});
