/**
 * Evernote `.enex` exports, read as a stream with sax: exports reach hundreds of MB, mostly
 * base64 attachments, which are skipped without being kept in memory. ENML becomes plain text;
 * `created`, `updated` and `tag` come through.
 */
import fs from 'node:fs';
import sax from 'sax';
import { normaliseTags, tidyBlocks } from './text.ts';
import { ImportError, type ImportedEntry, type Importer, type NotThisFormat } from './types.ts';

interface NoteDraft {
  title: string;
  created: string;
  updated: string;
  tags: string[];
  content: string;
  attributes: Record<string, string>;
}

const captured = new Set(['title', 'created', 'updated', 'tag', 'content']);

export const enexImporter: Importer = {
  format: 'enex',
  streams: true,
  maxBytes: () => 8 * 1024 * 1024 * 1024,
  importFile({ absPath }): Promise<ImportedEntry[] | NotThisFormat> {
    return new Promise((resolve, reject) => {
      const entries: ImportedEntry[] = [];
      const keys = new Map<string, number>();
      const stack: string[] = [];
      let note: NoteDraft | null = null;
      let buffer = '';
      let sawExport = false;
      let failed = false;
      const parser = sax.createStream(true, { trim: false });
      const input = fs.createReadStream(absPath, { flags: 'r' });

      parser.on('opentag', (tag) => {
        stack.push(tag.name);
        if (tag.name === 'en-export') sawExport = true;
        if (tag.name === 'note') note = { title: '', created: '', updated: '', tags: [], content: '', attributes: {} };
        buffer = '';
      });
      const onText = (text: string) => {
        const name = stack[stack.length - 1];
        const parent = stack[stack.length - 2];
        if (note && (captured.has(name) || parent === 'note-attributes')) buffer += text;
      };
      parser.on('text', onText);
      parser.on('cdata', onText);
      parser.on('closetag', (name) => {
        stack.pop();
        const parent = stack[stack.length - 1];
        const draft: NoteDraft | null = note;
        if (!draft) return;
        if (name === 'title') draft.title = buffer.trim();
        else if (name === 'created') draft.created = buffer.trim();
        else if (name === 'updated') draft.updated = buffer.trim();
        else if (name === 'tag') draft.tags.push(buffer.trim());
        else if (name === 'content') draft.content = buffer;
        else if (parent === 'note-attributes') draft.attributes[name] = buffer.trim();
        else if (name === 'note') {
          entries.push(noteToEntry(draft, entries.length, keys));
          note = null;
        }
        buffer = '';
      });
      parser.on('error', (error) => {
        if (failed) return;
        failed = true;
        input.destroy();
        const where = /Line: (\d+)\s*Column: (\d+)/.exec(error.message);
        const at = where ? ` at line ${Number(where[1]) + 1}, column ${where[2]}` : '';
        reject(new ImportError(`Malformed XML${at}: ${error.message.split('\n')[0]}. Export the notebook from Evernote again.`));
      });
      parser.on('end', () => {
        if (failed) return;
        if (!sawExport) resolve({ notThisFormat: 'XML without <en-export>' });
        else resolve(entries);
      });
      input.on('error', (error) => {
        failed = true;
        reject(new ImportError(`Could not read the file: ${error.message}`));
      });
      input.pipe(parser);
    });
  },
};

function noteToEntry(draft: NoteDraft, index: number, keys: Map<string, number>): ImportedEntry {
  const created = enexDate(draft.created);
  let key = `enex:${draft.created || `note${index}`}:${draft.title}`;
  const seen = keys.get(key) ?? 0;
  keys.set(key, seen + 1);
  if (seen > 0) key = `${key}#${seen + 1}`;
  return {
    key,
    title: draft.title,
    createdAt: created,
    createdFrom: created ? 'enex' : null,
    modifiedAt: enexDate(draft.updated) ?? created,
    tags: normaliseTags(draft.tags),
    text: enmlToText(draft.content),
    metadata: Object.keys(draft.attributes).length > 0 ? { attributes: draft.attributes } : {},
  };
}

/** ENEX dates look like `20240305T101500Z`. */
export function enexDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const lineBlocks = new Set(['div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dt', 'dd']);
const paragraphBlocks = new Set(['p', 'blockquote', 'ul', 'ol', 'table', 'hr']);

/**
 * ENML (Evernote's XHTML) to text: Evernote writes one `<div>` per line and an empty `<div><br/></div>`
 * for a blank line, so block ends are newlines and the blank lines survive as paragraph breaks.
 */
export function enmlToText(enml: string): string {
  if (enml.trim() === '') return '';
  let out = '';
  const parser = sax.parser(false, { lowercase: true });
  parser.onopentag = (tag) => {
    if (tag.name === 'br') out += '\n';
    else if (tag.name === 'li') out += '- ';
    else if (tag.name === 'en-todo') out += tag.attributes.checked === 'true' ? '[x] ' : '[ ] ';
  };
  parser.onclosetag = (name) => {
    if (lineBlocks.has(name)) out += '\n';
    else if (paragraphBlocks.has(name)) out += '\n\n';
    else if (name === 'td' || name === 'th') out += ' | ';
  };
  parser.ontext = (text) => {
    out += text;
  };
  // Lenient mode: ENML from old clients is not always well-formed, and the words matter more.
  parser.onerror = () => {
    parser.resume();
  };
  parser.write(enml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/i, '')).close();
  return tidyBlocks(out.replace(/\u00a0/g, ' ').replace(/[ \t]*\|[ \t]*\n/g, '\n').replace(/\n[ \t]+/g, '\n'));
}
