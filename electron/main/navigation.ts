/**
 * What a Confidant window may open. The app is one page: it never navigates away from its own
 * origin, never opens a second window and never hands a link to the system browser, so nothing a
 * journal entry contains (a pasted link, say) can take the window or the data anywhere.
 */
import { originOf } from './ipc-guard.ts';

export function isNavigationAllowed(targetUrl: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(targetUrl);
  return origin !== null && trustedOrigins.includes(origin);
}

/** The answer to every `window.open` and `target=_blank` link (setWindowOpenHandler). */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permissions (camera, notifications, geolocation, ...) a page might ask for: Confidant needs none. */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}
