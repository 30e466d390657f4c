/**
 * Following a source as it changes. chokidar's events are hints only: they are debounced into
 * one targeted index of the paths they name, and a periodic full reconcile is the truth. When the
 * watcher fails (EMFILE on huge trees, ENOSPC when inotify runs out, network drives), the source
 * falls back to periodic scanning and the person is told; nothing crashes.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { createIgnoreMatcher } from './ignore.ts';
import { importerFor } from './importers/index.ts';
import type { SourceRow } from './sources.ts';

export interface WatchTimings {
  /** Quiet time before a batch of hints is indexed; raising it batches more, lowers freshness. */
  debounceMs: number;
  /** How long a file's size must stay still before it counts as written (awaitWriteFinish). */
  stabilityMs: number;
  /** Full reconcile while watching; raising it costs freshness if an event is ever missed. */
  reconcileMs: number;
  /** Full scan period once the watcher has failed; lowering it costs disk reads on big trees. */
  pollMs: number;
}

export const defaultWatchTimings: WatchTimings = { debounceMs: 50, stabilityMs: 120, reconcileMs: 5 * 60_000, pollMs: 30_000 };

export type WatchMode = 'watching' | 'polling';

export interface SourceWatcherHooks {
  onPaths(relPaths: string[]): void;
  onReconcile(): void;
  onFallback(reason: string): void;
}

export class SourceWatcher {
  private watcher: FSWatcher | null = null;
  private readonly pending = new Set<string>();
  private debounce: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  mode: WatchMode = 'watching';
  warning: string | null = null;
  private markReady: () => void = () => undefined;
  /** Resolves once chokidar has walked the tree and every later change will be seen (or it fell back). */
  readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    private readonly source: SourceRow,
    private readonly timings: WatchTimings,
    private readonly hooks: SourceWatcherHooks,
  ) {}

  start(): void {
    const ignore = createIgnoreMatcher(this.source.options.ignore);
    const root = this.source.path;
    const toRel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
    try {
      this.watcher = watch(root, {
        ignoreInitial: true,
        persistent: true,
        followSymlinks: false,
        awaitWriteFinish: { stabilityThreshold: this.timings.stabilityMs, pollInterval: 25 },
        ignored: (abs, stats) => {
          const rel = toRel(abs);
          if (rel === '' || isOutside(rel)) return false;
          if (!stats) return ignore.isIgnored(rel, false) && ignore.isIgnored(rel, true);
          if (stats.isDirectory()) return ignore.isIgnored(rel, true);
          return ignore.isIgnored(rel, false) || importerFor(rel, false) === null;
        },
      });
    } catch (error) {
      this.fallBack(error);
      return;
    }
    this.watcher.on('all', (_event, abs) => this.hint(toRel(abs)));
    // chokidar cannot stat a name that is not valid UTF-8 (its string has U+FFFD where the bytes
    // were) and drops it; the raw event still names it, and the indexer finds its bytes.
    this.watcher.on('raw', (_event, name, details) => {
      const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof name === 'string' && name.includes('\uFFFD') && typeof watched === 'string') this.hint(toRel(path.join(watched, name)));
    });
    this.watcher.on('ready', () => this.markReady());
    this.watcher.on('error', (error) => this.fallBack(error));
    this.schedule(this.timings.reconcileMs);
  }

  /** The underlying chokidar watcher, for tests that need to make it fail the way a huge tree does. */
  get chokidar(): FSWatcher | null {
    return this.watcher;
  }

  private hint(relPath: string): void {
    if (relPath === '' || isOutside(relPath)) return;
    this.pending.add(relPath);
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      const batch = [...this.pending];
      this.pending.clear();
      this.hooks.onPaths(batch);
    }, this.timings.debounceMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.hooks.onReconcile(), ms);
    this.timer.unref?.();
  }

  private fallBack(error: unknown): void {
    if (this.mode === 'polling') return;
    const e = error as NodeJS.ErrnoException;
    const why = e?.code === 'EMFILE' || e?.code === 'ENFILE'
      ? 'too many files are open for the system to watch this folder'
      : e?.code === 'ENOSPC'
        ? 'the system ran out of file watches (inotify limit)'
        : `the file watcher failed (${e?.message ?? String(error)})`;
    this.mode = 'polling';
    this.markReady();
    this.warning = `Live updates are off for ${this.source.path}: ${why}. Confidant rescans it every ${Math.round(this.timings.pollMs / 1000)} s instead.`;
    void this.watcher?.close().catch(() => undefined);
    this.watcher = null;
    this.schedule(this.timings.pollMs);
    this.hooks.onFallback(this.warning);
  }

  async close(): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.timer) clearInterval(this.timer);
    this.debounce = null;
    this.timer = null;
    await this.watcher?.close();
    this.watcher = null;
  }
}

/** `..` or `../x` leave the source; `..notes` is just a name. */
function isOutside(relPath: string): boolean {
  return relPath === '..' || relPath.startsWith('../');
}
