import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const repo = path.resolve(import.meta.dirname, '../../..');
const children = path.join(import.meta.dirname, 'children');

export interface ChildRun {
  pid: number;
  /** Resolves with the first stdout line that matches. */
  line(match: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs a child script (tests/core/hardening/children/<name>.ts) through tsx, optionally after a shell prelude. */
export function runChild(name: string, args: string[], options: { prelude?: string; asMountNamespace?: boolean } = {}): ChildRun {
  const node = [process.execPath, '--import', 'tsx', path.join(children, `${name}.ts`), ...args];
  const quoted = node.map(shellQuote).join(' ');
  const command = options.prelude ? `${options.prelude} && exec ${quoted}` : `exec ${quoted}`;
  const argv = options.asMountNamespace ? [...mountNamespacePrefix(), 'sh', '-c', command] : ['sh', '-c', command];
  const child = spawn(argv[0], argv.slice(1), { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
  return {
    pid: child.pid ?? -1,
    async line(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = stdout.split('\n').find((l) => match.test(l));
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`No line matching ${match} from ${name}: stdout ${stdout} stderr ${stderr}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    exited,
    kill: (signal) => child.kill(signal),
  };
}

/**
 * A private mount namespace, where a test may mount a small tmpfs or a read-only bind mount
 * without touching the machine: root needs only `unshare -m`; another user gets one through a
 * user namespace (`unshare -rm`). Fails loudly when neither works, so no test silently passes.
 */
export function mountNamespacePrefix(): string[] {
  const prefix = process.getuid?.() === 0 ? ['unshare', '-m'] : ['unshare', '-rm'];
  const probe = spawnSync(prefix[0], [...prefix.slice(1), 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt 2>&1 || mount -t tmpfs -o size=64k tmpfs /tmp 2>&1'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`This test needs a private mount namespace (${prefix.join(' ')}), which this machine refused: ${probe.stderr || probe.stdout || probe.error?.message}`);
  }
  return prefix;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
