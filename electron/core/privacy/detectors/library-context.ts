import { isKnownFirstName, loadNameLexicon } from './lexicon.ts';

/**
 * What the whole library says about a capitalised term, beyond the sentence it sits in. A help
 * vault writes "Quillmark Sync" 117 times, after "the", "open" or "in", before "plugin" or
 * "settings", as a note's title and in headings; a diary writes "Ana" after "with" and before
 * "said". One entry alone cannot tell a product from a person; the library can. Built once per scan
 * from every entry's title and text in one cheap pass (a single regex over capitalised words, no
 * tagger), then read by the names detector.
 */
export interface LibraryContext {
  /** Lower-case terms ("quillmark sync", "canvas") the library uses as things: never proposed as people. */
  readonly thingTerms: ReadonlySet<string>;
}

export const EMPTY_LIBRARY: LibraryContext = { thingTerms: new Set() };

interface TermStats { mentions: number; entries: number; lastEntry: number; thingCues: number; personCues: number; titled: boolean; heading: number }

// Capitalised runs of up to four words, as the names detector sees them.
const TERM = /(?<![\p{L}\p{M}\p{N}'’-])\p{Lu}[\p{L}\p{M}'’-]{0,40}(?: \p{Lu}[\p{L}\p{M}'’-]{0,40}){0,3}/gu;
const WORD_AFTER = /^[’']?s?[ \t]*([\p{L}]+)/u;

/** Words around a term that say it is a thing: an article, a UI verb before it, a product noun after it. */
const THING_BEFORE = new Set(['→', '>', '›', '|', 'the', 'a', 'an', 'in', 'open', 'opens', 'opening', 'click', 'tap', 'select', 'choose', 'enable', 'disable', 'install', 'installed', 'uninstall',
  'use', 'using', 'via', 'into', 'toggle', 'press', 'turn', 'launch', 'download', 'update', 'updated', 'upgrade', 'upgraded', 'on', 'under', 'from', 'this', 'your', 'our', 'its']);
const THING_AFTER = new Set(['app', 'apps', 'plugin', 'plugins', 'setting', 'settings', 'menu', 'button', 'pane', 'panel', 'view', 'sidebar', 'file', 'files', 'folder', 'vault',
  'account', 'version', 'versions', 'feature', 'features', 'mode', 'api', 'desktop', 'mobile', 'window', 'windows', 'tab', 'tabs', 'toolbar', 'icon', 'command', 'commands',
  'editor', 'core', 'docs', 'help', 'server', 'servers', 'support', 'subscription', 'plan', 'license', 'store', 'page', 'pages', 'works', 'needs', 'stores', 'lets',
  'uses', 'syncs', 'supports', 'shows', 'opens', 'runs', 'keeps', 'is', 'respects', 'may', 'can', 'for', 'users', 'team', 'release', 'releases', 'beta', 'update', 'updates']);
/** Words around a term that say it is a person; they outvote thing cues only when the library uses them more. */
// Not "and": products are listed with "and" as often as people ("Canvas and Quillmark Publish").
const PERSON_BEFORE = new Set(['with', 'met', 'told', 'texted', 'called', 'asked', 'dear', 'thanks', 'thank', 'by', 'mr', 'mrs', 'ms', 'dr']);
const PERSON_AFTER = new Set(['said', 'says', 'told', 'texted', 'called', 'laughed', 'thinks', 'wants', 'came', 'cried', 'smiled', 'who']);

/** The word (or menu arrow) just before `index`, scanned backwards by hand: a `$`-anchored regex retries at every position. */
function wordBefore(text: string, index: number): string | undefined {
  let end = index;
  while (end > 0 && end > index - 4 && (text.charAt(end - 1) === ' ' || text.charAt(end - 1) === '\t')) end--;
  const last = text.charAt(end - 1);
  if (last === '→' || last === '>' || last === '›' || last === '|') return last;
  let start = end;
  while (start > 0 && end - start < 24 && /[\p{L}/]/u.test(text.charAt(start - 1))) start--;
  return start < end ? text.slice(start, end).toLowerCase() : undefined;
}

/** How often a term must occur, and in how many entries, before the library's view of it counts. */
const MIN_MENTIONS = 3;
const MIN_ENTRIES = 2;

export function buildLibraryContext(entries: Iterable<{ title: string; text: string }>): LibraryContext {
  const stats = new Map<string, TermStats>();
  const lex = loadNameLexicon();
  let index = 0;
  const titles = new Set<string>();
  for (const { title, text } of entries) {
    index++;
    if (title) titles.add(title.trim().toLowerCase());
    TERM.lastIndex = 0;
    for (let m = TERM.exec(text); m !== null; m = TERM.exec(text)) {
      const term = m[0].replace(/[’']s?$/u, '').toLowerCase();
      // Ordinary single words ("The", "Then") are never proposed as names, so the library need not judge them.
      if (!term.includes(' ') && lex.commonWords.has(term)) continue;
      const row = stats.get(term) ?? { mentions: 0, entries: 0, lastEntry: 0, thingCues: 0, personCues: 0, titled: false, heading: 0 };
      row.mentions++;
      if (row.lastEntry !== index) {
        row.entries++;
        row.lastEntry = index;
      }
      // A line that is only this term, or a short line without a full stop: a heading or a label.
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      if (m.index - lineStart <= 8 && /^[#>*\-\s\d.]*$/u.test(text.slice(lineStart, m.index))) {
        const lineEnd = text.indexOf('\n', m.index);
        const line = text.slice(m.index, lineEnd < 0 ? text.length : lineEnd).trim();
        if (line.length <= m[0].length + 30 && !/[.!?]$/.test(line)) row.heading++;
      }
      const before = wordBefore(text, m.index);
      const after = WORD_AFTER.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 24))?.[1]?.toLowerCase();
      if ((before && THING_BEFORE.has(before)) || (after && THING_AFTER.has(after))) row.thingCues++;
      if ((before && PERSON_BEFORE.has(before)) || (after && PERSON_AFTER.has(after))) row.personCues++;
      stats.set(term, row);
    }
  }
  const thingTerms = new Set<string>();
  for (const [term, row] of stats) {
    if (row.mentions < MIN_MENTIONS || row.entries < MIN_ENTRIES) continue;
    const words = term.split(' ');
    const hasName = words.some((w) => isKnownFirstName(w, lex));
    const titled = titles.has(term);
    // A first name needs the library to say "thing" loudly (Alexa, Siri); anything else needs it said often.
    const thingShare = row.thingCues / row.mentions;
    const personShare = row.personCues / row.mentions;
    const isThing = hasName
      ? thingShare >= 0.5 && personShare < 0.1
      : (thingShare >= 0.25 && thingShare > personShare * 2) || ((titled || row.heading > 0) && personShare < 0.2);
    if (isThing) thingTerms.add(term);
  }
  return { thingTerms };
}

