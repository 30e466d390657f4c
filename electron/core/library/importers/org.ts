/**
 * org-mode files, parsed with uniorg. Granularity follows how the file is kept:
 * - an org-journal day file (`20240305`, `2024-03-05.org`) is one entry, that day;
 * - a file of day headings (org-journal's monthly/yearly files, a datetree) gives one entry per day;
 * - any other org document is one entry for the whole file.
 * `#+TITLE`, `#+DATE` and `#+FILETAGS` are metadata, heading `:tags:` become tags, and SCHEDULED or
 * DEADLINE never date an entry (they are plans, not when it was written).
 * Test: `npx vitest run tests/core/library/formats.test.ts`.
 */
import type { Headline, Keyword, OrgData, OrgNode, PropertyDrawer, Section } from 'uniorg';
import { headlineTitle, orgBlocksToText, parseOrg } from './org-text.ts';
import { baseTitle, dateFromFileName, decodeText, normaliseNewlines, normaliseTags, tidyBlocks, validDay, writtenDay } from './text.ts';
import { ImportError, type CreatedFrom, type ImportedEntry, type Importer } from './types.ts';

export const orgImporter: Importer = {
  format: 'org',
  version: 2,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs }) {
    if (!bytes) throw new ImportError('internal: org needs the file bytes');
    return orgEntries(relPath, normaliseNewlines(decodeText(bytes, true).text), mtimeMs);
  },
};

export function orgEntries(relPath: string, source: string, mtimeMs: number): ImportedEntry[] {
  const tree = parseOrg(expandMacros(source));
  const keywords = fileKeywords(tree);
  const fileTags = (keywords.FILETAGS ?? '').split(/[:\s]+/).filter((t) => t !== '');
  const mtime = new Date(mtimeMs).toISOString();
  const sections = allSections(tree);
  const fileDay = dateFromFileName(relPath);
  const entry = (key: string, title: string, text: string, dated: { createdAt: string; createdFrom: CreatedFrom; localDay: string | null }, tags: string[]): ImportedEntry => ({
    key,
    title,
    ...dated,
    modifiedAt: mtime,
    tags: normaliseTags([...fileTags, ...tags]),
    text,
    metadata: Object.keys(keywords).length > 0 ? { keywords } : {},
  });

  if (fileDay) {
    // org-journal writes `* Friday, 03/08/24` (only the date) and `** 08:15 Run` (the time is its stamp, not the person's words).
    const text = tidyBlocks(orgBlocksToText(tree.children, { skipHeadline: (h) => dayOfHeadline(h, undefined) !== null, titleOf: withoutClockTime }));
    if (text === '') return [];
    const dayHeading = sections.map((s) => s.headline).find((h) => dayOfHeadline(h, undefined) !== null);
    const title = keywordTitle(keywords.TITLE) ?? (dayHeading ? headlineTitle(dayHeading) : fileDay);
    return [entry(relPath, title, text, { createdAt: fileDay, createdFrom: 'file-name', localDay: fileDay }, sections.flatMap((s) => s.headline.tags))];
  }

  const days = sections.filter((s) => s.day !== null && !s.insideDay);
  if (days.length > 0) {
    const entries: ImportedEntry[] = [];
    const used = new Map<string, number>();
    for (const day of days) {
      const text = tidyBlocks(orgBlocksToText(day.section.children, { skipHeadline: (h) => h === day.headline, titleOf: withoutClockTime }));
      if (text === '' || day.day === null) continue;
      const n = used.get(day.day) ?? 0;
      used.set(day.day, n + 1);
      const key = `${relPath}#${day.day}${n > 0 ? `#${n + 1}` : ''}`;
      const tags = subtreeTags(day.section);
      entries.push(entry(key, headlineTitle(day.headline), text, { createdAt: day.day, createdFrom: 'org', localDay: day.day }, tags));
    }
    return entries;
  }

  const text = tidyBlocks(orgBlocksToText(tree.children));
  if (text === '') return [];
  const title = keywordTitle(keywords.TITLE) ?? baseTitle(relPath);
  return [entry(relPath, title, text, documentDate(keywords, sections, mtime), sections.flatMap((s) => s.headline.tags))];
}

interface SectionInfo {
  section: Section;
  headline: Headline;
  properties: Record<string, string>;
  /** The day this heading stands for, when its title (or CREATED property) is only a date. */
  day: string | null;
  insideDay: boolean;
  parents: SectionInfo[];
}

function allSections(tree: OrgData): SectionInfo[] {
  const out: SectionInfo[] = [];
  const visit = (nodes: readonly OrgNode[], parents: SectionInfo[]) => {
    for (const node of nodes) {
      if (node.type !== 'section') continue;
      const headline = node.children.find((c): c is Headline => c.type === 'headline');
      if (!headline) {
        visit(node.children, parents);
        continue;
      }
      const drawer = node.children.find((c): c is PropertyDrawer => c.type === 'property-drawer');
      const properties: Record<string, string> = {};
      for (const p of drawer?.children ?? []) properties[p.key.toUpperCase()] = p.value.trim();
      const info: SectionInfo = { section: node, headline, properties, day: dayOfHeadline(headline, properties), insideDay: parents.some((p) => p.day !== null), parents };
      out.push(info);
      visit(node.children, [...parents, info]);
    }
  };
  visit(tree.children, []);
  return out;
}

