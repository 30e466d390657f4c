import fs from 'node:fs';
import path from 'node:path';
import { openCore, type Core } from '../../../electron/core/core.ts';
import { tempDir } from '../../helpers/tmp.ts';

export const sampleJournal = path.resolve(import.meta.dirname, '../../../resources/sample-journal');

/** A copy of the sample journal in a temp folder, so tests may change it freely. */
export function copySample(): string {
  const dir = path.join(tempDir('confidant-src-'), 'journal');
  fs.cpSync(sampleJournal, dir, { recursive: true });
  return dir;
}

export function openTestCore(): Core {
  return openCore({ dataDir: tempDir('confidant-data-'), logError: () => undefined });
}

export { call } from '../../helpers/client.ts';

export function write(root: string, rel: string, content: string | Buffer): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
