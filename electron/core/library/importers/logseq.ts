/**
 * Logseq graphs: `journals/yyyy_MM_dd.md|org` dated by name, `pages/*` titled by `title::` or name.
 * The outline becomes paragraphs; `key:: value` properties become metadata (page properties) or go
 * (block properties: `id::`, `collapsed::`, ...); `((block refs))` show the referenced block's text;
 * `#+BEGIN_NOTE`-style markers go, their content stays. `.org` pages are parsed as org, one entry
 * per page. Test: `npx vitest run tests/core/library/formats.test.ts`.
 */
import { baseTitle, dateFromFileName, decodeText, inlineTags, normaliseNewlines, normaliseTags, tidyBlocks } from './text.ts';
import { mdastToText, parseMarkdown, rewriteObsidian } from './markdown-text.ts';
import { listOf } from './markdown.ts';
import { blockTextsOf, resolveBlockRefs, type BlockLookup } from './logseq-refs.ts';
import { orgBlocksToText, parseOrg } from './org-text.ts';
import { ImportError, type ImportedEntry, type Importer } from './types.ts';
import type { OrgNode } from 'uniorg';

const propertyLine = /^([A-Za-z][\w-]*):: ?(.*)$/;
/** Logseq's task markers open a block; the task is the rest of it. */
const taskMarker = /^(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS)\s+/;

export const logseqImporter: Importer = {
  format: 'logseq',
  version: 2,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs, blockText }) {
    if (!bytes) throw new ImportError('internal: Logseq needs the file bytes');
    const source = normaliseNewlines(decodeText(bytes, false).text);
    const own = blockTextsOf(relPath, source);
    const lookup: BlockLookup = (id) => own.get(id) ?? blockText?.(id);
    const page = /\.org$/i.test(relPath) ? orgPage(source, lookup) : markdownPage(source, lookup);
    if (page.text === '') return [];
    const isJournal = /(^|\/)journals\//.test(relPath);
    const nameDate = dateFromFileName(relPath);
    const titleProp = page.properties.title;
    const title = typeof titleProp === 'string' && titleProp !== '' ? page.titleText(titleProp) : decodePageName(baseTitle(relPath));
    const entry: ImportedEntry = {
      key: relPath,
      title: isJournal && nameDate ? nameDate : title,
      createdAt: nameDate ?? new Date(mtimeMs).toISOString(),
      createdFrom: nameDate ? 'file-name' : 'mtime',
      localDay: nameDate,
      modifiedAt: new Date(mtimeMs).toISOString(),
      tags: normaliseTags([...listOf(page.properties.tags), ...page.tags].map((t) => t.replace(/,$/, ''))),
      text: page.text,
      metadata: { kind: isJournal ? 'journal' : 'page', properties: page.properties },
    };
    return [entry];
  },
};

interface Page {
  text: string;
  properties: Record<string, string>;
  tags: string[];
  /** A `title::` as the page shows it: without the page format's own markup. */
  titleText: (title: string) => string;
}

