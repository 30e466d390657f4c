import type { Blockquote, Nodes, Parents, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import { htmlBlockToText, inlineHtmlToText } from './html-text.ts';
import { maskCode } from './code-spans.ts';
import { cellSeparatorText as cellSeparator } from './separators.ts';

/** Frozen parsers: building one per file would cost more than parsing a short note. */
const gfmParser = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkFrontmatter, ['yaml']).freeze();
const commonmarkParser = unified().use(remarkParse).use(remarkMath).use(remarkFrontmatter, ['yaml']).freeze();

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
 * kept, never glued), list items one per line with their marker, HTML as the text it shows, math
 * as written, no images, no front matter.
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
      return blocksToText(withoutCalloutMarker(node).children, options, '\n\n');
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
      return node.children.map((row) => row.children.map((cell) => inlineToText(cell).trim()).join(cellSeparator)).join('\n');
    case 'code':
      return options.keepCode ? node.value : '';
    case 'math':
      return `$$\n${node.value}\n$$`;
    case 'html':
      return htmlBlockToText(node.value);
    // Not the person's prose: front matter, link definitions, rules.
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
    case 'inlineCode':
      return node.value;
    case 'inlineMath':
      return `$${node.value}$`;
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    case 'html':
      return inlineHtmlToText(node.value, undefined);
    default:
      if (!('children' in node)) return '';
      return inlineChildren(node.children as Nodes[]);
  }
}

/** HTML tags inside a paragraph arrive one node each; what they mean depends on the next node. */
function inlineChildren(children: Nodes[]): string {
  let out = '';
  children.forEach((child, i) => {
    const next = children[i + 1];
    out += child.type === 'html' ? inlineHtmlToText(child.value, next?.type === 'html' ? next.value : undefined) : inlineToText(child);
  });
  return out;
}

/** `> [!warning]- Title`: the type and fold sign are Obsidian's; the title and body are the person's. */
const calloutMarker = /^\[![\w-]+\][+-]?[ \t]*/;

function withoutCalloutMarker(quote: Blockquote): Blockquote {
  const [first, ...rest] = quote.children;
  if (first?.type !== 'paragraph') return quote;
  const head = first.children[0];
  if (head?.type !== 'text' || !calloutMarker.test(head.value)) return quote;
  const value = head.value.replace(calloutMarker, '');
  const newline = value.indexOf('\n');
  // The title line reads as a heading of its own; an untitled callout starts straight with its body.
  const titled = newline === -1 ? value : newline === 0 ? value.slice(1) : `${value.slice(0, newline)}\n\n${value.slice(newline + 1)}`;
  const children: PhrasingContent[] = [{ ...head, value: titled }, ...first.children.slice(1)];
  const paragraph: Paragraph = { ...first, children };
  return { ...quote, children: [paragraph, ...rest] };
}

/**
 * Obsidian syntax remark does not know, rewritten before parsing, outside code only (a `%%` or
 * `[[link]]` inside backticks is literal text): `%%comments%%` (private, may span lines) and
 * `![[embeds]]` go; `[[target|alias]]` becomes `alias`, `[[#Heading]]` `Heading`, `[[Note#Heading]]`
 * `Note: Heading`; `==highlights==` lose their marks; `^block-ids` at line ends go.
 */
export function rewriteObsidian(body: string): string {
  return maskCode(body, rewriteProse, { stripComments: true });
}

function rewriteProse(prose: string): string {
  return prose
    .replace(/!\[\[[^\]\n]*\]\]/g, '')
    // An inline footnote `^[words]` is the person's words, shown apart.
    .replace(/[ \t]?\^\[([^\]\n]+)\]/g, ' ($1)')
    .replace(/\[\[([^\]\n|]*)\|([^\]\n]*)\]\]/g, (_m, _target: string, alias: string) => alias)
    .replace(/\[\[([^\]\n]*)\]\]/g, (_m, target: string) => linkText(target))
    // `==mark==` hugs its words, so `a == b and c == d` stays as written.
    .replace(/==(?=\S)([^=\n]*?\S)==/g, '$1')
    .replace(/[ \t]+\^[A-Za-z0-9-]+[ \t]*$/gm, '')
    .replace(/^\^[A-Za-z0-9-]+[ \t]*$/gm, '');
}

/** What Obsidian shows for a link without an alias, minus its `>` (which would read as a quote). */
function linkText(target: string): string {
  const [note, ...anchors] = target.split('#');
  const heading = anchors.filter((a) => !a.startsWith('^')).join(': ').trim();
  const name = note.trim();
  if (name === '') return heading;
  return heading === '' ? name : `${name}: ${heading}`;
}

const frontMatterBlock = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits a leading YAML block (kept verbatim for remark-frontmatter) from the body. */
export function splitFrontMatter(text: string): { head: string; body: string } {
  const m = frontMatterBlock.exec(text);
  return m ? { head: m[0], body: text.slice(m[0].length) } : { head: '', body: text };
}
