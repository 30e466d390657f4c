/**
 * The temp area `<data>/tmp/` holds work in flight: a dataset being written (training text!),
 * a preflight config. A crash or kill can leave it behind, and text excluded later would then
 * survive outside the database. So it is emptied at every start, unless another Confidant that
 * might be writing there is running, and a failed dataset build removes its own folder at once.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Removes everything in the temp area; returns the names removed (never their contents). */
export function cleanTempArea(tmpDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmpDir);
  } catch {
    return [];
  }
  for (const name of names) fs.rmSync(path.join(tmpDir, name), { recursive: true, force: true });
  return names;
}
