/**
 * org-mode journals. org-journal day files (`20240305`, `2024-03-05.org`) give one entry per
 * timed heading (`** 10:30 Coffee with Ana`); other files give one entry per top-level `* heading`,
 * dated by its `:CREATED:` property or first timestamp. Drawers, `#+KEYWORDS` and source blocks are
 * not text; `[[link][description]]` becomes its description.
 */
import { baseTitle, dateFromFileName, decodeText, normaliseNewlines, normaliseTags, tidyBlocks, validDay } from './text.ts';
import { ImportError, type CreatedFrom, type ImportedEntry, type Importer } from './types.ts';

interface Section {
  level: number;
  heading: string;
  tags: string[];
  lines: string[];
  properties: Record<string, string>;
}

const headingLine = /^(\*+)\s+(.*?)(?:\s+(:[\w@#%:]+:))?\s*$/;

export const orgImporter: Importer = {
  format: 'org',
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs }) {
    if (!bytes) throw new ImportError('internal: org needs the file bytes');
    const source = normaliseNewlines(decodeText(bytes, true).text);
    const { preamble, sections, keywords } = splitSections(source);
    const day = dateFromFileName(relPath);
    const fileTags = (keywords.filetags ?? '').split(/[:\s]+/).filter((t) => t !== '');
    const entries: ImportedEntry[] = [];
    const mtime = new Date(mtimeMs).toISOString();

    // org-journal: the day file's `* Tuesday, 03/05/24` heading is only the date; the timed headings are the entries.
    const entrySections = day ? sections.filter((s) => s.level === 2 || (s.level === 1 && /^\d{1,2}:\d{2}/.test(s.heading))) : sections.filter((s) => s.level === 1);
    if (entrySections.length === 0) {
      const text = orgBodyToText([preamble, ...sections.map((s) => `${s.heading}\n${s.lines.join('\n')}`)].join('\n\n'));
      if (text !== '') {
        entries.push({ key: relPath, title: keywords.title ?? baseTitle(relPath), createdAt: day ?? mtime, createdFrom: day ? 'file-name' : 'mtime', modifiedAt: mtime, tags: normaliseTags(fileTags), text, metadata: { keywords } });
      }
      return entries;
    }
    const used = new Map<string, number>();
    for (const section of entrySections) {
      const nested = sections.filter((s) => s !== section && s.level > section.level && belongsTo(sections, s, section));
      const body = [section.lines.join('\n'), ...nested.map((s) => `${s.heading}\n${s.lines.join('\n')}`)].join('\n\n');
      const { createdAt, createdFrom } = sectionDate(section, day, mtime);
      const time = /^(\d{1,2}:\d{2})\s*(.*)$/.exec(section.heading);
      const title = cleanInline(time ? time[2] || time[1] : section.heading);
      let key = `${relPath}#${time ? time[1] + ' ' : ''}${title}`;
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      if (n > 0) key += `#${n + 1}`;
      entries.push({
        key,
        title,
        createdAt,
        createdFrom,
        modifiedAt: mtime,
        tags: normaliseTags([...fileTags, ...section.tags]),
        text: orgBodyToText(body),
        metadata: Object.keys(section.properties).length > 0 ? { properties: section.properties } : {},
      });
    }
    return entries;
  },
};

function belongsTo(sections: Section[], child: Section, parent: Section): boolean {
  const ci = sections.indexOf(child);
  const pi = sections.indexOf(parent);
  if (ci < pi) return false;
  for (let i = pi + 1; i < ci; i++) if (sections[i].level <= parent.level) return false;
  return true;
}

function splitSections(source: string): { preamble: string; sections: Section[]; keywords: Record<string, string> } {
  const sections: Section[] = [];
  const keywords: Record<string, string> = {};
  const preamble: string[] = [];
  let current: Section | null = null;
  let inDrawer = false;
  for (const line of source.split('\n')) {
    const h = headingLine.exec(line);
    if (h) {
      current = { level: h[1].length, heading: h[2], tags: (h[3] ?? '').split(':').filter((t) => t !== ''), lines: [], properties: {} };
      sections.push(current);
      inDrawer = false;
      continue;
    }
    const kw = /^#\+(\w+):\s*(.*)$/.exec(line);
    if (kw && !current) {
      keywords[kw[1].toLowerCase()] = kw[2].trim();
      continue;
    }
    if (/^\s*:(PROPERTIES|LOGBOOK):\s*$/i.test(line)) {
      inDrawer = true;
      continue;
    }
    if (inDrawer) {
      if (/^\s*:END:\s*$/i.test(line)) inDrawer = false;
      else {
        const prop = /^\s*:([\w-]+):\s*(.*)$/.exec(line);
        if (prop && current) current.properties[prop[1].toUpperCase()] = prop[2].trim();
      }
      continue;
    }
    (current ? current.lines : preamble).push(line);
  }
  return { preamble: preamble.join('\n'), sections, keywords };
}

const stamp = /[<[](\d{4})-(\d{2})-(\d{2})(?: \w+)?(?: (\d{1,2}):(\d{2}))?[^>\]]*[>\]]/;

function sectionDate(section: Section, day: string | null, mtime: string): { createdAt: string; createdFrom: CreatedFrom } {
  const time = /^(\d{1,2}):(\d{2})/.exec(section.heading);
  if (day) return { createdAt: time ? `${day}T${time[1].padStart(2, '0')}:${time[2]}` : day, createdFrom: 'file-name' };
  const fromProp = section.properties.CREATED ? stamp.exec(section.properties.CREATED) : null;
  const m = fromProp ?? stamp.exec(section.heading) ?? stamp.exec(section.lines.join('\n'));
  if (m) {
    const date = validDay(+m[1], +m[2], +m[3]);
    if (date) return { createdAt: m[4] ? `${date}T${m[4].padStart(2, '0')}:${m[5]}` : date, createdFrom: 'org' };
  }
  return { createdAt: mtime, createdFrom: 'mtime' };
}

function cleanInline(text: string): string {
  return text
    .replace(/\[\[([^\]]*)\]\[([^\]]*)\]\]/g, '$2')
    .replace(/\[\[([^\]]*)\]\]/g, '$1')
    .replace(/^(TODO|DONE|NEXT|WAITING)\s+/, '')
    .replace(/\s*[<[]\d{4}-\d{2}-\d{2}[^>\]]*[>\]]/g, '')
    .trim();
}

/** Body text without source/example blocks, keywords and drawers (handled by the splitter). */
function orgBodyToText(body: string): string {
  const out: string[] = [];
  let inBlock = false;
  for (const line of body.split('\n')) {
    if (/^\s*#\+begin_(src|example)/i.test(line)) {
      inBlock = true;
      continue;
    }
    if (/^\s*#\+end_(src|example)/i.test(line)) {
      inBlock = false;
      continue;
    }
    if (inBlock || /^\s*#\+/.test(line) || /^\s*# /.test(line)) continue;
    out.push(cleanInline(line.replace(/^\s*(CLOSED|SCHEDULED|DEADLINE):.*$/, '')));
  }
  return tidyBlocks(out.join('\n'));
}
