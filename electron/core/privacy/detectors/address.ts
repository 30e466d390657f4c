import { matchAll, type Detector, type DetectedSpan } from './types.ts';

/*
 * Street addresses in the formats of North America, the UK and Ireland, Australia and New Zealand,
 * and continental Europe. A "core" (house number and street, in either order) is found first; then
 * a unit prefix ("Flat 3, ", "Unit 5, ") is taken on its left, and a postcode and city (in the order
 * of each country, "1015 CJ Amsterdam", "London NW1 4RY", "Toronto, ON M5H 2S6") on its right, or a
 * postcode and city written before the street ("75001 Paris, 8 rue Saint-Honoré"). Every repetition
 * is bounded and each optional part starts at a literal, so no input makes the patterns backtrack far.
 */
const STREET_WORDS = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Ln', 'Drive', 'Dr', 'Boulevard', 'Blvd', 'Court', 'Ct',
  'Way', 'Place', 'Pl', 'Terrace', 'Close', 'Crescent', 'Square', 'Sq', 'Parkway', 'Pkwy', 'Highway', 'Hwy',
  'Circle', 'Cir', 'Row', 'Mews', 'Gardens', 'Grove', 'Hill', 'Walk', 'Trail', 'Parade', 'Esplanade', 'Quay',
].join('|');
const NUMBER = String.raw`\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?`;
const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’.-]{1,25}`;
const PARTICLE = String.raw`(?:de|des|du|del|della|di|da|dos|das|la|le|les|el|do|van|von|der|den|d'|l')`;
/** Street types written before the name: French, Spanish, Catalan, Italian, Portuguese, Polish, Romanian. */
const PREFIX_TYPES = String.raw`(?:Rue|Avenue|Av\.|Boulevard|Bd|Place|Chemin|Allée|Impasse|Quai|Cours|Calle|C/|Avenida|Avda\.|Plaza|Paseo|Camino|Carrer|Passeig|Via|Viale|Piazza|Corso|Largo|Vicolo|Rua|Travessa|Praça|Alameda|ul\.|ulica|al\.|Aleja|Strada|Str\.|Calea)`;
const NUMBER_FIRST_TYPES = ['rue', 'avenue', 'av\\.', 'boulevard', 'bd', 'place', 'chemin', 'allée', 'impasse', 'quai', 'cours', 'via', 'viale', 'piazza', 'corso', 'calle', 'avenida', 'rua', 'travessa'];
// Written either way ("12 rue des Lilas", "12 Rue des Lilas"); not with the i flag, which would make \p{Lu} match any letter.
const LOWER_PREFIX_TYPES = `(?:${NUMBER_FIRST_TYPES.flatMap((t) => [t, t.charAt(0).toUpperCase() + t.slice(1)]).join('|')})`;
/** Street types glued to the name: German, Dutch, Danish, Norwegian, Swedish, Finnish. */
const SUFFIXES = String.raw`(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|gracht|kade|straat|laan|plein|singel|dijk|steeg|gade|vej|torv|gata|gaten|gatan|vägen|veien|vegen|gate|torget|katu|tie)`;

const ENGLISH_CORE = new RegExp(String.raw`\b${NUMBER}\s(?:[A-Z][a-z'’]{1,20}\s){1,3}(?:${STREET_WORDS})\b\.?`, 'gu');
const PREFIX_CORE = new RegExp(String.raw`(?<![\p{L}])${PREFIX_TYPES}\s(?:${PARTICLE}\s?){0,2}${CAP}(?:\s(?:${PARTICLE}\s?)?${CAP}){0,2},?\s${NUMBER}(?:\s?(?:bis|ter))?(?![\p{L}\d])`, 'gu');
const NUMBER_FIRST_CORE = new RegExp(String.raw`\b\d{1,4}(?:\s?(?:bis|ter))?,?\s${LOWER_PREFIX_TYPES}\s(?:${PARTICLE}\s?){0,2}[\p{L}\p{M}'’-]{2,25}(?:\s(?:${PARTICLE}\s?)?${CAP}){0,2}`, 'gu');
const COMPOUND_CORE = new RegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{Ll}\p{M}]{2,30}${SUFFIXES}\s${NUMBER}(?![\p{L}\d])`, 'gu');
const SPACED_SUFFIX_CORE = new RegExp(String.raw`(?<![\p{L}])(?:${CAP}\s){1,2}(?:gate|gata|gatan|vei|veien|vej|väg|vägen|tie|katu)\s${NUMBER}(?![\p{L}\d])`, 'gu');

const CITY = String.raw`\p{Lu}[\p{Ll}\p{M}'’]{1,24}(?:[ -](?:sur|am|an|upon|on|de|la)?[ -]?\p{Lu}[\p{Ll}\p{M}'’]{1,24}){0,2}`;
/** Postcodes of the countries above, each its own shape; tried in this order at one position only. */
const POSTCODE = String.raw`(?:\d{4}\s?[A-Z]{2}(?![\p{L}])|\d{3}\s\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4,6}(?:-\d{4})?)`;
const REGION = String.raw`(?:[A-Z]{2}|VIC|NSW|QLD|TAS|ACT)`;
const UNIT_AFTER = String.raw`(?:,?\s(?:Apt|Apartment|Unit|Suite|Flat|Fl|#)\.?\s?[A-Za-z0-9-]{1,6})?`;
/** Right of the core: "[, Apt 3], 1015 CJ Amsterdam" | ", London NW1 4RY" | ", Toronto, ON M5H 2S6" | ", 62704". */
const TAIL = new RegExp(
  String.raw`${UNIT_AFTER}(?:,?\s${POSTCODE}\s${CITY}|,\s${CITY}(?:,?\s(?:${REGION}\s)?${POSTCODE}(?![\p{L}\d]))?|,?\s${REGION}\s${POSTCODE}(?![\p{L}\d])|,?\s${POSTCODE}(?![\p{L}\d]))?`,
  'yu',
);
/** Left of the core: "Flat 3, ", "Unit 5/", "Apartment 4B, "; or "75001 Paris, " (postcode and city first). */
const UNIT_BEFORE = /(?:Flat|Unit|Apartment|Apt\.?|Suite|Level|Floor|Shop)\s[0-9A-Za-z]{1,5}(?:,\s?|\s|\/)$/u;
const POSTCODE_CITY_BEFORE = new RegExp(String.raw`(?<![\p{L}\d])${POSTCODE}\s${CITY},\s$`, 'u');

const CORES = [ENGLISH_CORE, PREFIX_CORE, NUMBER_FIRST_CORE, COMPOUND_CORE, SPACED_SUFFIX_CORE];

function extend(text: string, start: number, end: number): { start: number; end: number } {
  TAIL.lastIndex = end;
  const tail = TAIL.exec(text);
  let to = end + (tail?.[0].length ?? 0);
  while (to > end && /[.,\s]/.test(text.charAt(to - 1))) to--;
  // Bounded look-behind windows: a `$`-anchored pattern on a 60-character slice costs nothing.
  const window = text.slice(Math.max(0, start - 60), start);
  const unit = UNIT_BEFORE.exec(window);
  let from = unit ? start - unit[0].length : start;
  const city = POSTCODE_CITY_BEFORE.exec(text.slice(Math.max(0, from - 60), from));
  if (city) from -= city[0].length;
  return { start: from, end: to };
}

export const addressDetector: Detector = {
  id: 'address',
  kinds: ['address'],
  detect(text) {
    if (!/\d/.test(text)) return [];
    const found: DetectedSpan[] = [];
    for (const core of CORES) {
      for (const m of matchAll(core, text)) {
        const raw = m[0].replace(/[.,]$/, '');
        const span = extend(text, m.index, m.index + raw.length);
        found.push({ kind: 'address', start: span.start, end: span.end, detector: 'address', confidence: 0.85 });
      }
    }
    return found;
  },
};
