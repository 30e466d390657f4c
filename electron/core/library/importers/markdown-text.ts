import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';

/** Frozen parsers: building one per file would cost more than parsing a short note. */
const gfmParser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();
const commonmarkParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Characters without which no GFM construct can start: tables need `|`, strikethrough `~`, task
 * items `[ ]`/`[x]`, footnotes `[^`, autolinks `www.`, a scheme or an `@`. Notes without any of
 * them parse identically under plain CommonMark, which is about twice as fast (issue 3 benchmark).
 */
const gfmTrigger = /[|~@]|\[\^|\[[ xX]\]|www\.|https?:|mailto:|xmpp:/i;

export function parseMarkdown(text: string): Root {
  return (gfmTrigger.test(text) ? gfmParser : commonmarkParser).parse(text);
}

export interface BlockOptions {
  /** Keep fenced and indented code blocks (off by default: code is rarely the person's own voice). */
  keepCode: boolean;
}

/**
 * The text a person reads in the rendered note: blocks joined by one blank line (paragraph breaks
 * kept, never glued), list items one per line with their marker, no HTML, no images, no front matter.
 */
export function mdastToText(root: Root, options: BlockOptions): string {
  return blocksToText(root.children, options, '\n\n');
}

function blocksToText(nodes: RootContent[], options: BlockOptions, separator: string): string {
  const parts: string[] = [];
  for (const node of nodes) {
    const text = blockToText(node, options);
    if (text.trim() !== '') parts.push(text);
  }
  return parts.join(separator);
}

function blockToText(node: RootContent, options: BlockOptions): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineToText(node).trim();
    case 'blockquote':
    case 'footnoteDefinition':
      return blocksToText(node.children, options, '\n\n');
    case 'list':
      return node.children
        .map((item, i) => {
          const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : '- ';
          const check = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
          const body = blocksToText(item.children, options, '\n');
          return marker + check + body.replace(/\n/g, '\n  ');
        })
        .join('\n');
    case 'table':
      return node.children.map((row) => row.children.map((cell) => inlineToText(cell).trim()).join(' | ')).join('\n');
    case 'code':
      return options.keepCode ? node.value : '';
    // Not the person's prose: raw HTML, front matter, link definitions, rules.
    case 'html':
    case 'yaml':
    case 'definition':
    case 'thematicBreak':
      return '';
    default:
      return 'children' in node ? inlineToText(node as Parents) : '';
  }
}

function inlineToText(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
    case 'html':
    case 'footnoteReference':
      return '';
    default:
      if ('children' in node) return (node.children as Nodes[]).map(inlineToText).join('');
      return '';
  }
}

/**
 * Obsidian syntax remark does not know, rewritten before parsing: `%%comments%%` (private, may span
 * lines) and `![[embeds]]` go; `[[target|alias]]` becomes `alias`, `[[target#heading]]` `target > heading`.
 */
export function rewriteObsidian(body: string): string {
  return body
    .replace(/%%[\s\S]*?%%/g, '')
    .replace(/!\[\[[^\]\n]*\]\]/g, '')
    .replace(/\[\[([^\]\n|]*)\|([^\]\n]*)\]\]/g, (_m, _target: string, alias: string) => alias)
    .replace(/\[\[([^\]\n]*)\]\]/g, (_m, target: string) => target.replace(/#\^?/g, ' > ').trim());
}

const frontMatterBlock = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits a leading YAML block (kept verbatim for remark-frontmatter) from the body. */
export function splitFrontMatter(text: string): { head: string; body: string } {
  const m = frontMatterBlock.exec(text);
  return m ? { head: m[0], body: text.slice(m[0].length) } : { head: '', body: text };
}
