import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTinyGguf, type TinyGgufManifest } from '../../../scripts/make-tiny-gguf.ts';

/**
 * The tiny model and its GGUFs, built once per change of the code that makes them and shared by every
 * test file in this folder (vitest runs files in parallel forks, so a lock keeps it to one build).
 * Keyed by a hash of that code and the bundled llama.cpp release, so a changed converter call or
 * quantiser is always exercised for real rather than read from a stale cache.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const cacheRoot = path.join(repoRoot, '.cache');
export const toolsDir = path.join(cacheRoot, 'tools');

const INPUTS = [
  'trainer/confidant_trainer/export.py',
  'trainer/confidant_trainer/testing/tiny_model.py',
  'trainer/confidant_trainer/testing/tiny_lora.py',
  'electron/core/models/quantize.ts',
  'electron/core/models/quantize-worker.ts',
  'electron/core/models/llama-abi.ts',
  'scripts/make-tiny-gguf.ts',
  'node_modules/node-llama-cpp/llama/llama.cpp.info.json',
];

function fixtureKey(): string {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS) hash.update(file).update(fs.readFileSync(path.join(repoRoot, file)));
  return hash.digest('hex').slice(0, 16);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function tinyGguf(): Promise<TinyGgufManifest> {
  const dir = path.join(cacheRoot, 'tiny-gguf', fixtureKey());
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    if (fs.existsSync(path.join(dir, 'manifest.json'))) return makeTinyGguf(dir);
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (holder > 0 && !isAlive(holder)) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    const building = `${dir}.building-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    await makeTinyGguf(building, { toolsDir });
    // Paths in the manifest name the final folder, which the rename below creates.
    const manifestFile = path.join(building, 'manifest.json');
    fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, 'utf8').replaceAll(building, dir));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(building, dir);
    // Builds for older versions of the code are never read again; each holds ~50 MB of GGUF.
    for (const entry of fs.readdirSync(path.dirname(dir))) {
      if (/^[0-9a-f]{16}$/.test(entry) && entry !== path.basename(dir)) fs.rmSync(path.join(path.dirname(dir), entry), { recursive: true, force: true });
    }
    return makeTinyGguf(dir);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
