import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(repoRoot, 'bin', 'confidant.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real `confidant` command against one data directory, as a person runs it: a failing command
 * is a result with its exit code and output, not a thrown error. `timeoutMs` 0 waits as long as it takes.
 */
export function cliRunner(options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): (dataDir: string, ...args: string[]) => Promise<CliResult> {
  return async (dataDir, ...args) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], { cwd: repoRoot, env: options.env ?? process.env, timeout: options.timeoutMs ?? 0 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
