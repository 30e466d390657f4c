import { EMPTY_LIBRARY, type LibraryContext } from './library-context.ts';
import { foldDiacritics, loadNameLexicon, type NameLexicon } from './lexicon.ts';
import type { Detector, DetectedSpan } from './types.ts';

/*
 * Names that are not on the person's list. A fast tokenizer finds runs of capitalised words and
 * compromise's lexicon (first names, surnames, cities, countries, ordinary English) plus a few
 * context cues ("lunch with X", "X said") decide whether a run is a person or a place. These are
 * guesses, so confidence stays below the list's 1.0 and review shows them as such. What the whole
 * library says about a term (library-context.ts) vetoes person guesses for products and UI labels,
 * and known first names written in lower case are taken after a cue word ("lunch w/ sarah").
 */
// Only capitalised words are visited; context words are read around them on demand. Tokenising
// every word was the detector's whole cost (about 1.6 MB/s); this runs several times faster.
const CAPITALISED = /(?<![\p{L}\p{M}\p{N}'’-])\p{Lu}[\p{L}\p{M}'’-]{0,40}/gu;
const NEXT_WORD = /[ \t]{0,3}(\p{L}[\p{L}\p{M}'’-]{0,40})/uy;

const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'professor', 'aunt', 'auntie', 'uncle', 'grandma', 'grandpa', 'nana', 'cousin', 'sister', 'brother', 'father', 'fr', 'sr', 'coach']);
const CALENDAR = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'christmas', 'easter']);
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'la', 'le', 'bin', 'al', 'ibn', 'ter', 'dos', 'das']);
const BEFORE_PERSON = new Set(['with', 'and', 'adore', 'adores', 'hug', 'thank', 'thanks', 'met', 'saw', 'called', 'texted', 'told', 'asked', 'helped', 'hugged', 'emailed', 'messaged', 'phoned', 'thanked', 'missed', 'visiting', 'dear', 'friend', 'colleague', 'neighbour', 'neighbor', 'boss', 'named', 'meet', 'see', 'call', 'tell', 'ask', 'like', 'love', 'by', 'for', 'about', 'remind', 'reminded', 'invited', 'joined', 'beside']);
const AFTER_PERSON = new Set(['said', 'lent', 'fixed', 'answered', 'starts', 'started', 'bought', 'moved', 'visited', 'drove', 'flew', 'lost', 'won', 'wrote', 'sent', 'says', 'told', 'called', 'texted', 'asked', 'laughed', 'came', 'wants', 'wanted', 'thinks', 'thought', 'brought', 'cooked', 'cried', 'smiled', 'looked', 'seemed', 'sent', 'gave', 'made', 'left', 'arrived', 'mentioned', 'replied', 'insisted', 'admitted', 'sounded', 'loves', 'hates', 'knows', 'emailed', 'messaged', 'phoned', 'hugged', 'promised', 'explained', 'complained', 'joked', 'whispered', 'shouted', 'agreed', 'suggested']);
// Weaker: they follow names often, but also follow nouns ("Server is down"), so only mid-sentence.
const AFTER_PERSON_WEAK = new Set(['was', 'is', 'and', 'has', 'had', 'will', 'would', 'got', 'finally', 'still', 'just', 'always', 'never', 'seems', 'did', 'does', 'can', 'could']);
// An article or a product noun next to a run makes it a thing ("the Raspberry Pi", "a Kindle Paperwhite", "the Git plugin").
const THING_ARTICLES = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'your', 'its']);
const THING_NOUNS = new Set(['app', 'apps', 'plugin', 'plugins', 'setting', 'settings', 'menu', 'button', 'pane', 'panel', 'sidebar', 'toolbar', 'tab', 'icon', 'theme',
  'template', 'extension', 'device', 'charger', 'account', 'subscription', 'store', 'shop', 'café', 'cafe', 'restaurant', 'bar', 'hotel', 'station', 'airport', 'model', 'edition', 'series', 'update']);
const BEFORE_PLACE = new Set(['in', 'to', 'from', 'near', 'visited', 'towards', 'toward', 'outside', 'around', 'through', 'via']);

interface Token {
  text: string;
  start: number;
  end: number;
  isCapital: boolean;
  sentenceStart: boolean;
}

