/**
 * The Electron shell: app lifecycle, one secure window, the core bound to one IPC channel, core
 * events forwarded to the window. Everything that can be decided without Electron lives in the
 * modules it imports (and is tested there); this file only wires them. Run: `npm start`.
 *
 * The core is imported only once the app is ready: its module graph has top-level await
 * (node-llama-cpp), and the scheme registration below must run before `ready`.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import type { Core } from '../core/index.ts';
import { ipcChannels } from './ipc-channels.ts';
import { APP_ORIGIN, guardIpcCall, originOf, senderOf } from './ipc-guard.ts';
import { denyWindowOpen, isNavigationAllowed, isPermissionAllowed } from './navigation.ts';
import { answerAppRequest, appSchemePrivileges } from './protocol.ts';
import { mainWindowOptions } from './window-options.ts';

const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
const devOrigin = devServerUrl && !app.isPackaged ? originOf(devServerUrl) : null;
/** Where Confidant's own pages come from: the app protocol, plus the Vite dev server during `npm start`. */
const trustedOrigins: readonly string[] = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
const rendererDir = path.join(import.meta.dirname, '../renderer', MAIN_WINDOW_VITE_NAME);
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');

// Must happen before `ready`.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  // Two processes writing one diary database is never what the person wants.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', (event) => {
    if (!core) return;
    const closing = core;
    core = undefined;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  // The core cannot find the trainer relative to itself once bundled into .vite/build: a packaged
  // app ships it as an extra resource (forge.config.ts), `npm start` runs from the checkout.
  process.env.CONFIDANT_TRAINER_DIR ??= app.isPackaged ? path.join(process.resourcesPath, 'trainer') : path.join(app.getAppPath(), 'trainer');
  try {
    const { openCore, startBackgroundWork } = await import('../core/index.ts');
    core = openCore({});
    void startBackgroundWork(core);
  } catch (error) {
    fail(error);
    return;
  }
  const opened = core;
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  protocol.handle(appSchemePrivileges.scheme, async (request) => {
    const answer = await answerAppRequest(request.url, request.method, rendererDir);
    const body = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
    return new Response(body, { status: answer.status, headers: answer.headers });
  });
  ipcMain.handle(ipcChannels.invoke, (event, raw: unknown) => guardIpcCall(opened, senderOf(event), raw, trustedOrigins));
  opened.subscribe((appEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcChannels.event, appEvent);
  });
  createWindow();
}

function createWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  void window.loadURL(devServerUrl && !app.isPackaged ? devServerUrl : `${APP_ORIGIN}/`);
}

/** No navigation away, no new windows, no webviews: for every web contents, including future ones. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Confidant could not start: ${(error as Error)?.stack ?? message}\n`);
  // showErrorBox works before `ready` too, so a broken database is explained, not a silent exit.
  dialog.showErrorBox('Confidant could not start', message);
  app.exit(1);
}
