/**
 * `npm run serve`: builds the renderer, then starts the web host and prints the one URL to open
 * (token included); SIGTERM, SIGINT or the end of whatever started it closes the host. For a
 * headless GPU machine: `ssh -L 8765:127.0.0.1:8765 gpu-box`, then on the GPU box
 * `npm run serve -- --port 8765`, and open the printed URL on your own computer.
 *
 * Options: --data-dir DIR (else $CONFIDANT_DATA_DIR, else the OS application-data folder),
 * --port N (default: a free port), --renderer-dir DIR (default: renderer/dist).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBackgroundWork } from '../core/index.ts';
import { defaultRendererDir, startWebHost } from './server.ts';

async function main(): Promise<number> {
  let values: { 'data-dir'?: string; port?: string; 'renderer-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'renderer-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run serve -- [--data-dir DIR] [--port N] [--renderer-dir DIR]\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write('Usage: npm run serve -- [--data-dir DIR] [--port N] [--renderer-dir DIR]\n');
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, not "${values.port}".\n`);
    return 2;
  }
  const rendererDir = path.resolve(values['renderer-dir'] ?? defaultRendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(`The renderer is not built: ${path.join(rendererDir, 'index.html')} is missing. Run \`npm run build:renderer\` first.\n`);
    return 1;
  }

  const host = await startWebHost({ dataDir: values['data-dir'], rendererDir, port });
  process.stdout.write(`Confidant is running at ${host.url}\n`);
  await startBackgroundWork(host.core);

  await new Promise<void>((resolve) => {
    let isStopping = false;
    // The handlers stay registered: libraries that re-raise a signal once they believe they are its
    // only listener (node-llama-cpp's cleanup does) would otherwise kill us before the database closes.
    const stop = () => {
      if (isStopping) process.exit(130);
      isStopping = true;
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Only under an npm script: started by hand (or with nohup), the server may outlive its shell on purpose.
    if (process.env.npm_lifecycle_event) stopWhenOrphaned(stop);
  });
  await host.close();
  return 0;
}

/**
 * `npm run serve` puts a shell between npm and this process, and a shell that gets SIGTERM dies
 * without passing it on: the server would keep running, token valid, with nobody to stop it.
 * Whoever started us going away (our parent changes) stops the server the same way a signal does.
 */
function stopWhenOrphaned(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, 500);
  timer.unref();
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`Error: ${(error as Error)?.message ?? String(error)}\n`);
  process.exitCode = 1;
}
