/**
 * Logseq's references and macros. A block reference `((uuid))` or `{{embed ((uuid))}}` shows the
 * referenced block's text in place, so that text is put in (dropping it left half sentences); the
 * block carries `id:: uuid` (Markdown) or an `:id:` property (org). Other macros (`{{video ...}}`,
 * `{{query ...}}`, `{{renderer ...}}`, `{{embed [[page]]}}`) show something that is not the person's
 * sentence, so they go.
 */

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const embedRef = new RegExp(`\\{\\{\\s*embed\\s+\\(\\((${uuid})\\)\\)\\s*\\}\\}`, 'gi');
const blockRef = new RegExp(`\\(\\((${uuid})\\)\\)`, 'gi');

/** Replaces references by the blocks' text (references inside those followed a few levels deep). */
export function resolveBlockRefs(text: string, blocks: ReadonlyMap<string, string>, depth = 0): string {
  const lookup = (_m: string, id: string) => {
    const found = blocks.get(id.toLowerCase());
    return found === undefined ? '' : depth < 3 ? resolveBlockRefs(found, blocks, depth + 1) : found;
  };
  return text
    .replace(embedRef, lookup)
    .replace(blockRef, lookup)
    .replace(/[ \t]?\{\{[^{}\n]*(?:\{\{[^{}\n]*\}\}[^{}\n]*)*\}\}/g, '')
    .replace(/[ \t]+$/gm, '');
}

export const blockIdPattern = new RegExp(`^${uuid}$`, 'i');
