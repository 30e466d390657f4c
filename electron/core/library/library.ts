/**
 * The library service of one open core: runs indexing one source at a time (a watcher hint waits
 * for a running reconcile instead of racing it), owns the watchers, and reports progress as events.
 */
import { ConfidantError } from '../../api/errors.ts';
import type { CoreContext } from '../context.ts';
import { indexSource, type IndexProgress, type IndexSummary } from './indexer.ts';
import { addSource, getSource, listSources, removeSource, type SourceRow } from './sources.ts';
import type { SourceOptions } from './importers/index.ts';
import { defaultWatchTimings, SourceWatcher, type WatchTimings } from './watcher.ts';

export interface WatchState {
  mode: 'off' | 'watching' | 'polling';
  warning: string | null;
}

export class Library {
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly watchers = new Map<number, SourceWatcher>();
  private readonly lastProgress = new Map<number, IndexProgress>();
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly timings: WatchTimings = defaultWatchTimings,
  ) {}

  add(dir: string, options: Partial<SourceOptions>, watch: boolean): SourceRow {
    return addSource(this.ctx.db, dir, options, this.ctx.paths.root, watch);
  }

  async remove(id: number): Promise<SourceRow> {
    await this.stopWatching(id);
    // Wait for an index in flight so it does not write rows for a source that is going away.
    await this.queues.get(id)?.catch(() => undefined);
    return removeSource(this.ctx.db, id);
  }

  /** Indexes one source, or every source in turn. */
  async index(sourceId?: number, paths?: readonly string[]): Promise<IndexSummary[]> {
    const sources = sourceId === undefined ? listSources(this.ctx.db) : [getSource(this.ctx.db, sourceId)];
    const results: IndexSummary[] = [];
    for (const source of sources) results.push(await this.exclusive(source.id, () => this.runIndex(source.id, paths)));
    return results;
  }

  progressOf(sourceId: number): IndexProgress | null {
    return this.lastProgress.get(sourceId) ?? null;
  }

  private async runIndex(sourceId: number, paths?: readonly string[]): Promise<IndexSummary> {
    // Re-read: options may have changed, or the source been removed, while this waited its turn.
    const source = getSource(this.ctx.db, sourceId);
    return indexSource(this.ctx.db, source, {
      paths,
      shouldStop: () => this.closed,
      onProgress: (progress) => {
        this.lastProgress.set(sourceId, progress);
        this.ctx.events.emit('library.indexProgress', progress);
      },
    });
  }

  private exclusive<T>(sourceId: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sourceId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    this.queues.set(sourceId, next);
    return next;
  }

  watchState(sourceId: number): WatchState {
    const watcher = this.watchers.get(sourceId);
    if (!watcher) return { mode: 'off', warning: null };
    return { mode: watcher.mode, warning: watcher.warning };
  }

  /** Starts watching every source marked for watching (or the ones given); already watched ones are left alone. */
  startWatching(sourceIds?: number[]): number[] {
    for (const source of listSources(this.ctx.db)) {
      if (sourceIds ? !sourceIds.includes(source.id) : !source.watch) continue;
      if (this.watchers.has(source.id)) continue;
      const watcher = new SourceWatcher(source, this.timings, {
        onPaths: (relPaths) => void this.background(source.id, relPaths),
        onReconcile: () => void this.background(source.id),
        onFallback: (warning) => {
          this.ctx.events.emit('app.notice', { level: 'warning', message: warning });
          this.ctx.events.emit('library.watchState', { sourceId: source.id, mode: 'polling', warning });
        },
      });
      this.watchers.set(source.id, watcher);
      watcher.start();
      if (watcher.mode === 'watching') this.ctx.events.emit('library.watchState', { sourceId: source.id, mode: 'watching', warning: null });
    }
    return [...this.watchers.keys()];
  }

  /** The watcher of one source, for tests that simulate a failing watcher. */
  watcherOf(sourceId: number): SourceWatcher | undefined {
    return this.watchers.get(sourceId);
  }

  async stopWatching(sourceId?: number): Promise<void> {
    for (const [id, watcher] of [...this.watchers]) {
      if (sourceId !== undefined && id !== sourceId) continue;
      this.watchers.delete(id);
      await watcher.close();
      this.ctx.events.emit('library.watchState', { sourceId: id, mode: 'off', warning: null });
    }
  }

  /** Index work started by the watcher: failures are reported, never thrown into a timer. */
  private async background(sourceId: number, paths?: string[]): Promise<void> {
    if (this.closed) return;
    try {
      await this.index(sourceId, paths);
    } catch (error) {
      // A source removed while its watcher's work waited in the queue: nothing left to update.
      if (this.closed || (error instanceof ConfidantError && error.code === 'not_found')) return;
      this.ctx.events.emit('app.notice', { level: 'error', message: `Updating the library failed: ${(error as Error).message}` });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
    await Promise.all([...this.queues.values()].map((q) => q.catch(() => undefined)));
  }
}

const libraries = new WeakMap<CoreContext, Library>();

/** The one library of a core, created on first use; `timings` only matter on that first call. */
export function getLibrary(ctx: CoreContext, timings?: WatchTimings): Library {
  let library = libraries.get(ctx);
  if (!library) {
    const created = new Library(ctx, timings);
    library = created;
    libraries.set(ctx, created);
    ctx.onClose(() => created.close());
  }
  return library;
}
