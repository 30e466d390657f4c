import { matchAll, type Detector, type DetectedSpan } from './types.ts';

const STREET_WORDS = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Lane', 'Ln', 'Drive', 'Dr', 'Boulevard', 'Blvd', 'Court', 'Ct',
  'Way', 'Place', 'Pl', 'Terrace', 'Close', 'Crescent', 'Square', 'Sq', 'Parkway', 'Pkwy', 'Highway', 'Hwy',
  'Circle', 'Cir', 'Row', 'Mews', 'Gardens', 'Grove', 'Hill', 'Walk', 'Trail',
].join('|');

/*
 * Heuristic, as the issue asks: house number, one to three capitalised words, a street word, then
 * optionally a unit, a city and a postcode. Each optional part is anchored by a literal (comma,
 * unit word), and every repetition is bounded, so no input makes it backtrack far.
 */
const ADDRESS = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?(?:-\d{1,5})?\s(?:[A-Z][a-z'’]{1,20}\s){1,3}(?:${STREET_WORDS})\b\.?` +
    String.raw`(?:,?\s(?:Apt|Apartment|Unit|Suite|Flat|Fl|#)\.?\s?[A-Za-z0-9-]{1,6})?` +
    String.raw`(?:,\s[A-Z][a-z]{1,20}(?:\s[A-Z][a-z]{1,20}){0,2})?` +
    String.raw`(?:,?\s(?:[A-Z]{2}\s\d{5}(?:-\d{4})?|\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))?`,
  'g',
);

// Continental style: "Hauptstraße 12", "Rue de Rivoli 4" is too varied; German/Dutch/Nordic compounds are regular.
const COMPOUND_STREET = /\b[A-ZÄÖÜ][a-zäöüß]{2,30}(?:straße|strasse|weg|gasse|platz|allee|gade|vej|gatan|vägen|straat|laan|plein)\s\d{1,4}[a-z]?(?:,\s\d{4,5}\s[A-ZÄÖÜ][a-zäöüß]{1,30})?/g;

export const addressDetector: Detector = {
  id: 'address',
  kinds: ['address'],
  detect(text) {
    const found: DetectedSpan[] = [];
    for (const m of matchAll(ADDRESS, text)) {
      found.push({ kind: 'address', start: m.index, end: m.index + m[0].replace(/[.,]$/, '').length, detector: 'address', confidence: 0.85 });
    }
    for (const m of matchAll(COMPOUND_STREET, text)) {
      found.push({ kind: 'address', start: m.index, end: m.index + m[0].length, detector: 'address', confidence: 0.85 });
    }
    return found;
  },
};
