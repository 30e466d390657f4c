/**
 * Markdown and Obsidian vaults (issue 3): front matter gives title, tags, aliases and dates;
 * wiki links become their visible text; embeds and `%%comments%%` (outside code) are not training
 * text; callouts keep title and body; daily notes are dated from `YYYY-MM-DD` file names; a note
 * with none of these dates is undated. Test: `npx vitest run tests/core/library/importers`.
 */
import { parse as parseYaml } from 'yaml';
import type { Yaml } from 'mdast';
import { baseTitle, dateFromFileName, decodeText, inlineTags, normaliseNewlines, normaliseTags, tidyBlocks, toIsoDate, writtenDay } from './text.ts';
import { mdastToText, parseMarkdown, rewriteObsidian, splitFrontMatter } from './markdown-text.ts';
import { ImportError, type CreatedFrom, type ImportedEntry, type Importer } from './types.ts';

const createdKeys = ['created', 'date', 'created_at', 'createdAt', 'creation date', 'Created'];
const modifiedKeys = ['modified', 'updated', 'updated_at', 'modifiedAt', 'last modified', 'Modified'];

export const markdownImporter: Importer = {
  format: 'markdown',
  version: 2,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs, options }) {
    if (!bytes) throw new ImportError('internal: markdown needs the file bytes');
    const source = normaliseNewlines(decodeText(bytes, false).text);
    return [markdownEntry(relPath, source, mtimeMs, options.markdownCode)];
  },
};

/** Also used by the Logseq importer for page text once its outline syntax is removed. */
export function markdownEntry(relPath: string, source: string, mtimeMs: number, keepCode: boolean): ImportedEntry {
  const { head, body } = splitFrontMatter(source);
  const root = parseMarkdown(head + rewriteObsidian(body));
  const yamlNode = root.children.find((n): n is Yaml => n.type === 'yaml');
  const { data: front, error: frontError } = readFrontMatter(yamlNode?.value);
  const text = tidyBlocks(mdastToText(root, { keepCode }));

  const title = typeof front.title === 'string' && front.title.trim() !== '' ? front.title.trim() : baseTitle(relPath);
  const frontTags = [...listOf(front.tags), ...listOf(front.tag)];
  const tags = normaliseTags([...frontTags, ...inlineTags(text)]);

  const frontCreated = firstDate(front, createdKeys);
  const nameDate = dateFromFileName(relPath);
  const [createdAt, createdFrom, localDay]: [string, CreatedFrom, string | null] = frontCreated
    ? [frontCreated, 'front-matter', writtenDay(front[createdKeys.find((k) => toIsoDate(front[k]) !== null) ?? '']) ?? frontCreated.slice(0, 10)]
    : nameDate
      ? [nameDate, 'file-name', nameDate]
      : [new Date(mtimeMs).toISOString(), 'mtime', null];

  const metadata: Record<string, unknown> = {};
  const aliases = [...listOf(front.aliases), ...listOf(front.alias)];
  if (aliases.length > 0) metadata.aliases = aliases;
  if (Object.keys(front).length > 0) metadata.frontMatter = front;
  if (frontError) metadata.frontMatterError = frontError;

  return {
    key: relPath,
    title,
    createdAt,
    createdFrom,
    localDay,
    modifiedAt: firstDate(front, modifiedKeys) ?? new Date(mtimeMs).toISOString(),
    tags,
    text,
    metadata,
  };
}

/** Broken YAML keeps the note (its text is still the person's) and says why the fields are missing. */
function readFrontMatter(yamlText: string | undefined): { data: Record<string, unknown>; error?: string } {
  if (yamlText === undefined || yamlText.trim() === '') return { data: {} };
  try {
    const value: unknown = parseYaml(yamlText);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { data: JSON.parse(JSON.stringify(value)) as Record<string, unknown> };
    return { data: {}, error: 'front matter is not a key: value mapping' };
  } catch (error) {
    return { data: {}, error: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}

function firstDate(front: Record<string, unknown>, keys: string[]): string | null {
  for (const key of keys) {
    const iso = toIsoDate(front[key]);
    if (iso) return iso;
  }
  return null;
}

/** `tags: [a, b]`, `tags: a, b` and `tags: a b` all occur in real vaults. */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  if (typeof value === 'string') return value.split(/[,\s]+/).filter((s) => s !== '');
  return [];
}
