/**
 * Jupyter notebooks: markdown cells are the person's text; code cells only when the source asks
 * (`notebookCode`); outputs never (they are what the machine wrote). The title is the first
 * level-1 heading, as the notebook shows it, else the file name.
 */
import type { Heading, Root } from 'mdast';
import { z } from 'zod';
import { baseTitle, dateFromFileName, decodeText, inlineTags, normaliseNewlines, normaliseTags, tidyBlocks } from './text.ts';
import { mdastToText, parseMarkdown } from './markdown-text.ts';
import { ImportError, type Importer } from './types.ts';

const CellSource = z.union([z.string(), z.array(z.string())]);
const Notebook = z.object({
  cells: z.array(z.object({ cell_type: z.string(), source: CellSource.optional() }).passthrough()),
  metadata: z.record(z.string(), z.unknown()).optional(),
  nbformat: z.number().optional(),
});

export const jupyterImporter: Importer = {
  format: 'jupyter',
  version: 2,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs, options }) {
    if (!bytes) throw new ImportError('internal: notebooks need the file bytes');
    const raw = parseJson(decodeText(bytes, false).text);
    const parsed = Notebook.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportError(`This is not a Jupyter notebook: ${issue.path.join('.') || '(root)'}: ${issue.message}. Open it in Jupyter and save it again.`);
    }
    const blocks: string[] = [];
    let heading: string | null = null;
    for (const cell of parsed.data.cells) {
      const source = normaliseNewlines(Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? ''));
      if (cell.cell_type === 'markdown') {
        const root = parseMarkdown(source);
        heading ??= firstTopHeading(root);
        blocks.push(mdastToText(root, { keepCode: false }));
      }
      else if (cell.cell_type === 'code' && options.notebookCode) blocks.push(source);
    }
    const text = tidyBlocks(blocks.filter((b) => b.trim() !== '').join('\n\n'));
    const nameDate = dateFromFileName(relPath);
    return [
      {
        key: relPath,
        title: heading ?? baseTitle(relPath),
        createdAt: nameDate ?? new Date(mtimeMs).toISOString(),
        createdFrom: nameDate ? 'file-name' : 'mtime',
        localDay: nameDate,
        modifiedAt: new Date(mtimeMs).toISOString(),
        tags: normaliseTags(inlineTags(text)),
        text,
        metadata: { cells: parsed.data.cells.length, nbformat: parsed.data.nbformat ?? null, codeCellsIncluded: options.notebookCode },
      },
    ];
  },
};

function firstTopHeading(root: Root): string | null {
  const h1 = root.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
  if (!h1) return null;
  const text = mdastToText({ type: 'root', children: [h1] }, { keepCode: false }).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** JSON.parse with the line and column of the fault, so a person can find it. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new ImportError(`Malformed JSON at line ${line}, column ${column}. Fix or re-export the file; the rest of the library is unaffected.`);
  }
}

/** Where JSON.parse gave up; Node 20's messages do not always carry a position, so find it ourselves. */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) fail();
      i++;
      return;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
}
