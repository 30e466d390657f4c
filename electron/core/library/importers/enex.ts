/**
 * Evernote `.enex` exports, read as a stream with sax: exports reach hundreds of MB, mostly
 * base64 attachments, which are skipped without being kept in memory. ENML becomes plain text;
 * `created`, `updated` and `tag` come through.
 */
import fs from 'node:fs';
import type { Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import sax from 'sax';
import { cellSeparatorText } from './separators.ts';
import { dayInZone, normaliseTags, tidyBlocks } from './text.ts';
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
  version: 2,
  streams: true,
  maxBytes: () => 8 * 1024 * 1024 * 1024,
  importFile({ absPath, options }): Promise<ImportedEntry[] | NotThisFormat> {
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
          entries.push(noteToEntry(draft, entries.length, keys, options.markdownCode));
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

function noteToEntry(draft: NoteDraft, index: number, keys: Map<string, number>, keepCode: boolean): ImportedEntry {
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
    // ENEX keeps only the UTC instant; this computer's zone is the best guess for where it was written.
    localDay: created ? dayInZone(created, undefined) : null,
    modifiedAt: enexDate(draft.updated) ?? created,
    tags: normaliseTags(draft.tags),
    text: enmlToText(draft.content, keepCode),
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

/**
 * ENML (Evernote's XHTML) to text, through a real HTML parser (entities, lenient nesting of old
 * clients). Evernote writes one `<div>` per line and `<div><br/></div>` for a blank line, so block
 * edges are newlines and those blank lines survive as paragraph breaks. Code blocks (a `<div>` or
 * `<pre>` styled `-en-codeblock:true`) follow the Markdown rule: out unless the source keeps code.
 */
export function enmlToText(enml: string, keepCode = false): string {
  if (enml.trim() === '') return '';
  const tree = fromHtml(enml.replace(/^\s*<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/i, ''), { fragment: true });
  const out: string[] = [];
  walk(tree, out, keepCode);
  return tidyBlocks(out.join('').replace(/\u00a0/g, ' ').replace(/\n[ \t]+/g, '\n').replace(/[ \t]{2,}/g, ' '));
}

const lineBlocks = new Set(['div', 'li', 'dt', 'dd', 'tr', 'pre', 'address', 'section', 'article', 'header', 'footer', 'center', 'en-note']);
const paragraphBlocks = new Set(['p', 'blockquote', 'ul', 'ol', 'table', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dl', 'figure']);
const hidden = new Set(['en-media', 'en-crypt', 'img', 'script', 'style', 'head', 'title', 'object', 'embed']);

/** `marker` is what a list item starts with, given by its list: `- ` or `3. `. */
function walk(node: Root | RootContent, out: string[], keepCode: boolean, marker = '- '): void {
  if (node.type === 'text') {
    out.push(node.value.replace(/\s*\n\s*/g, ' '));
    return;
  }
  if (node.type !== 'element') {
    if (node.type === 'root') for (const child of node.children) walk(child, out, keepCode);
    return;
  }
  const name = node.tagName;
  if (hidden.has(name)) return;
  const style = String(node.properties.style ?? '');
  if (/-en-codeblock\s*:\s*true/i.test(style)) {
    if (keepCode) out.push(`\n\n${toText(node).replace(/\u00a0/g, ' ')}\n\n`);
    return;
  }
  if (name === 'br') {
    out.push('\n');
    return;
  }
  // `<en-todo/>` is not a void element to an HTML parser: the words after it may arrive as its children.
  if (name === 'en-todo') out.push(node.properties.checked === 'true' || node.properties.checked === true ? '[x] ' : '[ ] ');
  const isBlock = lineBlocks.has(name) || paragraphBlocks.has(name);
  if (isBlock) breakLine(out, paragraphBlocks.has(name));
  if (name === 'li') {
    // Evernote 10 writes checklists as `<li style="--en-checked:true;">` inside a `--en-todo` list.
    const checked = /--en-checked\s*:\s*(true|false)/i.exec(style)?.[1]?.toLowerCase();
    out.push(marker + (checked === 'true' ? '[x] ' : checked === 'false' ? '[ ] ' : ''));
  }
  let cells = 0;
  let items = 0;
  let previous: RootContent | undefined;
  for (const child of node.children) {
    // Cells of a row on one line, told apart by the separator before every cell but the first.
    if (name === 'tr' && child.type === 'element' && (child.tagName === 'td' || child.tagName === 'th') && cells++ > 0) out.push(cellSeparatorText);
    // `<span>Rua</span><span>Augusta</span>`: two inline elements back to back are two words, never one.
    else if (isInline(previous) && isInline(child)) out.push(' ');
    const isItem = child.type === 'element' && child.tagName === 'li';
    walk(child, out, keepCode, isItem && name === 'ol' ? `${++items}. ` : '- ');
    previous = child;
  }
  if (paragraphBlocks.has(name)) out.push('\n\n');
  // A line block ends one line; the `<div>` inside an `<li>` already ended it.
  else if (isBlock && !endsWithNewline(out)) out.push('\n');
}

function endsWithNewline(out: string[]): boolean {
  for (let i = out.length - 1; i >= 0; i--) if (out[i] !== '') return out[i].endsWith('\n');
  return true;
}

function isInline(node: RootContent | undefined): boolean {
  return node?.type === 'element' && node.tagName !== 'br' && !lineBlocks.has(node.tagName) && !paragraphBlocks.has(node.tagName) && !hidden.has(node.tagName);
}

/** A new block starts on its own line, without adding a line where one just ended. */
function breakLine(out: string[], isParagraph: boolean): void {
  const tail = out.slice(-4).join('');
  // Not right after a list marker: Evernote wraps each item's text in a `<div>`.
  if (out.length === 0 || /(?:\n|^)[ \t]*(?:- |\d+\. )(?:\[[ x]\] )?$/.test(tail)) return;
  // A list, table or paragraph stands apart from the line before it, as in the rendered note.
  if (isParagraph) out.push(tail.endsWith('\n\n') ? '' : tail.endsWith('\n') ? '\n' : '\n\n');
  else if (!tail.endsWith('\n')) out.push('\n');
}
