import { describe, expect, test } from 'vitest';
import { mainWindowOptions, windowWebPreferences } from '../../electron/main/window-options.ts';
import { denyWindowOpen, isNavigationAllowed, isPermissionAllowed } from '../../electron/main/navigation.ts';
import { APP_ORIGIN } from '../../electron/main/ipc-guard.ts';

describe('the BrowserWindow is locked down', () => {
  test('page isolated from Node, sandboxed, web security on, preload set', () => {
    const prefs = windowWebPreferences('/app/.vite/build/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/.vite/build/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(windowWebPreferences('/p.cjs'));
  });

  test.each([
    { url: `${APP_ORIGIN}/index.html`, allowed: true },
    { url: `${APP_ORIGIN}/#/library`, allowed: true },
    { url: 'https://example.com/', allowed: false },
    { url: 'http://127.0.0.1:5173/', allowed: false },
    { url: 'file:///etc/passwd', allowed: false },
    // Same scheme, another host: a different origin.
    { url: 'app://other/index.html', allowed: false },
    { url: 'javascript:alert(1)', allowed: false },
    { url: 'not a url', allowed: false },
  ])('navigation to $url allowed: $allowed', ({ url, allowed }) => {
    expect(isNavigationAllowed(url, [APP_ORIGIN])).toBe(allowed);
  });

  test('window.open is denied and no permission is granted', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });
});
