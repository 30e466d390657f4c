/**
 * HTML written inside notes (Markdown, Evernote) as the text it shows: `<br>` a line break, block
 * tags apart from each other, inline tags (`<span>`, `<b>`, `<kbd>`) only their text, entities
 * decoded. Parsed with hast (the HTML parser of the unified family), not with patterns.
 */
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { cellSeparatorText } from './separators.ts';

/** A whole HTML block (a `<div>...</div>` on its own lines, a comment, a `<details>`). */
export function htmlBlockToText(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  return toText(tree, { whitespace: 'normal' })
    .replace(/\t/g, cellSeparatorText)
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

const blockTags = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

/**
 * One tag met inside a paragraph. `next` is the raw HTML right after it, if the next node is a tag:
 * `</span><span>` between two words renders as one word in a browser only by accident of styling,
 * and gluing `Journeyman` to `Canonically` is never what the person wrote, so it becomes a space.
 */
export function inlineHtmlToText(tag: string, next: string | undefined): string {
  if (/^<br\s*\/?>$/i.test(tag)) return '\n';
  const name = /^<\/?([a-z][a-z0-9-]*)/i.exec(tag)?.[1]?.toLowerCase();
  if (name === undefined) return tag.startsWith('<!--') || tag.startsWith('<?') || tag.startsWith('<!') ? '' : htmlBlockToText(tag);
  if (blockTags.has(name)) return '\n';
  if (name === 'td' || name === 'th') return tag.startsWith('</') ? '' : cellSeparatorText;
  if (tag.startsWith('</') && next !== undefined && /^<[a-z]/i.test(next)) return ' ';
  return '';
}
