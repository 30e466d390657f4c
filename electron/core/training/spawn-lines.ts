import { spawn, type SpawnOptions } from 'node:child_process';
import readline from 'node:readline';

export interface LineProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of combined output, for error messages. */
  tail: string[];
}

/**
 * Runs a command and hands each output line to `onLine` as it comes, so setup steps can stream
 * progress. Never rejects for a non-zero exit: the caller decides what a failure means.
 */
export function runWithLines(
  command: string,
  args: string[],
  options: SpawnOptions & { onLine?: (line: string, stream: 'stdout' | 'stderr') => void; tailLines?: number },
): Promise<LineProcessResult> {
  const { onLine, tailLines = 20, ...spawnOptions } = options;
  return new Promise((resolve) => {
    const tail: string[] = [];
    const remember = (line: string, stream: 'stdout' | 'stderr') => {
      tail.push(line);
      if (tail.length > tailLines) tail.shift();
      onLine?.(line, stream);
    };
    let child;
    try {
      child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: 127, signal: null, tail: [(error as Error).message] });
      return;
    }
    child.on('error', (error) => {
      remember(`${command}: ${error.message}`, 'stderr');
    });
    if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', (l) => remember(l, 'stdout'));
    if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', (l) => remember(l, 'stderr'));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? null : 127), signal, tail }));
  });
}
