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

/**
 * `npm run serve` exactly as package.json writes it, in a scratch package whose `build:renderer`
 * does nothing (building the real renderer takes a minute): npm, its shell and the server are real.
 */
function startNpmServe(dir: string) {
  const scripts = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'serve-wrapper', private: true, type: 'module', scripts: { 'build:renderer': 'node -e ""', serve: scripts.serve } }));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(repo, 'electron'), path.join(dir, 'electron'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>Confidant</title>');
  // Its own process group, as a terminal gives a command: a group signal then reaches npm, its shell and the server.
  const child = spawn('npm', ['run', '--silent', 'serve', '--', '--renderer-dir', 'dist', '--data-dir', path.join(dir, 'data')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.resume();
  return { child, out: () => stdout };
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

// Each row: the signal, and whether it goes to npm alone (`kill PID`, a service manager) or to the
// whole process group, as Ctrl-C in a terminal does.
test.each([
  ['SIGTERM', 'npm'],
  ['SIGINT', 'group'],
] as const)('stopping `npm run serve` with %s (to %s) stops the server, not just the wrapper', async (signal, target) => {
  const serve = startNpmServe(tempDir());
  const deadline = Date.now() + 30_000;
  while (!/token=/.test(serve.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(serve.out())?.[0];
  expect(url, serve.out()).toBeDefined();
  expect(await isAnswering(url!)).toBe(true);
  const pid = serve.child.pid!;
  try {
    process.kill(target === 'group' ? -pid : pid, signal);
    const stopBy = Date.now() + 8_000;
    while ((await isAnswering(url!)) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 100));
    expect(await isAnswering(url!)).toBe(false);
  } finally {
    // Whatever the outcome, nothing of this test may outlive it.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}, 45_000);
