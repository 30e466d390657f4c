import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const venvPython = path.join(repoRoot, '.venv', 'bin', 'python');

/**
 * A tiny random Mistral with the real Mistral tokenizer (trainer/confidant_trainer/testing/tiny_model.py),
 * made once per checkout into .cache/ and shared by every test that needs a real model folder.
 */
export function tinyMistralDir(): string {
  const dir = path.join(repoRoot, '.cache', 'tiny-mistral');
  if (!fs.existsSync(path.join(dir, 'config.json'))) {
    // Built beside and renamed into place: test files run in parallel and may race for it.
    const staging = `${dir}.${process.pid}.tmp`;
    execFileSync(venvPython, ['-m', 'confidant_trainer.testing.tiny_model', staging], {
      cwd: path.join(repoRoot, 'trainer'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      fs.renameSync(staging, dir);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return dir;
}
