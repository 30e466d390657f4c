/**
 * The one table of formats (issue 3). The scanner asks `importerFor` which importer reads a file;
 * a file no importer claims (images, PDFs, audio, anything else) is never opened.
 */
import { dayOneJsonImporter, dayOneZipImporter } from './dayone.ts';
import { enexImporter } from './enex.ts';
import { jupyterImporter } from './jupyter.ts';
import { logseqImporter } from './logseq.ts';
import { markdownImporter } from './markdown.ts';
import { orgImporter } from './org.ts';
import { plaintextImporter } from './plaintext.ts';
import type { Importer } from './types.ts';

export const importers = {
  markdown: markdownImporter,
  plaintext: plaintextImporter,
  'dayone-json': dayOneJsonImporter,
  'dayone-zip': dayOneZipImporter,
  jupyter: jupyterImporter,
  logseq: logseqImporter,
  enex: enexImporter,
  org: orgImporter,
} as const satisfies Record<string, Importer>;

export type ImporterName = keyof typeof importers;

const byExtension: Record<string, ImporterName> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'plaintext',
  '.text': 'plaintext',
  '.json': 'dayone-json',
  '.zip': 'dayone-zip',
  '.ipynb': 'jupyter',
  '.enex': 'enex',
  '.org': 'org',
};

/**
 * Which importer reads `relPath`, or null when it is not a journal format. Markdown and org files
 * inside a Logseq graph (a folder holding `logseq/config.edn`) are Logseq pages: outlines of
 * blocks, one entry per page.
 */
export function importerFor(relPath: string, insideLogseqGraph: boolean): ImporterName | null {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'plaintext';
  const name = byExtension[base.slice(dot).toLowerCase()];
  if ((name === 'markdown' || name === 'org') && insideLogseqGraph) return 'logseq';
  return name ?? null;
}

export type { Importer, ImportedEntry, SourceOptions } from './types.ts';
export { asImportedFile, defaultSourceOptions, ImportError, isNotThisFormat } from './types.ts';
