import fs from 'node:fs';
import path from 'node:path';

type Split = 'train' | 'val' | 'test';

/**
 * A dataset folder as `dataset build` leaves it (`<data>/datasets/<id>/<split>.jsonl`, one
 * `{"text": ...}` per line), written directly for tests about training rather than about building.
 */
export function writeDatasetFolder(dataDir: string, id: string, splits: Partial<Record<Split, string[]>>): void {
  const dir = path.join(dataDir, 'datasets', id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [split, texts] of Object.entries(splits)) {
    fs.writeFileSync(path.join(dir, `${split}.jsonl`), `${texts.map((text) => JSON.stringify({ text })).join('\n')}\n`);
  }
}

/** Train 24 and validation 2 copies of one journal line: enough for a few steps of the tiny model. */
export function writeRepeatedDataset(dataDir: string, id: string, text = 'Dear diary, the harbour was calm and I wrote until the lamps came on. '.repeat(2)): void {
  writeDatasetFolder(dataDir, id, { train: Array.from({ length: 24 }, () => text), val: [text, text] });
}
