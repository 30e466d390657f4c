import nlp from 'compromise';

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
  /** Lowercase words that are ordinary vocabulary (verbs, nouns, weekdays...): never a name on their own. */
  commonWords: ReadonlySet<string>;
}

let cached: NameLexicon | undefined;

export function loadNameLexicon(): NameLexicon {
  if (cached) return cached;
  const lexicon = readLexicon(nlp.model());
  const personWords = new Set<string>();
  const surnameWords = new Set<string>();
  const placeWords = new Set<string>();
  const commonWords = new Set<string>();
  for (const [word, tags] of Object.entries(lexicon)) {
    const list = Array.isArray(tags) ? tags : [tags];
    if (word.includes(' ')) continue;
    if (list.some((t) => t === 'FemaleName' || t === 'MaleName' || t === 'FirstName' || t === 'Person')) personWords.add(word);
    else if (list.includes('LastName')) surnameWords.add(word);
    else if (list.some((t) => t === 'City' || t === 'Country' || t === 'Region' || t === 'Place')) placeWords.add(word);
    else commonWords.add(word);
  }
  cached = { personWords, surnameWords, placeWords, commonWords };
  return cached;
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
