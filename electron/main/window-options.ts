/**
 * The BrowserWindow settings of Confidant's one window, as a plain value so a test can assert
 * them (Electron itself cannot start on the build machines). The page is isolated from Node and
 * from the preload's world; the sandboxed preload is the only way out, through `window.confidant`.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export function windowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'Confidant',
    // Shown once the first paint is ready, so the window never flashes white.
    show: false,
    webPreferences: windowWebPreferences(preloadPath),
  };
}
