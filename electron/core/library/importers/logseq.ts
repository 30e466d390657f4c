/**
 * Logseq graphs: `journals/yyyy_MM_dd.md` dated by name, `pages/*.md` titled by `title::` or name.
 * The outline becomes paragraphs; `key:: value` properties become metadata, `id::` lines go,
 * `((block refs))` are removed (they point at text that lives elsewhere).
 */
import { baseTitle, dateFromFileName, decodeText, inlineTags, normaliseNewlines, normaliseTags, tidyBlocks } from './text.ts';
import { mdastToText, parseMarkdown, rewriteObsidian } from './markdown-text.ts';
import { listOf } from './markdown.ts';
import { ImportError, type Importer } from './types.ts';

const propertyLine = /^([A-Za-z][\w-]*):: ?(.*)$/;

export const logseqImporter: Importer = {
  format: 'logseq',
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs }) {
    if (!bytes) throw new ImportError('internal: Logseq needs the file bytes');
    const source = normaliseNewlines(decodeText(bytes, false).text);
    const { paragraphs, properties } = outlineToParagraphs(source);
    const markdown = rewriteObsidian(paragraphs.join('\n\n').replace(/#\[\[([^\]\n]+)\]\]/g, '$1'));
    const text = tidyBlocks(mdastToText(parseMarkdown(markdown), { keepCode: false }));
    const isJournal = /(^|\/)journals\//.test(relPath);
    const nameDate = dateFromFileName(relPath);
    const titleProp = properties.title;
    const title = typeof titleProp === 'string' && titleProp !== '' ? titleProp : decodePageName(baseTitle(relPath));
    const tagNames = [...listOf(properties.tags), ...inlineTags(paragraphs.join('\n')), ...[...source.matchAll(/#\[\[([^\]\n]+)\]\]/g)].map((m) => m[1])];
    return [
      {
        key: relPath,
        title: isJournal && nameDate ? nameDate : title,
        createdAt: nameDate ?? new Date(mtimeMs).toISOString(),
        createdFrom: nameDate ? 'file-name' : 'mtime',
        modifiedAt: new Date(mtimeMs).toISOString(),
        tags: normaliseTags(tagNames.map((t) => t.replace(/,$/, ''))),
        text,
        metadata: { kind: isJournal ? 'journal' : 'page', properties },
      },
    ];
  },
};

/** Logseq writes `/` in page names as `___` (new) or `%2F` (old). */
function decodePageName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/___/g, '/'));
  } catch {
    return name.replace(/___/g, '/');
  }
}

/**
 * Each `- ` bullet starts a block; continuation lines belong to it. Property lines are lifted out:
 * before the first bullet (or in a first block made only of properties) they describe the page.
 */
export function outlineToParagraphs(source: string): { paragraphs: string[]; properties: Record<string, string> } {
  const properties: Record<string, string> = {};
  const blocks: { lines: string[]; props: Record<string, string> }[] = [];
  let current: { lines: string[]; props: Record<string, string> } | null = null;
  for (const rawLine of source.split('\n')) {
    const trimmed = rawLine.replace(/^[\t ]+/, '');
    const bullet = /^- ?(.*)$/.exec(trimmed);
    let content = trimmed;
    if (bullet && (trimmed === '-' || trimmed.startsWith('- '))) {
      current = { lines: [], props: {} };
      blocks.push(current);
      content = bullet[1];
    }
    const prop = propertyLine.exec(content);
    if (prop) {
      const [, key, value] = prop;
      if (key === 'id' || key === 'collapsed') continue;
      if (current) current.props[key] = value.trim();
      else properties[key] = value.trim();
      continue;
    }
    const cleaned = content.replace(/\(\([0-9a-f-]{8,}\)\)/gi, '').replace(/[ \t]+$/, '');
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
  const paragraphs = blocks.map((b) => b.lines.join('\n').trim()).filter((p) => p !== '');
  return { paragraphs, properties };
}