function markdownPage(source: string, lookup: BlockLookup): Page {
  const { blocks, properties } = outlineToBlocks(source);
  const paragraphs = blocks.map((b) => resolveBlockRefs(b.lines.join('\n'), lookup).trim()).filter((p) => p !== '');
  const joined = paragraphs.join('\n\n');
  const markdown = rewriteObsidian(joined.replace(/#\[\[([^\]\n]+)\]\]/g, '$1'));
  const text = tidyBlocks(mdastToText(parseMarkdown(markdown), { keepCode: false }));
  const tags = [...inlineTags(joined), ...[...source.matchAll(/#\[\[([^\]\n]+)\]\]/g)].map((m) => m[1])];
  return { text, properties, tags, titleText: (title) => tidyBlocks(mdastToText(parseMarkdown(rewriteObsidian(title)), { keepCode: false })).replace(/\s+/g, ' ') };
}

/** Logseq writes `/` in page names as `___` (new) or `%2F` (old). */
function decodePageName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/___/g, '/'));
  } catch {
    return name.replace(/___/g, '/');
  }
}

interface Block {
  lines: string[];
  props: Record<string, string>;
}

/**
 * Each `- ` bullet starts a block; continuation lines belong to it. Property lines are lifted out:
 * before the first bullet (or in a first block made only of properties) they describe the page.
 * `#+BEGIN_SRC`/`EXAMPLE`/`QUERY`/`EXPORT`/`COMMENT` become fences (kept out as code is in notes);
 * other `#+BEGIN_`/`#+END_` markers (NOTE, TIP, WARNING, QUOTE, ...) go and their content stays.
 */
export function outlineToBlocks(source: string): { blocks: Block[]; properties: Record<string, string> } {
  const properties: Record<string, string> = {};
  const blocks: Block[] = [];
  let current: Block | null = null;
  let inDrawer = false;
  for (const rawLine of source.split('\n')) {
    const trimmed = rawLine.replace(/^[\t ]+/, '');
    // Logseq writes a task's clock as an org drawer (`:LOGBOOK:` ... `:END:`) even in Markdown.
    if (inDrawer) {
      if (/^:END:\s*$/i.test(trimmed)) inDrawer = false;
      continue;
    }
    if (/^:[A-Z_]+:\s*$/.test(trimmed) && !/^:END:/i.test(trimmed)) {
      inDrawer = true;
      continue;
    }
    const bullet = /^- ?(.*)$/.exec(trimmed);
    let content = trimmed;
    let isBlockStart = false;
    if (bullet && (trimmed === '-' || trimmed.startsWith('- '))) {
      current = { lines: [], props: {} };
      blocks.push(current);
      content = bullet[1];
      isBlockStart = true;
    }
    const prop = propertyLine.exec(content);
    if (prop) {
      const [, key, value] = prop;
      if (current) current.props[key] = value.trim();
      else properties[key] = value.trim();
      continue;
    }
    const marker = /^#\+(BEGIN|END)_(\w+)/i.exec(content);
    if (marker) {
      // Code, queries, export snippets and comments are not the person's prose (a QUERY block is Datalog).
      const isCode = /^(SRC|EXAMPLE|QUERY|EXPORT|COMMENT)$/i.test(marker[2]);
      if (!isCode) continue;
      content = '```';
    }
    if (/^(SCHEDULED|DEADLINE):\s*<[^>]*>\s*$/.test(content)) continue;
    if (isBlockStart) content = content.replace(taskMarker, '');
    const cleaned = content.replace(/[ \t]+$/, '');
    if (current) current.lines.push(cleaned);
    else if (cleaned.trim() !== '') {
      current = { lines: [cleaned], props: {} };
      blocks.push(current);
    }
  }
  const first = blocks[0];
  if (first && first.lines.every((l) => l.trim() === '') && Object.keys(first.props).length > 0) {
    Object.assign(properties, first.props);
    blocks.shift();
  }
  return { blocks, properties };
}

/**
 * A Logseq `.org` page: one entry, its blocks are org headings. Page properties come as `#+key:`
 * keywords or `key:: value` lines before the first heading; block properties (`:id:` drawers,
 * `collapsed:: true`) never reach the text.
 */
function orgPage(source: string, lookup: BlockLookup): Page {
  const properties: Record<string, string> = {};
  const kept: string[] = [];
  let seenHeading = false;
  for (const line of source.split('\n')) {
    if (/^\*+\s/.test(line)) {
      seenHeading = true;
      kept.push(line.replace(/^(\*+\s+)(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS)\s+/, '$1'));
      continue;
    }
    const prop = propertyLine.exec(line.trim());
    if (prop) {
      if (!seenHeading) properties[prop[1].toLowerCase()] = prop[2].trim();
      continue;
    }
    const keyword = /^#\+(\w+):\s*(.*)$/.exec(line);
    if (keyword && !seenHeading && !/^(BEGIN|END)_/i.test(keyword[1])) properties[keyword[1].toLowerCase()] = keyword[2].trim();
    kept.push(line);
  }
  const resolved = resolveBlockRefs(kept.join('\n'), lookup);
  const tree = parseOrg(resolved);
  const text = tidyBlocks(orgBlocksToText(tree.children));
  const titleText = (title: string) => orgBlocksToText(parseOrg(title).children).replace(/\s+/g, ' ').trim();
  return { text, properties, tags: [...headlineTags(tree.children), ...inlineTags(text)], titleText };
}

function headlineTags(nodes: readonly OrgNode[]): string[] {
  const tags: string[] = [];
  for (const node of nodes) {
    if (node.type === 'headline') tags.push(...node.tags);
    if ('children' in node) tags.push(...headlineTags(node.children as OrgNode[]));
  }
  return tags;
}