function stripPossessive(raw: string): string {
  const last = raw.charAt(raw.length - 1);
  const beforeLast = raw.charAt(raw.length - 2);
  if (last === 's' && (beforeLast === "'" || beforeLast === '’')) return raw.slice(0, -2);
  return last === "'" || last === '’' || last === '-' ? raw.replace(/['’-]+$/u, '') : raw;
}

function isCapitalWord(word: string): boolean {
  const first = word.charAt(0);
  // Acronyms ("NAS", "SSN") and calendar words are capitalised but never a person's name.
  return first !== first.toLowerCase() && !(word.length > 1 && word === word.toUpperCase()) && !CALENDAR.has(word.toLowerCase());
}

/** True when only spaces, quotes or brackets separate `index` from the start of the text or a sentence end. */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '"' || text[i] === '“' || text[i] === '(')) i--;
  if (i < 0) return true;
  const ch = text[i];
  if (ch === '\n' || ch === '!' || ch === '?' || ch === ':') return true;
  if (ch !== '.') return false;
  // "Dr. Okafor" does not start a sentence at "Okafor".
  const word = previousWord(text, i);
  return !(word && word.end === i && HONORIFICS.has(word.text.toLowerCase()));
}

function wordAt(text: string, start: number, raw: string): Token {
  const word = stripPossessive(raw);
  return { text: word, start, end: start + word.length, isCapital: isCapitalWord(word), sentenceStart: startsSentence(text, start) };
}

function nextWord(text: string, from: number): Token | undefined {
  NEXT_WORD.lastIndex = from;
  const m = NEXT_WORD.exec(text);
  if (!m?.[1]) return undefined;
  return wordAt(text, from + m[0].length - m[1].length, m[1]);
}

const LETTER_OR_MARK = /\p{L}|\p{M}/u;
// ASCII letters decided by char code: this runs for every character scanned backwards, and the regex is the slow path.
const isWordChar = (ch: string | undefined) => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 45 || c === 0x2019) return true;
  return c > 127 && LETTER_OR_MARK.test(ch);
};

/** The word before `before`, skipping up to three spaces, tabs, commas or dots; scanned backwards by hand (a `$`-anchored regex retries from every position). */
function previousWord(text: string, before: number): Token | undefined {
  let end = before;
  let skipped = 0;
  while (end > 0 && skipped < 3 && ' \t,.'.includes(text.charAt(end - 1))) {
    end--;
    skipped++;
  }
  let start = end;
  while (start > 0 && end - start < 41 && isWordChar(text[start - 1])) start--;
  while (start < end && !/\p{L}/u.test(text.charAt(start))) start++;
  if (start >= end) return undefined;
  return { text: text.slice(start, end), start, end, isCapital: false, sentenceStart: false };
}

