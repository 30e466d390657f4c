import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { answerAppRequest, appSchemePrivileges } from '../../electron/main/protocol.ts';
import { tempDir } from '../helpers/tmp.ts';

function buildDir(): string {
  const root = tempDir();
  const dist = path.join(root, 'main_window');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Confidant</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'export {};');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'diary');
  return dist;
}

describe('app:// protocol', () => {
  test('is a standard, secure scheme without CSP bypass', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true });
    expect(appSchemePrivileges.privileges).not.toHaveProperty('bypassCSP');
  });

  test('serves the renderer with its type and the CSP, and falls back to index.html for routes', async () => {
    const dist = buildDir();
    const js = await answerAppRequest('app://confidant/assets/app.js', 'GET', dist);
    expect(js.status).toBe(200);
    expect(js.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(String(js.body)).toBe('export {};');
    const route = await answerAppRequest('app://confidant/library', 'GET', dist);
    expect(String(route.body)).toContain('<title>Confidant');
  });

  test.each([
    { url: 'app://confidant/../secret.txt', status: 403 },
    { url: 'app://confidant/assets/%2e%2e/%2e%2e/secret.txt', status: 403 },
    { url: 'app://elsewhere/index.html', status: 404 },
    { url: 'app://confidant/assets/missing.js', status: 404 },
  ])('$url answers $status', async ({ url, status }) => {
    const answer = await answerAppRequest(url, 'GET', buildDir());
    expect(answer.status).toBe(status);
    expect(String(answer.body)).not.toContain('diary');
  });

  test('POST is refused', async () => {
    expect((await answerAppRequest('app://confidant/index.html', 'POST', buildDir())).status).toBe(405);
  });
});
