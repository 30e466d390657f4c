import type { Db } from '../db/index.ts';
import { buildLibraryContext, type LibraryContext } from './detectors/index.ts';
import { readEntries } from './store.ts';

/**
 * The library context a scan hands the detectors, kept per database between scans: building it
 * reads every entry's text, and the watcher scans after each saved file. It is rebuilt when the
 * number of entries has moved by more than REBUILD_SHARE since it was built; an edit to one note
 * rarely changes which terms the library uses as products. Built on first use, so a scan with
 * nothing stale reads no text.
 */
const REBUILD_SHARE = 0.05;
const cache = new WeakMap<Db, { entries: number; context: LibraryContext }>();

export function libraryContextFor(db: Db): LibraryContext {
  let context: LibraryContext | undefined;
  return {
    get thingTerms() {
      if (!context) {
        const entries = db.prepare('SELECT count(*) FROM entry WHERE removed = 0').pluck().get() as number;
        const cached = cache.get(db);
        if (cached && Math.abs(cached.entries - entries) <= Math.max(1, cached.entries * REBUILD_SHARE)) context = cached.context;
        else {
          context = buildLibraryContext(readEntries(db).filter((e) => !e.removed));
          cache.set(db, { entries, context });
        }
      }
      return context.thingTerms;
    },
  };
}
