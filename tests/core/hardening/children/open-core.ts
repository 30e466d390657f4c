/** Child: opens the core on a data directory and tries one write; prints the outcome as JSON. */
import fs from 'node:fs';
import { ConfidantError } from '../../../../electron/api/errors.ts';
import { openCore } from '../../../../electron/core/core.ts';

const [dataDir, sourceDir] = process.argv.slice(2);
try {
  const core = openCore({ dataDir, logError: () => undefined });
  const added = await core.invoke('library.addSource', { path: sourceDir });
  fs.writeSync(1, `${JSON.stringify({ opened: true, added })}\n`);
  await core.close();
} catch (error) {
  const e = error as ConfidantError;
  fs.writeSync(1, `${JSON.stringify({ opened: false, isConfidantError: e instanceof ConfidantError, code: e.code, message: e.message })}\n`);
}
