import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Child processes for native work that may abort() (quantising, testing a GPU backend): the app's own
 * process must survive whatever llama.cpp does.
 *
 * A worker is a module beside its caller. From a checkout it is the `.ts` source, run through tsx;
 * in the packaged app it is its own bundle entry (`<name>.js` in .vite/build, vite.main.config.ts),
 * beside the main bundle that the caller was bundled into.
 */
export function workerFile(callerUrl: string, name: string): string {
  const caller = fileURLToPath(callerUrl);
  return path.join(path.dirname(caller), `${name}${caller.endsWith('.ts') ? '.ts' : '.js'}`);
}

/** Starts `file` with one JSON argument, in plain Node (Electron's binary acts as Node here). */
export function spawnWorker(file: string, request: unknown): ChildProcessWithoutNullStreams {
  const loader = file.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return spawn(process.execPath, [...loader, file, JSON.stringify(request)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Electron's binary acts as plain Node with this set; plain Node ignores it.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}
