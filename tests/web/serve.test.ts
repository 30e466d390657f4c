import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const repo = path.resolve(import.meta.dirname, '../..');

/** Runs `tsx electron/web/serve.ts` (what `npm run serve` runs after building) and collects its output. */
function startServe(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/serve.ts', ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

test('serve prints one URL with the token, serves the API there, and stops cleanly on SIGTERM', async () => {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'dist');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Confidant</title>');
  const serve = startServe(['--renderer-dir', rendererDir], { CONFIDANT_DATA_DIR: path.join(dir, 'data') });
  const deadline = Date.now() + 30_000;
  while (!serve.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  const lines = serve.out().trim().split('\n');
  expect(lines).toHaveLength(1);
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(lines[0])?.[0];
  expect(url, serve.out() + serve.err()).toBeDefined();
  const { origin, searchParams } = new URL(url!);
  const page = await fetch(url!);
  expect(await page.text()).toContain('<title>Confidant');
  const res = await fetch(`${origin}/api/call/status.get`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${searchParams.get('token')}` },
    body: '{}',
  });
  expect(await res.json()).toMatchObject({ ok: true, value: { dataDir: path.join(dir, 'data') } });

  serve.child.kill('SIGTERM');
  const code = await serve.exited;
  expect({ code, signal: serve.child.signalCode, stderr: serve.err() }).toEqual({ code: 0, signal: null, stderr: '' });
});

test('serve without a built renderer says to run npm run build:renderer and exits 1', async () => {
  const dir = tempDir();
  const serve = startServe(['--renderer-dir', path.join(dir, 'nothing'), '--data-dir', path.join(dir, 'data')]);
  expect(await serve.exited).toBe(1);
  expect(serve.err()).toContain('npm run build:renderer');
  expect(serve.out()).toBe('');
});

test('serve refuses a bad --port with exit 2', async () => {
  const serve = startServe(['--port', 'eighty']);
  expect(await serve.exited).toBe(2);
  expect(serve.err()).toContain('--port must be a whole number');
});
