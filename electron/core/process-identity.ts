import fs from 'node:fs';

/**
 * The start time of a process as the kernel reports it (field 22 of /proc/<pid>/stat), so a pid
 * that was reused by another program after the trainer died is not mistaken for the trainer.
 * Returns `unknown` where /proc does not exist (macOS, Windows): there, liveness alone decides.
 */
export function processStartTime(pid: number): string | 'unknown' | 'gone' {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return 'gone';
    return fields[19] ?? 'unknown';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return 'gone';
    return isAlive(pid) ? 'unknown' : 'gone';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process that was recorded as `started` still runs. */
export function isSameProcessAlive(pid: number, started: string | null): boolean {
  const now = processStartTime(pid);
  if (now === 'gone') return false;
  if (now === 'unknown' || started === null || started === 'unknown') return true;
  return now === started;
}
