/**
 * Child, run on a small tmpfs: fills the disk until only a little is left, then builds a dataset
 * and indexes a source, and prints what each call answered (the parent checks the messages).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../../../../electron/core/core.ts';
import { insertEntries, prose } from '../../dataset/fixtures.ts';

const [dataDir, base, sourceDir] = process.argv.slice(2);
const core = openCore({ dataDir, logError: () => undefined });
insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 40 }, (_, i) => ({ key: `${i}.md`, text: prose(i, 400), createdAt: '2024-02-03T08:00:00Z' })));
const filler = path.join(path.dirname(dataDir), 'filler');
const { bavail, bsize } = fs.statfsSync(dataDir);
fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 48 * 1024)));
const build = await core.invoke('dataset.build', { base, seed: 1 });
const index = await core.invoke('library.addSource', { path: sourceDir }).then((added) =>
  added.ok ? core.invoke('library.index', { sourceId: (added.value as { id: number }).id }) : added,
);
const after = { tmp: fs.readdirSync(path.join(dataDir, 'tmp')), datasets: fs.readdirSync(path.join(dataDir, 'datasets')) };
fs.writeSync(1, `${JSON.stringify({ build, index, after })}\n`);
await core.close();
