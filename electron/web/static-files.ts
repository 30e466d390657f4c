/**
 * Maps a request path to a file of the built renderer, for the web host and the desktop app's
 * `app://` protocol alike. Only files under the root are ever served; anything that tries to step
 * outside it (`..`, encoded slashes, NUL, drive letters, symlinks pointing out) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticResolution =
  | { kind: 'file'; file: string; contentType: string }
  /** The path tries to leave the root, or cannot be decoded. */
  | { kind: 'refused'; reason: string }
  | { kind: 'not_found' }
  /** The root has no index.html: the renderer was never built. */
  | { kind: 'no_build' };

/**
 * Resolves the raw (undecoded, unnormalised) path of a request. Routes of the single-page app
 * (no file extension, not a file) fall back to index.html; a missing asset is a plain 404, and a
 * directory is never listed.
 */
export async function resolveStaticFile(root: string, rawPath: string): Promise<StaticResolution> {
  const segments = splitSafely(rawPath);
  if (!Array.isArray(segments)) return segments;
  const rootReal = await realpathOrNull(root);
  if (rootReal === null) return { kind: 'no_build' };
  const index = path.join(rootReal, 'index.html');
  const target = path.join(rootReal, ...segments);
  const found = await statFile(target, rootReal);
  if (found === 'outside') return { kind: 'refused', reason: 'The path leads outside the app.' };
  if (found !== null) return { kind: 'file', file: found, contentType: contentTypeFor(found) };
  const last = segments.at(-1) ?? '';
  if (last !== '' && path.extname(last) !== '') return { kind: 'not_found' };
  if ((await statFile(index, rootReal)) === null) return { kind: 'no_build' };
  return { kind: 'file', file: index, contentType: contentTypeFor(index) };
}

function splitSafely(rawPath: string): string[] | StaticResolution {
  if (!rawPath.startsWith('/')) return { kind: 'refused', reason: 'The path must start with "/".' };
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refused', reason: 'The path is not valid percent-encoding.' };
    }
    // Checked after decoding, so %2e%2e and %2f cannot smuggle a step outside the root.
    if (segment === '..' || segment === '.' || /[/\\\0:]/.test(segment)) {
      return { kind: 'refused', reason: 'The path leads outside the app.' };
    }
    if (segment !== '') segments.push(segment);
  }
  if (rawPath.endsWith('/')) segments.push('');
  return segments;
}

/** The real path of a regular file inside root, 'outside' if a symlink escapes, or null. */
async function statFile(file: string, rootReal: string): Promise<string | 'outside' | null> {
  const real = await realpathOrNull(file);
  if (real === null) return null;
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return 'outside';
  try {
    const stat = await fs.promises.stat(real);
    return stat.isFile() ? real : null;
  } catch {
    return null;
  }
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await fs.promises.realpath(file);
  } catch {
    return null;
  }
}
