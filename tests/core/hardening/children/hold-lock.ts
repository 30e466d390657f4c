/** Child: another Confidant that holds the database's write lock until it is killed. */
import fs from 'node:fs';
import { openCore } from '../../../../electron/core/core.ts';

const [dataDir] = process.argv.slice(2);
const core = openCore({ dataDir, logError: () => undefined, kind: 'cli' });
core.context.db.exec('BEGIN IMMEDIATE');
fs.writeSync(1, 'holding\n');
setInterval(() => undefined, 60_000);
