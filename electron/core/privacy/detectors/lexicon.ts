import nlp from 'compromise';
import worldFirstNameList from './world-first-names.json' with { type: 'json' };

/**
 * Word knowledge borrowed from compromise's lexicon: which words are first names, surnames,
 * cities and countries, and which are ordinary English. Running compromise's full parser costs
 * about 0.02 MB/s on this hardware (measured), far from the 5 MB/s target, so the names detector
 * uses its lexicon with a fast tokenizer instead of its tagger.
 */
export interface NameLexicon {
  personWords: ReadonlySet<string>;
  surnameWords: ReadonlySet<string>;
  placeWords: ReadonlySet<string>;
  /** Places of more than one word ("san francisco", "new york"), which the single-word sets cannot hold. */
  placePhrases: ReadonlySet<string>;
  /** Lowercase words that are ordinary vocabulary (verbs, nouns, weekdays...): never a name on their own. */
  commonWords: ReadonlySet<string>;
  /**
   * First names of many languages (faker's locale data, 60+ locales: "tomasz", "oluwaseun", "zeynep";
   * extracted by scripts/gen-first-names.ts into world-first-names.json),
   * lower case, with and without diacritics, less those that are ordinary English words or places.
   * compromise knows mostly English names; these are what a diary written across borders mentions.
   */
  worldFirstNames: ReadonlySet<string>;
  /**
   * The sets above are disjoint, so each word has one kind: one lookup in this map answers what
   * four `has` calls would (the names detector's main cost was these lookups).
   */
  wordKinds: ReadonlyMap<string, WordKind>;
}

export type WordKind = 'common' | 'first' | 'surname' | 'place';

let cached: NameLexicon | undefined;

export function loadNameLexicon(): NameLexicon {
  if (cached) return cached;
  const lexicon = readLexicon(nlp.model());
  const personWords = new Set<string>();
  const surnameWords = new Set<string>();
  const placeWords = new Set<string>();
  const commonWords = new Set<string>();
  const placePhrases = new Set<string>();
  const isPlaceTag = (t: string) => t === 'City' || t === 'Country' || t === 'Region' || t === 'Place';
  for (const [word, tags] of Object.entries(lexicon)) {
    const list = Array.isArray(tags) ? tags : [tags];
    if (word.includes(' ')) {
      if (list.some(isPlaceTag)) placePhrases.add(word);
      continue;
    }
    if (list.some((t) => t === 'FemaleName' || t === 'MaleName' || t === 'FirstName' || t === 'Person')) personWords.add(word);
    else if (list.includes('LastName')) surnameWords.add(word);
    else if (list.some((t) => t === 'City' || t === 'Country' || t === 'Region' || t === 'Place')) placeWords.add(word);
    else commonWords.add(word);
  }
  const worldFirstNames = new Set<string>();
  for (const name of worldFirstNameList) {
    for (const form of [name, foldDiacritics(name)]) {
      if (!commonWords.has(form) && !placeWords.has(form) && !personWords.has(form)) worldFirstNames.add(form);
    }
  }
  const wordKinds = new Map<string, WordKind>();
  for (const w of commonWords) wordKinds.set(w, 'common');
  for (const w of placeWords) wordKinds.set(w, 'place');
  for (const w of surnameWords) wordKinds.set(w, 'surname');
  for (const w of personWords) wordKinds.set(w, 'first');
  for (const w of worldFirstNames) wordKinds.set(w, 'first');
  cached = { personWords, surnameWords, placeWords, placePhrases, commonWords, worldFirstNames, wordKinds };
  return cached;
}

/** "Björn" -> "bjorn": people type names without their accents as often as with them. */
export function foldDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
}

/** True when `word` (any case) is a first name in some language: compromise's or faker's lists. */
export function isKnownFirstName(word: string, lex: NameLexicon = loadNameLexicon()): boolean {
  const lower = word.toLowerCase();
  return lex.personWords.has(lower) || lex.worldFirstNames.has(lower);
}

/** Tags compromise gives a word when it is known, for example to tell "will" (a verb) from "Will". */
export function isCommonWord(word: string): boolean {
  return loadNameLexicon().commonWords.has(word.toLowerCase());
}

/** compromise types its model as `object`; check the one field used rather than trusting a cast. */
function readLexicon(model: object): Record<string, string | string[]> {
  const one: unknown = Reflect.get(model, 'one');
  const lexicon: unknown = typeof one === 'object' && one !== null ? Reflect.get(one, 'lexicon') : undefined;
  if (typeof lexicon !== 'object' || lexicon === null) throw new Error('compromise no longer exposes model().one.lexicon; update lexicon.ts');
  return Object.fromEntries(Object.entries(lexicon).filter((e): e is [string, string | string[]] => typeof e[1] === 'string' || Array.isArray(e[1])));
}
