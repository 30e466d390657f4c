/**
 * What an importer is: one module per format (issue 3), registered in `importers/index.ts`.
 * An importer turns one file into zero or more entries, or throws an `ImportError` whose
 * message a person can act on; it never reads anything but the file it was given.
 */

/** Where an entry's created time came from, so the UI can say how sure it is. */
export type CreatedFrom = 'front-matter' | 'file-name' | 'dayone' | 'notebook' | 'enex' | 'org' | 'logseq' | 'mtime';

export interface ImportedEntry {
  /** Stable within the source. Path-based keys start with the relative path (rename follows). */
  key: string;
  title: string;
  createdAt: string | null;
  createdFrom: CreatedFrom | null;
  /**
   * The calendar day the person wrote it on, where they wrote it (`YYYY-MM-DD`), or null for an
   * undated note (reference pages, documentation) whose only date is the file's mtime.
   */
  localDay: string | null;
  modifiedAt: string | null;
  tags: string[];
  /** Exactly what the person wrote, cleanly extracted: this is what review and training see. */
  text: string;
  metadata: Record<string, unknown>;
}

export interface SourceOptions {
  /** Extra ignore patterns (gitignore-like globs) on top of the defaults. */
  ignore: string[];
  /** Jupyter code cells become text when true (off by default: code is rarely the person's voice). */
  notebookCode: boolean;
  /** Code blocks of Markdown notes (and Evernote's code blocks) become text when true. */
  markdownCode: boolean;
  /** Files above this size are refused without being read (MB). */
  maxFileMb: number;
}

export const defaultSourceOptions: SourceOptions = { ignore: [], notebookCode: false, markdownCode: false, maxFileMb: 64 };

export interface ImportInput {
  /** Path relative to the source root, with forward slashes. */
  relPath: string;
  /** Absolute path, for streaming importers (ENEX, zip) that must not load the file whole. */
  absPath: string;
  /** The file's bytes; absent for streaming importers. */
  bytes?: Buffer;
  mtimeMs: number;
  options: SourceOptions;
  /**
   * The text of a block elsewhere in the same source, by its uuid (Logseq references across pages).
   * Supplied by the indexer, which reads the other pages; an importer never opens another file.
   */
  blockText?: (id: string) => string | undefined;
}

export interface Importer {
  readonly format: string;
  /**
   * Raised whenever extraction changes: a document read by an older version is read again on the
   * next index, keeping its entry keys (so decisions stay attached).
   */
  readonly version: number;
  /** True when the file is read as a stream by `importFile` (no `bytes` given). */
  readonly streams: boolean;
  /** Files of this size and above are refused; streaming formats allow far larger files. */
  maxBytes(options: SourceOptions): number;
  importFile(input: ImportInput): Promise<ImportResult> | ImportResult;
}

/** Entries of a file, with notes on what was left out (a Day One entry with no text) that are not errors. */
export interface ImportedFile {
  entries: ImportedEntry[];
  notes: string[];
}

export type ImportResult = ImportedEntry[] | ImportedFile | NotThisFormat;

/** Returned when a file has the extension but is plainly something else (a .json that is not Day One). */
export interface NotThisFormat {
  notThisFormat: string;
}

export function isNotThisFormat(value: ImportResult): value is NotThisFormat {
  return !Array.isArray(value) && 'notThisFormat' in value;
}

/** Entries and notes of any successful result. */
export function asImportedFile(value: ImportedEntry[] | ImportedFile): ImportedFile {
  return Array.isArray(value) ? { entries: value, notes: [] } : value;
}

/** A file that cannot be imported; the message names the problem and what to do about it. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
