/**
 * org-mode to the words a person wrote, through uniorg's parser (a port of Emacs's org-element):
 * emphasis, verbatim and code become their text; links their description (joined when it spans a
 * line); tables readable lines; drawers, planning lines, keywords, comments, fixed-width and
 * source/example blocks stay out; `#+BEGIN_QUOTE`/`NOTE`/... keep only their content.
 */
import { parse } from 'uniorg-parse/lib/parser.js';
import type { Headline, OrgData, OrgNode, Section } from 'uniorg';
import { cellSeparatorText } from './separators.ts';

const baseTodoKeywords = ['TODO', 'DONE', 'NEXT', 'WAITING', 'HOLD', 'STARTED', 'SOMEDAY', 'CANCELLED', 'CANCELED'];

/** Parses org text; the file's own `#+TODO:`/`#+SEQ_TODO:` keywords are honoured so they leave titles. */
export function parseOrg(source: string): OrgData {
  const extra: string[] = [];
  for (const m of source.matchAll(/^#\+(?:SEQ_|TYP_)?TODO:[ \t]*(.*)$/gim)) {
    for (const word of m[1].split(/\s+/)) {
      const keyword = word.replace(/\(.*\)$/, '');
      if (keyword !== '' && keyword !== '|') extra.push(keyword);
    }
  }
  // Sub/superscripts only in braces: `snake_case` and `x^2` in prose are the person's characters.
  return parse(source, { todoKeywords: [...baseTodoKeywords, ...extra], useSubSuperscripts: '{}' });
}

export interface OrgTextOptions {
  /** Headlines whose subtree is not part of this text (a day heading that is only the date). */
  skipHeadline?: (headline: Headline) => boolean;
  /** How a heading reads as a line of text (org-journal's `08:15 Run` loses the time it stamped). */
  titleOf?: (headline: Headline) => string;
}

type Node = OrgNode | OrgData;

/** Text of a list of org elements, blocks apart by one blank line. */
export function orgBlocksToText(nodes: readonly Node[], options: OrgTextOptions = {}): string {
  const parts: string[] = [];
  for (const node of nodes) {
    const text = orgBlockToText(node, options);
    if (text.trim() !== '') parts.push(text);
  }
  return parts.join('\n\n');
}

function orgBlockToText(node: Node, options: OrgTextOptions): string {
  switch (node.type) {
    case 'special-block':
      // Logseq's `#+BEGIN_QUERY` holds Datalog, not prose; NOTE, TIP, WARNING and the like hold the person's words.
      return /^(QUERY|COMMENT|EXPORT)$/i.test(node.blockType) ? '' : orgBlocksToText(node.children, options);
    case 'org-data':
    case 'quote-block':
    case 'verse-block':
    case 'center-block':
    case 'footnote-definition':
      return orgBlocksToText(node.children, options);
    case 'section':
      return sectionToText(node, options);
    case 'headline':
      return options.skipHeadline?.(node) ? '' : (options.titleOf ?? headlineTitle)(node);
    case 'paragraph':
      return orgInlineToText(node.children).trim();
    case 'plain-list':
      return node.children
        .map((item, i) => {
          const marker = node.listType === 'ordered' ? `${item.counter ?? i + 1}. ` : '- ';
          const check = item.checkbox === 'on' ? '[x] ' : item.checkbox === 'off' ? '[ ] ' : item.checkbox === 'trans' ? '[-] ' : '';
          const [first, ...rest] = item.children;
          const tag = first?.type === 'list-item-tag' ? `${orgInlineToText(first.children).trim()}: ` : '';
          const body = orgBlocksToText(first?.type === 'list-item-tag' ? rest : item.children, options).replace(/\n\n/g, '\n');
          return marker + check + tag + body.replace(/\n/g, '\n  ');
        })
        .join('\n');
    case 'table':
      if (node.tableType !== 'org') return '';
      return node.children
        .filter((row) => row.rowType === 'standard')
        .map((row) => row.children.map((cell) => orgInlineToText(cell.children).trim()).join(cellSeparatorText))
        .join('\n');
    case 'latex-environment':
      return node.value.trim();
    // Not prose: planning and clocks, drawers, keywords, comments, code and example blocks, fixed-width lines.
    default:
      return '';
  }
}

/** A section: its headline, then its body; a COMMENT subtree or a skipped heading's own line stays out. */
function sectionToText(section: Section, options: OrgTextOptions): string {
  const headline = section.children.find((c): c is Headline => c.type === 'headline');
  if (headline?.commented) return '';
  return orgBlocksToText(section.children, options);
}

/** A heading as the person titled it: no TODO keyword, `[#A]` priority, `[1/2]` cookie, `:tags:` or timestamps. */
export function headlineTitle(headline: Headline): string {
  return orgInlineToText(headline.children.filter((c) => c.type !== 'timestamp'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline org objects to text. */
export function orgInlineToText(nodes: readonly OrgNode[]): string {
  let out = '';
  for (const node of nodes) out += inlineToText(node);
  return out.replace(/\{\{\{[^}]*\}\}\}/g, '').replace(/[ \t]+$/gm, '');
}

function inlineToText(node: OrgNode): string {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'code':
    case 'verbatim':
      return node.value;
    case 'bold':
    case 'italic':
    case 'underline':
    case 'strike-through':
    case 'superscript':
    case 'subscript':
    case 'table-cell':
      return orgInlineToText(node.children);
    case 'link': {
      if (node.children.length > 0) return orgInlineToText(node.children).replace(/\s*\n\s*/g, ' ');
      // A bare image link is an inline picture, like `![]()` in Markdown: no words.
      if (/\.(png|jpe?g|gif|svg|webp|bmp|tiff?|heic)$/i.test(node.rawLink)) return '';
      // Any other bare link shows its target: a heading name, a file, an address.
      return node.rawLink.replace(/^file:/, '').replace(/^\*/, '');
    }
    case 'timestamp':
      return node.rawValue.replace(/^[<[]|[>\]]$/g, '').replace(/[>\]]--[<[]/, '–');
    case 'footnote-reference':
      // `[fn:1]` is a marker; an inline footnote `[fn::words]` carries the person's words.
      return node.footnoteType === 'inline' && node.children.length > 0 ? ` (${orgInlineToText(node.children).trim()})` : '';
    case 'line-break':
      return '\n';
    case 'entity':
      return node.utf8;
    case 'latex-fragment':
      return node.value;
    default:
      return '';
  }
}
