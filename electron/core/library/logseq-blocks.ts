/**
 * Block texts of a whole Logseq graph, for references that cross pages (`((uuid))` on one page,
 * `id:: uuid` on another). Built only when a page refers to a block it does not hold itself, by
 * reading the graph's other pages read-only, once per index run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { blockTextsOf } from './importers/logseq-refs.ts';
import { decodeText, normaliseNewlines } from './importers/text.ts';
import type { SeenFile } from './scanner.ts';
import type { SourceRow } from './sources.ts';

export function graphBlockLookup(db: Db, source: SourceRow, files: readonly SeenFile[], isPartial: boolean): (id: string) => string | undefined {
  let blocks: Map<string, string> | null = null;
  return (id) => {
    blocks ??= readGraph(pagesOf(db, source, files, isPartial));
    return blocks.get(id);
  };
}

function pagesOf(db: Db, source: SourceRow, files: readonly SeenFile[], isPartial: boolean): { relPath: string; readPath: string | Buffer }[] {
  const pages = new Map<string, string | Buffer>();
  for (const f of files) if (f.importer === 'logseq') pages.set(f.relPath, f.readPath);
  // A watcher hint names a few files; the rest of the graph is what the index already knows.
  if (isPartial) {
    const known = db.prepare("SELECT rel_path FROM document WHERE source_id = ? AND format = 'logseq' AND status = 'ok'").pluck().all(source.id) as string[];
    for (const rel of known) if (!pages.has(rel)) pages.set(rel, path.join(source.path, rel));
  }
  return [...pages].map(([relPath, readPath]) => ({ relPath, readPath }));
}

function readGraph(pages: { relPath: string; readPath: string | Buffer }[]): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const page of pages) {
    let text: string;
    try {
      const fd = fs.openSync(page.readPath, fs.constants.O_RDONLY);
      try {
        text = normaliseNewlines(decodeText(fs.readFileSync(fd), false).text);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // A page that cannot be read reports its own error when it is indexed; its blocks are just not found.
      continue;
    }
    for (const [id, blockText] of blockTextsOf(page.relPath, text)) if (!blocks.has(id)) blocks.set(id, blockText);
  }
  return blocks;
}
