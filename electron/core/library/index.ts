/** The library domain (issue 3): sources, scanning, importers, indexing, watching, search. */
export { getLibrary, Library, type WatchState } from './library.ts';
export { indexSource, type IndexSummary, type IndexProgress, type IndexOptions } from './indexer.ts';
export { addSource, getSource, listSources, removeSource, type SourceRow } from './sources.ts';
export { getEntry, listEntries, listErrors, searchEntries, toFtsQuery, type EntryFilter } from './search.ts';
export { importers, importerFor, type ImporterName } from './importers/index.ts';
export { defaultWatchTimings, type WatchTimings } from './watcher.ts';
