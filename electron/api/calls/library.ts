import { z } from 'zod';
import { defineCall } from '../define.ts';

export const SourceOptionsInput = z.object({
  ignore: z.array(z.string().max(500)).max(200).optional().describe('Extra gitignore-like patterns, on top of the defaults'),
  notebookCode: z.boolean().optional().describe('Read Jupyter code cells as text (off by default)'),
  markdownCode: z.boolean().optional().describe('Read Markdown and Evernote code blocks as text (off by default)'),
  maxFileMb: z.number().positive().max(100_000).optional().describe('Files above this size are refused unread'),
}).strict();

export const WatchState = z.object({
  mode: z.enum(['off', 'watching', 'polling']),
  /** Why live updates are off, said plainly, when the watcher failed. */
  warning: z.string().nullable(),
});

export const IndexProgress = z.object({
  sourceId: z.number().int(),
  phase: z.enum(['scanning', 'indexing', 'done']),
  filesTotal: z.number().int(),
  filesDone: z.number().int(),
  errors: z.number().int(),
});
export type IndexProgress = z.infer<typeof IndexProgress>;

export const Source = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  options: z.object({ ignore: z.array(z.string()), notebookCode: z.boolean(), markdownCode: z.boolean(), maxFileMb: z.number() }),
  watch: z.boolean(),
  addedAt: z.string(),
  lastScanAt: z.string().nullable(),
  entries: z.number().int(),
  documents: z.number().int(),
  errors: z.number().int(),
  watchState: WatchState,
  progress: IndexProgress.nullable(),
});
export type Source = z.infer<typeof Source>;

export const FileError = z.object({ relPath: z.string(), reason: z.string() });
export const FileNote = z.object({ relPath: z.string(), note: z.string() });

export const IndexSummary = z.object({
  sourceId: z.number().int(),
  filesSeen: z.number().int(),
  filesParsed: z.number().int(),
  filesUnchanged: z.number().int(),
  filesRenamed: z.number().int(),
  filesRemoved: z.number().int(),
  entriesAdded: z.number().int(),
  entriesChanged: z.number().int(),
  entriesRemoved: z.number().int(),
  errors: z.number().int(),
  durationMs: z.number().int(),
});
export type IndexSummary = z.infer<typeof IndexSummary>;

export const EntrySummary = z.object({
  id: z.number().int(),
  sourceId: z.number().int(),
  key: z.string(),
  format: z.string(),
  title: z.string(),
  createdAt: z.string().nullable(),
  /** The day it was written on where it was written (Day One's time zone); null for an undated note, whose `createdAt` is the file's modified time. */
  localDay: z.string().nullable(),
  tags: z.array(z.string()),
  removed: z.boolean(),
  chars: z.number().int(),
});
export type EntrySummary = z.infer<typeof EntrySummary>;

export const EntryDetail = EntrySummary.extend({
  createdFrom: z.string().nullable(),
  modifiedAt: z.string().nullable(),
  text: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  sourcePath: z.string(),
  relPath: z.string().nullable(),
  updatedAt: z.string(),
});
export type EntryDetail = z.infer<typeof EntryDetail>;

export const SearchHit = EntrySummary.extend({
  snippet: z.array(z.object({ text: z.string(), hit: z.boolean() })),
});
export type SearchHit = z.infer<typeof SearchHit>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'use a date like 2024-03-05');

export const EntryFilter = z.object({
  sourceId: z.number().int().optional(),
  tag: z.string().min(1).optional(),
  since: isoDay.optional(),
  until: isoDay.optional(),
});

export const libraryCalls = {
  /** Adds a folder Confidant may read. Nothing in it is ever written. */
  'library.addSource': defineCall({
    summary: 'Add a folder of notes or journals as a source',
    input: z.object({ path: z.string().min(1), options: SourceOptionsInput.optional(), watch: z.boolean().optional() }).strict(),
    output: Source,
  }),
  /** Every source with its counts, errors, watcher state and last progress. */
  'library.listSources': defineCall({
    summary: 'List sources with entry and error counts and watcher state',
    input: z.object({}).strict(),
    output: z.array(Source),
  }),
  /** Removes a source and its entries from the index; the person's decisions stay, so adding it back restores them. */
  'library.removeSource': defineCall({
    summary: 'Remove a source (its entries leave the index; decisions are kept)',
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ id: z.number().int(), path: z.string() }),
  }),
  /** Indexes one source or all; progress arrives as `library.indexProgress` events. */
  'library.index': defineCall({
    summary: 'Index one source or all of them (incremental)',
    input: z.object({ sourceId: z.number().int().optional() }).strict(),
    output: z.array(IndexSummary),
  }),
  /** Starts or stops following sources as files change. */
  'library.setWatching': defineCall({
    summary: 'Start or stop watching sources for changes',
    input: z.object({ enabled: z.boolean(), sourceIds: z.array(z.number().int()).optional() }).strict(),
    output: z.object({ watching: z.array(z.number().int()) }),
  }),
  /** Files of a source that could not be read, each with a reason a person can act on. */
  'library.listErrors': defineCall({
    summary: 'Per-file errors of one source',
    input: z.object({ sourceId: z.number().int() }).strict(),
    output: z.array(FileError),
  }),
  /** Files that were read but left something out on purpose (a Day One entry with no text), each with what and why. */
  'library.listNotes': defineCall({
    summary: 'Per-file notes of one source: what readable files left out',
    input: z.object({ sourceId: z.number().int() }).strict(),
    output: z.array(FileNote),
  }),
  /** Entries, newest first, a page at a time. */
  'library.listEntries': defineCall({
    summary: 'List entries with filters, newest first',
    input: EntryFilter.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    output: z.object({ total: z.number().int(), entries: z.array(EntrySummary) }),
  }),
  /** One entry: the text exactly as Confidant extracted it, and its metadata. */
  'library.getEntry': defineCall({
    summary: 'One entry with its extracted text and metadata',
    input: z.object({ id: z.number().int() }).strict(),
    output: EntryDetail,
  }),
  /** Full-text search; the query is plain words (quotes for phrases, `word*` for prefixes), never FTS syntax. */
  'library.search': defineCall({
    summary: 'Full-text search with highlighted snippets',
    input: EntryFilter.extend({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ total: z.number().int(), hits: z.array(SearchHit) }),
  }),
};
