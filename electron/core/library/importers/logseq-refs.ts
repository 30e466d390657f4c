/**
 * Logseq's references and macros. A block reference `((uuid))` or `{{embed ((uuid))}}` shows the
 * referenced block's text in place, so that text is put in (dropping it left half sentences); the
 * block carries `id:: uuid` (Markdown) or an `:id:` property (org). Other macros (`{{video ...}}`,
 * `{{query ...}}`, `{{renderer ...}}`, `{{embed [[page]]}}`) show something that is not the person's
 * sentence, so they go; a `{{cloze words}}` keeps its words.
 */

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const embedRef = new RegExp(`\\{\\{\\s*embed\\s+\\(\\((${uuid})\\)\\)\\s*\\}\\}`, 'gi');
const blockRef = new RegExp(`\\(\\((${uuid})\\)\\)`, 'gi');

/** Finds a block's text by its uuid (lower case): this page's blocks first, then the rest of the graph. */
export type BlockLookup = (id: string) => string | undefined;

/** Replaces references by the blocks' text (references inside those followed a few levels deep). */
export function resolveBlockRefs(text: string, blocks: BlockLookup, depth = 0): string {
  const lookup = (_m: string, id: string) => {
    const found = blocks(id.toLowerCase());
    return found === undefined ? '' : depth < 3 ? resolveBlockRefs(found, blocks, depth + 1) : found;
  };
  return text
    .replace(embedRef, lookup)
    .replace(blockRef, lookup)
    // A cloze hides the person's own words on a flashcard until revealed: they are still the person's.
    .replace(/\{\{\s*cloze\s+([^{}\n]*)\}\}/gi, '$1')
    .replace(/[ \t]?\{\{[^{}\n]*(?:\{\{[^{}\n]*\}\}[^{}\n]*)*\}\}/g, '')
    .replace(/[ \t]+$/gm, '');
}

export const blockIdPattern = new RegExp(`^${uuid}$`, 'i');

const markdownId = new RegExp(`^[ \\t]*(?:- )?id:: *(${uuid})[ \\t]*$`, 'i');
const orgId = new RegExp(`^[ \\t]*:id: *(${uuid})[ \\t]*$`, 'i');

/**
 * Every block of one Logseq page that carries an id, with its text as written (the first line of a
 * Markdown block, an org block's heading), for references from this page and from others.
 */
export function blockTextsOf(relPath: string, source: string): Map<string, string> {
  const found = new Map<string, string>();
  const isOrg = /\.org$/i.test(relPath);
  let text = '';
  for (const line of source.split('\n')) {
    const id = (isOrg ? orgId : markdownId).exec(line) ?? (isOrg ? markdownId.exec(line) : null);
    if (id) {
      if (text !== '') found.set(id[1].toLowerCase(), text);
      continue;
    }
    const start = isOrg ? /^\*+\s+(.*)$/.exec(line) : /^[ \t]*- (.*)$/.exec(line);
    if (start) text = start[1].replace(/^(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS)\s+/, '').trim();
  }
  return found;
}