const ASCII_WORD = /^[a-z'-]*$/;

type Guess = { kind: 'person' | 'place'; confidence: number } | undefined;

function classify(run: Token[], before: Token | undefined, after: Token | undefined, lex: NameLexicon, afterIsPossessive: boolean): Guess {
  // Plain loops, not map/some with arrows: this runs for every capitalised run, and each closure costs.
  const lower: string[] = [];
  const folded: string[] = [];
  let hasFirstName = false;
  let hasSurname = false;
  let hasPlace = false;
  for (const t of run) {
    const w = t.text.toLowerCase();
    const f = ASCII_WORD.test(w) ? w : foldDiacritics(w);
    lower.push(w);
    folded.push(f);
    const kind = lex.wordKinds.get(w);
    hasFirstName ||= kind === 'first';
    hasSurname ||= kind === 'surname';
    hasPlace ||= kind === 'place' || (f !== w && lex.wordKinds.get(f) === 'place');
  }
  // Words across a sentence break say nothing about this one.
  const prev = run[0]?.sentenceStart ? undefined : before?.text.toLowerCase();
  const next = after?.text.toLowerCase();
  if (prev !== undefined && HONORIFICS.has(prev)) return { kind: 'person', confidence: 0.8 };
  const isThingContext = (prev !== undefined && THING_ARTICLES.has(prev)) || (next !== undefined && THING_NOUNS.has(next));
  // "San Francisco", "New York": a known place phrase outranks the first name inside it.
  if (run.length > 1 && (lex.placePhrases.has(lower.join(' ')) || lex.placePhrases.has(folded.join(' ')))) return { kind: 'place', confidence: 0.7 };
  if (isThingContext && !hasPlace) return undefined;
  const honorific = prev !== undefined && HONORIFICS.has(prev);
  const personCue = honorific || afterIsPossessive || (prev !== undefined && BEFORE_PERSON.has(prev)) || (next !== undefined && (AFTER_PERSON.has(next) || (!run[0]?.sentenceStart && AFTER_PERSON_WEAK.has(next))));
  const placeCue = prev !== undefined && BEFORE_PLACE.has(prev);
  if (hasFirstName && !(hasPlace && placeCue)) return { kind: 'person', confidence: personCue || run.length > 1 ? 0.75 : 0.6 };
  if (hasPlace) return { kind: 'place', confidence: 0.6 };
  if (hasSurname && run.length > 1) return { kind: 'person', confidence: 0.6 };
  if (placeCue && !personCue) return { kind: 'place', confidence: 0.4 };
  if (personCue) return { kind: 'person', confidence: 0.5 };
  if (!run[0]?.sentenceStart && run.length > 1) return { kind: 'person', confidence: 0.35 };
  return undefined;
}

/** Ordinary vocabulary, never a name. Adverbs ("Frequently", "Honestly") are rarely in the lexicon, but their -ly gives them away. */
function isOrdinaryToken(t: Token | undefined, lex: NameLexicon): boolean {
  if (t === undefined) return false;
  const w = t.text.toLowerCase();
  const kind = lex.wordKinds.get(w);
  return kind === 'common' || (kind === undefined && w.length > 5 && w.endsWith('ly'));
}

/** A mid-sentence word right before a known surname is a first name, even when it is also a word ("Call Jan Kowalski"). */
function isBeforeSurname(run: readonly Token[], i: number, lex: NameLexicon): boolean {
  return run[i]?.sentenceStart === false && lex.surnameWords.has(run[i + 1]?.text.toLowerCase() ?? '');
}

export function detectNames(text: string, lex: NameLexicon = loadNameLexicon(), library: LibraryContext = EMPTY_LIBRARY): DetectedSpan[] {
  const found: DetectedSpan[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) {
    // Most capitalised words open a sentence and are ordinary ("The", "Then", "I"): unless a
    // capitalised word follows ("Yesterday Tomasz"), they start no name, so skip the work below.
    const lowerHead = stripPossessive(m[0]).toLowerCase();
    if (lex.wordKinds.get(lowerHead) === 'common') {
      const end = m.index + m[0].length;
      const following = text.charAt(end) === ' ' ? text.charAt(end + 1) : '';
      if (following === following.toLowerCase()) continue;
    }
    const head = wordAt(text, m.index, m[0]);
    if (!head.isCapital || head.text.length === 0) continue;
    // Grow a run of capitalised words separated by single spaces, letting "van", "de" through.
    const run: Token[] = [head];
    for (;;) {
      const tail = run[run.length - 1] as Token;
      if (text.charAt(tail.end) !== ' ') break;
      const next = nextWord(text, tail.end);
      if (!next || next.start !== tail.end + 1) break;
      if (next.isCapital) {
        run.push(next);
        continue;
      }
      const after = PARTICLES.has(next.text) ? nextWord(text, next.end) : undefined;
      if (after?.isCapital && after.start === next.end + 1) {
        run.push(next, after);
        continue;
      }
      break;
    }
    const lastOfRun = run[run.length - 1] as Token;
    CAPITALISED.lastIndex = Math.max(CAPITALISED.lastIndex, lastOfRun.end);
    // Ordinary words at either end ("Yesterday Tomasz", "Anna Monday") are not part of the name.
    let from = 0;
    let to = run.length;
    // ...unless a mid-sentence word stands before a known surname: then it is a first name ("Call Jan Kowalski").
    while (from < to && isOrdinaryToken(run[from], lex) && !isBeforeSurname(run, from, lex)) from++;
    while (to > from && isOrdinaryToken(run[to - 1], lex)) to--;
    const name = run.slice(from, to);
    const first = name[0];
    const last = name[name.length - 1];
    if (!first || !last) continue;
    const before = from > 0 ? run[from - 1] : previousWord(text, first.start);
    const after = to < run.length ? run[to] : nextWord(text, text.charAt(last.end) === "'" || text.charAt(last.end) === '’' ? last.end + 2 : last.end);
    const isPossessive = /^['’]s?/u.test(text.slice(last.end, last.end + 2));
    const guess = classify(name, before, after, lex, isPossessive);
    if (!guess) continue;
    if (guess.kind === 'person' && isThing(name, library)) continue;
    found.push({ kind: guess.kind, start: first.start, end: last.end, detector: 'names', confidence: guess.confidence });
  }
  found.push(...detectLowerCaseNames(text, lex));
  return found;
}

/** The library uses the whole run, or every word of it, as a product or a label ("Quillmark Sync", "Canvas"). */
function isThing(run: readonly Token[], library: LibraryContext): boolean {
  if (library.thingTerms.size === 0) return false;
  const words = run.map((t) => t.text.toLowerCase());
  return library.thingTerms.has(words.join(' ')) || words.every((w) => library.thingTerms.has(w));
}

/*
 * Names in lower case ("lunch w/ sarah", "texted mike", "with lena and tomás"): only right after a
 * cue word, and only if the word is a known first name. A first name that is also an ordinary word
 * ("grace", "will", "mark") is taken only after cues that cannot precede a common noun ("texted").
 */
const LOWER_CUE = /(?<![\p{L}\p{N}])(w\/|with|texted|text|txt|call|called|calling|ring|rang|told|tell|met|meet|meeting|saw|see|seeing|asked|ask|emailed|email|messaged|message|skyped|facetimed|hugged|pinged|ping|visited|visit|into|thank|thanked|dm'?d|from)[ \t]+(\p{Ll}[\p{Ll}\p{M}'’-]{1,24})(?![\p{L}\p{M}])/gu;
// First names that are also English words, which compromise's lexicon tags only as names ("with grace", "with hope").
const NAME_WORDS = new Set(['grace', 'hope', 'faith', 'joy', 'will', 'mark', 'bill', 'pat', 'rose', 'lily', 'daisy', 'iris', 'ivy', 'holly', 'dawn', 'summer',
  'autumn', 'april', 'may', 'june', 'august', 'sky', 'rain', 'storm', 'amber', 'ruby', 'pearl', 'jade', 'olive', 'violet', 'heather', 'hazel', 'sunny', 'sandy',
  'rusty', 'frank', 'grant', 'drew', 'chase', 'hunter', 'guy', 'art', 'ray', 'dean', 'miles', 'page', 'rich', 'wade', 'cliff', 'dale', 'glen', 'max', 'penny',
  'honey', 'candy', 'angel', 'crystal', 'destiny', 'harmony', 'melody', 'patience', 'prudence', 'charity', 'constance', 'christian', 'pepper', 'river', 'jean', 'harry']);
const STRONG_LOWER_CUES = new Set(['w/', 'texted', 'txt', 'told', 'emailed', 'messaged', 'skyped', 'facetimed', 'hugged', 'pinged', "dm'd", 'dmd', 'asked', 'called']);
const CHAIN = /^(?:,[ \t]*|[ \t]+(?:and|&|\+|n)[ \t]+|[ \t]*&[ \t]*)(\p{Ll}[\p{Ll}\p{M}'’-]{1,24})(?![\p{L}\p{M}])/u;

function detectLowerCaseNames(text: string, lex: NameLexicon): DetectedSpan[] {
  const found: DetectedSpan[] = [];
  const isName = (word: string, strong: boolean) => {
    const w = word.replace(/['’]s$/u, '');
    if (w.length < 3 || !(lex.personWords.has(w) || lex.worldFirstNames.has(w))) return undefined;
    if ((lex.commonWords.has(w) || NAME_WORDS.has(w)) && !strong) return undefined;
    return w;
  };
  LOWER_CUE.lastIndex = 0;
  for (let m = LOWER_CUE.exec(text); m !== null; m = LOWER_CUE.exec(text)) {
    const cue = (m[1] ?? '').toLowerCase();
    const word = m[2] ?? '';
    const name = isName(word, STRONG_LOWER_CUES.has(cue));
    if (!name) continue;
    let start = m.index + m[0].length - word.length;
    let end = start + name.length;
    found.push({ kind: 'person', start, end, detector: 'names', confidence: 0.7 });
    // "with lena and tomás", "w/ hanna & lukas": a list of names after one cue.
    for (let i = 0; i < 4; i++) {
      const chain = CHAIN.exec(text.slice(end, end + 40));
      const next = chain?.[1];
      const nextName = next ? isName(next, false) : undefined;
      if (!chain || !next || !nextName) break;
      start = end + chain[0].length - next.length;
      end = start + nextName.length;
      found.push({ kind: 'person', start, end, detector: 'names', confidence: 0.65 });
    }
    LOWER_CUE.lastIndex = Math.max(LOWER_CUE.lastIndex, end);
  }
  return found;
}

export const namesDetector: Detector = {
  id: 'names',
  kinds: ['person', 'place'],
  prepare: (ctx) => {
    const lex = loadNameLexicon();
    const library = ctx.library ?? EMPTY_LIBRARY;
    return { detect: (text) => detectNames(text, lex, library) };
  },
};
