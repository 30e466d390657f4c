/**
 * The debris check: markup of a source format that must never reach an entry's text, because what
 * is left there is learned as the person's own voice. One pattern per kind of leftover, named so a
 * failure says what leaked. Used over every fixture in tests/fixtures/formats and the sample journal.
 */

interface DebrisKind {
  name: string;
  pattern: RegExp;
}

const kinds: DebrisKind[] = [
  { name: 'callout marker [!type]', pattern: /\[![\w-]+\]/ },
  { name: 'Obsidian comment %%', pattern: /%%/ },
  { name: 'org #+ keyword or block marker', pattern: /^[ \t]*#\+\w/im },
  { name: 'org drawer line (:PROPERTIES:, :END:)', pattern: /^[ \t]*:[A-Za-z_-]+:[ \t]*$/m },
  { name: 'Logseq key:: value property', pattern: /^[ \t]*(?:- )?[A-Za-z][\w-]*:: /m },
  { name: 'block reference ((uuid))', pattern: /\(\([0-9a-f]{8}-[0-9a-f-]{8,}\)\)/i },
  { name: 'macro braces {{ }}', pattern: /\{\{|\}\}/ },
  { name: 'HTML tag', pattern: /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i },
  { name: 'HTML entity', pattern: /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,7});/i },
  { name: 'code fence', pattern: /^[ \t>]*(?:```|~~~)/m },
  { name: 'bold marks **', pattern: /\*\*/ },
  { name: 'heading # at line start', pattern: /^#{1,6}[ \t]/m },
  { name: 'table rule', pattern: /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*[|+]|^[ \t]*\|[-+:| \t]+$/m },
  { name: 'table row pipes', pattern: /^[ \t]*\|.*\|[ \t]*$/m },
  { name: 'backslash escape', pattern: /\\[\\`*_{}[\]()#+\-.!>|~</]/ },
  { name: 'dayone-moment link', pattern: /dayone-moment/ },
  { name: 'object replacement character U+FFFC', pattern: /\uFFFC/ },
  { name: 'block id ^id at line end', pattern: /[ \t]\^[A-Za-z0-9-]+[ \t]*$/m },
  { name: 'quote marker > at line start', pattern: /^[ \t]*>/m },
  { name: 'org footnote marker [fn:]', pattern: /\[fn:/ },
  { name: 'org statistics cookie [1/2] or priority [#A]', pattern: /\[\d*[/%]\d*\]|\[#[A-Z]\]/ },
  { name: 'wiki link brackets [[ ]]', pattern: /\[\[|\]\]/ },
];

export interface Debris {
  kind: string;
  /** The line it was found on, for the failure message. */
  line: string;
}

/**
 * Every leftover found in `text`. `allowed` lists literal strings the person really wrote that look
 * like markup (a `[[link]]` inside inline code); they are blanked before checking.
 */
export function findDebris(text: string, allowed: readonly string[] = []): Debris[] {
  let checked = text;
  for (const literal of allowed) checked = checked.split(literal).join(' ');
  const found: Debris[] = [];
  for (const kind of kinds) {
    const m = kind.pattern.exec(checked);
    if (!m) continue;
    const start = checked.lastIndexOf('\n', m.index) + 1;
    const end = checked.indexOf('\n', m.index);
    found.push({ kind: kind.name, line: checked.slice(start, end === -1 ? undefined : end) });
  }
  return found;
}
