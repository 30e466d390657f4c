/**
 * The Content-Security-Policy of every page Confidant shows, in the desktop app (`app://confidant`)
 * and from the web host (`http://127.0.0.1:<port>`). Everything comes from the app's own origin:
 * no remote scripts, styles, fonts or connections (privacy promise 3), no eval, no plugins, no
 * framing. `connect-src 'self'` is what lets the web renderer reach `/api/call` and `/api/events`.
 */
export const cspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'media-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export function buildCsp(directives: Record<string, readonly string[]> = cspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const contentSecurityPolicy = buildCsp();

/** Headers sent with every page and file, by both the app protocol and the web host. */
export const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  // The web host's URL carries the token: never hand it to another site as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const satisfies Record<string, string>;
