/**
 * Builds the real main and preload bundles the way `electron-forge` does (its Vite config helpers
 * merged with ours), then runs main.js in plain Node against a recording stand-in for Electron
 * (Electron cannot run here): the bundle must load, and its wiring must do what the shell promises.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, loadConfigFromFile, type InlineConfig } from 'vite';
import { expect, onTestFinished, test } from 'vitest';
import { windowWebPreferences } from '../../electron/main/window-options.ts';
import { gemmaPath } from '../core/chat/chat-fixtures.ts';
import { tempDir } from '../helpers/tmp.ts';

const repo = path.resolve(import.meta.dirname, '../..');

type ForgeViteGetConfig = (env: object, user: object) => InlineConfig;

async function forgeConfigHelper(kind: 'main' | 'preload'): Promise<ForgeViteGetConfig> {
  const file = path.join(repo, `node_modules/@electron-forge/plugin-vite/dist/config/vite.${kind}.config.js`);
  const mod = (await import(pathToFileURL(file).href)) as { getConfig: ForgeViteGetConfig };
  return mod.getConfig;
}

async function buildBundle(kind: 'main' | 'preload', outDir: string): Promise<void> {
  const configFile = `vite.${kind}.config.ts`;
  const forgeEnv = {
    root: repo,
    mode: 'production',
    command: 'build',
    forgeConfig: { build: [], renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }] },
    forgeConfigSelf: { entry: `electron/${kind}/${kind}.ts`, config: configFile },
  };
  const user = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(repo, configFile), repo, 'silent');
  const config = (await forgeConfigHelper(kind))(forgeEnv, user?.config ?? {});
  await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, minify: false, sourcemap: false } });
}

test('the built main bundle loads and wires a locked-down window, the guarded IPC channel and app://', async () => {
  // The packaged app's layout (package.json beside .vite/build and .vite/renderer), inside the
  // checkout so the bundle's external packages resolve from node_modules as they do in the app.
  fs.mkdirSync(path.join(repo, '.vite'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repo, '.vite', 'bundle-test-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(dir, 'package.json'));
  const buildDir = path.join(dir, '.vite', 'build');
  await buildBundle('main', buildDir);
  await buildBundle('preload', buildDir);
  expect(fs.existsSync(path.join(buildDir, 'main.js'))).toBe(true);
  expect(fs.readFileSync(path.join(buildDir, 'preload.cjs'), 'utf8')).toContain('exposeInMainWorld');
  // Where Forge puts the renderer named main_window.
  const rendererDir = path.join(dir, '.vite', 'renderer', 'main_window');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Confidant</title>');

  const dataDir = path.join(tempDir(), 'data');
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(path.join(repo, 'tests/main/fixtures/electron-stub-hooks.mjs')).href, path.join(buildDir, 'main.js')],
      { cwd: repo, env: { ...process.env, CONFIDANT_DATA_DIR: dataDir }, timeout: 60_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve({ stdout: out })),
    );
  });
  const report = JSON.parse(stdout) as {
    calls: [string, ...unknown[]][];
    fromApp: { ok: boolean; value?: { dataDir: string } };
    fromRemote: { ok: boolean; error?: { message: string } };
    invalid: { ok: boolean; error?: { code: string } };
    page: { status: number; csp: string; body: string };
    cameraAllowed: boolean;
    trainerDir: string;
  };
  const names = report.calls.map((c) => c[0]);
  // The scheme must be privileged before Electron is ready, or app:// pages get no origin.
  expect(report.calls.find((c) => c[0] === 'protocol.registerSchemesAsPrivileged')?.[2]).toEqual({ beforeReady: true });
  expect(names).toEqual(expect.arrayContaining(['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.requestSingleInstanceLock', 'protocol.handle', 'ipcMain.handle', 'BrowserWindow', 'loadURL']));
  expect(report.calls.filter((c) => c[0] === 'app.on').map((c) => c[1])).toEqual(expect.arrayContaining(['web-contents-created', 'second-instance', 'will-quit']));
  const windowOptions = report.calls.find((c) => c[0] === 'BrowserWindow')?.[1] as { webPreferences: object };
  expect(windowOptions.webPreferences).toEqual(windowWebPreferences(path.join(buildDir, 'preload.cjs')));
  expect(report.calls.find((c) => c[0] === 'loadURL')?.[1]).toBe('app://confidant/');
  expect(report.fromApp).toMatchObject({ ok: true, value: { dataDir } });
  expect(report.fromRemote.ok).toBe(false);
  expect(report.fromRemote.error?.message).toContain('https://evil.example/');
  expect(report.invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(report.page).toMatchObject({ status: 200, body: '<!doctype html><title>Confidant</title>' });
  expect(report.page.csp).toContain("default-src 'self'");
  expect(report.cameraAllowed).toBe(false);
  expect(report.trainerDir).toBe(path.join(repo, 'trainer'));

  // The child processes are entries of their own beside main.js, and run there as plain JS: the
  // GPU backend test loads a real model and generates (on the CPU here, which has no GPU).
  expect(fs.existsSync(path.join(buildDir, 'quantize-worker.js'))).toBe(true);
  const probe = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(buildDir, 'gpu-probe-worker.js'), JSON.stringify({ gpu: false, modelPath: gemmaPath(), gpuLayers: 0 })],
      { cwd: repo, timeout: 120_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    );
  });
  expect(JSON.parse(probe.trim().split('\n').pop() ?? '')).toEqual({ ok: true, backend: 'cpu', devices: [], tokens: 2 });
}, 300_000);