/** Tags of every heading in a section and the sections under it. */
function subtreeTags(section: Section): string[] {
  const tags: string[] = [];
  for (const child of section.children) {
    if (child.type === 'headline') tags.push(...child.tags);
    else if (child.type === 'section') tags.push(...subtreeTags(child));
  }
  return tags;
}

/**
 * org-journal day headings (`Friday, 03/08/24`, US order by default, or a `:CREATED: 20240308`
 * property) and datetree days (`2024-03-08 Friday`).
 */
function dayOfHeadline(headline: Headline, properties: Record<string, string> | undefined): string | null {
  const created = properties?.CREATED;
  const compact = created ? /^(\d{4})(\d{2})(\d{2})$/.exec(created) : null;
  if (compact) return validDay(+compact[1], +compact[2], +compact[3]);
  const title = headlineTitle(headline);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:\s+\p{L}+)?$/u.exec(title);
  if (iso) return validDay(+iso[1], +iso[2], +iso[3]);
  const us = /^(?:\p{L}+,?\s+)?(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/u.exec(title);
  if (us) return validDay(us[3].length === 2 ? 2000 + +us[3] : +us[3], +us[1], +us[2]);
  return null;
}

function withoutClockTime(headline: Headline): string {
  return headlineTitle(headline).replace(/^\d{1,2}:\d{2}\s+/, '');
}

/** `#+KEY: value` lines of the file's preamble, upper-cased keys. */
function fileKeywords(tree: OrgData): Record<string, string> {
  const keywords: Record<string, string> = {};
  const take = (nodes: readonly OrgNode[]) => {
    for (const node of nodes) {
      if (node.type === 'keyword') keywords[(node as Keyword).key.toUpperCase()] = (node as Keyword).value.trim();
      else if (node.type === 'section' && !node.children.some((c) => c.type === 'headline')) take(node.children);
    }
  };
  take(tree.children);
  return keywords;
}

/** A `#+TITLE:` may carry markup (`My *notes*`): its text is the title. */
function keywordTitle(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const text = orgBlocksToText(parseOrg(value).children).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

const stamp = /[<[](\d{4})-(\d{2})-(\d{2})(?: [^\d\s>\]]+)?(?: (\d{1,2}):(\d{2}))?[^>\]]*[>\]]/;

/** `#+DATE`, else the first `:CREATED:` property; an org document with neither is undated. */
function documentDate(keywords: Record<string, string>, sections: SectionInfo[], mtime: string): { createdAt: string; createdFrom: CreatedFrom; localDay: string | null } {
  const keywordDay = keywords.DATE ? writtenDay(keywords.DATE.replace(/^[<[]/, '')) : null;
  if (keywords.DATE && keywordDay) {
    const m = stamp.exec(keywords.DATE);
    return { createdAt: m?.[4] ? `${keywordDay}T${m[4].padStart(2, '0')}:${m[5]}` : keywordDay, createdFrom: 'org', localDay: keywordDay };
  }
  for (const s of sections) {
    const m = s.properties.CREATED ? stamp.exec(s.properties.CREATED) : null;
    const day = m ? validDay(+m[1], +m[2], +m[3]) : null;
    if (m && day) return { createdAt: m[4] ? `${day}T${m[4].padStart(2, '0')}:${m[5]}` : day, createdFrom: 'org', localDay: day };
  }
  return { createdAt: mtime, createdFrom: 'mtime', localDay: null };
}

/**
 * `{{{name(args)}}}` as Org's exporter expands it: a macro the file defines with `#+MACRO:` becomes
 * its body (`$1`... filled in); any other (built-ins like `{{{date}}}`, or undefined ones) is not
 * the person's words and goes, with the space before it.
 */
export function expandMacros(source: string): string {
  const defined = new Map<string, string>();
  for (const m of source.matchAll(/^[ \t]*#\+MACRO:[ \t]+(\S+)[ \t]*(.*)$/gim)) defined.set(m[1].toLowerCase(), m[2]);
  return source.replace(/([ \t]?)\{\{\{([\w-]+)(?:\(([^)]*)\))?\}\}\}/g, (_m, space: string, name: string, args: string | undefined) => {
    const body = defined.get(name.toLowerCase());
    if (body === undefined) return '';
    const values = (args ?? '').split(/(?<!\\),/).map((a) => a.trim());
    return space + body.replace(/\$(\d)/g, (_d, n: string) => values[Number(n) - 1] ?? '');
  });
}
