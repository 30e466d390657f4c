/**
 * Confidant's own log: `<data>/logs/confidant.log`, rotated at 1 MiB into `.1` … `.3`, mode 0600.
 * Error messages that say "the details are in the log" point here, so it is created at start.
 * It never holds a person's words: quoted fragments (where JSON and SQLite errors echo their
 * input) are cut out, and callers log codes, counts and stacks, never entry text.
 */
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export interface AppLog {
  readonly file: string;
  write(level: LogLevel, message: string, error?: unknown): void;
}

export interface LogOptions {
  /** Rotate once the file passes this size; raising it keeps more history in one file. */
  maxBytes?: number;
  /** Rotated files kept beside the current one. */
  keep?: number;
}

const maxLineChars = 4000;

export function openAppLog(dir: string, options: LogOptions = {}): AppLog {
  const file = path.join(dir, 'confidant.log');
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  } catch {
    // A read-only or full disk must not stop Confidant from saying so; the message says what happened.
  }
  return {
    file,
    write(level, message, error) {
      const detail = error === undefined ? '' : ` ${describeForLog(error)}`;
      const line = `${new Date().toISOString()} ${level} ${scrubPrivateText(message + detail)}\n`;
      try {
        rotateIfNeeded(file, maxBytes, keep);
        fs.appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // Losing a log line is better than failing the call that wanted to log it.
      }
    },
  };
}

function rotateIfNeeded(file: string, maxBytes: number, keep: number): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size < maxBytes) return;
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  }
  fs.renameSync(file, `${file}.1`);
}

function describeForLog(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${code ? `[${code}] ` : ''}${error.stack ?? `${error.name}: ${error.message}`}`;
  }
  return String(error);
}

/** Removes quoted fragments (where parsers echo their input) and caps the line length. */
export function scrubPrivateText(text: string): string {
  const scrubbed = text
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\\n]|\\.){16,}'/g, "'…'")
    .replace(/`(?:[^`\\\n]|\\.){16,}`/g, '`…`');
  return scrubbed.length > maxLineChars ? `${scrubbed.slice(0, maxLineChars)}…` : scrubbed;
}
