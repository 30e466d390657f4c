/** Child: builds a dataset and stops dead right after train.jsonl reached the disk, to be killed there. */
import fs from 'node:fs';
import { openCore } from '../../../../electron/core/core.ts';
import { fsWriter, planDataset, DEFAULT_SETTINGS, writeDataset } from '../../../../electron/core/dataset/index.ts';
import { insertEntries, prose } from '../../dataset/fixtures.ts';

const [dataDir, base, planted] = process.argv.slice(2);
const core = openCore({ dataDir, logError: () => undefined });
insertEntries(core.context.db, '/home/me/journal', Array.from({ length: 12 }, (_, i) => ({ key: `${i}.md`, text: `${planted} ${prose(i, 120)}`, createdAt: '2024-02-03T08:00:00Z' })));
const plan = planDataset(core.context.db, core.context.paths, { ...DEFAULT_SETTINGS, base });
writeDataset(core.context.db, core.context.paths, plan, {
  writer: {
    write(file, data) {
      fsWriter.write(file, data);
      if (file.endsWith('train.jsonl')) {
        fs.writeSync(1, `written ${file}\n`);
        // Block this thread for good: the parent kills the process while the build is mid-way.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    },
  },
});
