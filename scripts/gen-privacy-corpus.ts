/**
 * Writes the labelled synthetic privacy corpus under tests/fixtures/privacy-corpus/ (issue #4):
 * diary-style entries with planted personal data of every kind, names on the person's list and
 * names not on it, and look-alikes that are not personal data (order numbers, versions, ISBNs).
 * Deterministic: the same seed writes the same bytes.
 *
 *   npx tsx scripts/gen-privacy-corpus.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { createSeededRandom } from '../electron/core/seeded-random.ts';

const OUT_DIR = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'privacy-corpus');
const ENTRY_COUNT = 320;

const random = createSeededRandom(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');

export interface Label {
  kind: string;
  start: number;
  end: number;
  value: string;
  /** For person/place: whether the name is on the person's list (people.json). */
  onList?: boolean;
}

/** The person's own list, as `confidant people add` would hold it. */
const LISTED = [
  { name: 'Anna Berg', kind: 'person', aliases: ['Anna', 'Annie'] },
  { name: 'Tomasz Nowak', kind: 'person', aliases: ['Tomasz', 'Tom'] },
  { name: 'Margaret Olsen', kind: 'person', aliases: ['Mags', 'Maggie'] },
  { name: 'Dev Raman', kind: 'person', aliases: ['Dev'] },
  { name: 'Lucía Ferreira', kind: 'person', aliases: ['Lucía', 'Lu'] },
  { name: 'Kwame Mensah', kind: 'person', aliases: ['Kwame', 'Kwams'] },
  { name: 'Ingrid Solberg', kind: 'person', aliases: ['Ingrid', 'Inge'] },
  { name: 'Hamish', kind: 'person', aliases: ['Hamo'] },
  { name: 'Dr. Whitlock', kind: 'person', aliases: ['Whitlock'] },
  { name: 'Bex', kind: 'person', aliases: ['Rebecca Hale', 'Becky'] },
  { name: 'Kestrel Bay', kind: 'place', aliases: ['the Bay cottage'] },
  { name: 'Millbrook', kind: 'place', aliases: ['Millbrook Farm'] },
  { name: 'Harrow Lane Clinic', kind: 'place', aliases: ['the clinic on Harrow Lane'] },
] as const;

const OTHER_FIRST = [
  'Siobhan', 'Oluwaseun', 'Mateusz', 'Xiaoming', 'Thandiwe', 'Priya', 'Yusuf', 'Agnieszka', 'Rafael', 'Chiara',
  'Dmitri', 'Ngozi', 'Henrik', 'Aoife', 'Kenji', 'Fatima', 'Lars', 'Mei', 'Santiago', 'Zainab', 'Elliot', 'Greta',
  'Tariq', 'Ottilie', 'Bogdan', 'Hiroshi', 'Camille', 'Emeka', 'Saoirse', 'Joaquín', 'Leona', 'Ravi', 'Isolde',
  'Marcus', 'Jenny', 'Paul', 'Sarah', 'David', 'Helen', 'Omar', 'Nadia', 'Felix', 'Clara', 'Victor', 'Ruth',
];
const OTHER_LAST = [
  'Okafor', 'Kowalczyk', 'Brennan', 'Takahashi', 'Dlamini', 'Haddad', 'Lindqvist', 'Moreau', 'Castellano',
  'Abernethy', 'Nakamura', 'Petrov', 'Adeyemi', 'Fitzgerald', 'Varga', 'Oyelaran', 'Sørensen', 'Quispe', 'Whitfield',
];
const OTHER_PLACES = ['Lisbon', 'Osaka', 'Nairobi', 'Portland', 'Edinburgh', 'Krakow', 'Valparaíso', 'Tromsø', 'Marrakesh', 'Hobart', 'Leeds', 'Ghent', 'Montreal', 'Seville', 'Bergen'];
const STREETS = ['Elm', 'Harbour', 'Oak', 'Maple', 'Station', 'Church', 'Willow', 'Kings', 'Mill', 'Cedar', 'Victoria', 'Orchard'];
const STREET_WORDS = ['Street', 'Road', 'Avenue', 'Lane', 'Drive', 'Close', 'Way', 'Terrace', 'St', 'Rd', 'Ave'];
const CITIES = ['Springfield', 'Bristol', 'Dayton', 'Norwich', 'Fresno', 'Galway', 'Leeds'];
const DOMAINS = ['example.com', 'mailbox.test', 'posteo.example', 'uni-example.edu', 'fastmail.example.org'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const FILLER = [
  'Woke up early and made coffee before anyone else was up.',
  'The rain did not stop all day, so I stayed in and read.',
  'Felt tired but oddly content this evening.',
  'I keep meaning to write more often and then the week disappears.',
  'Work was a blur of meetings; nothing worth remembering.',
  'Went for a long walk along the river after dinner.',
  'Cooked the lentil soup again, this time with too much cumin.',
  'Slept badly. The neighbours had a party until two.',
  'Finished the novel. The ending was softer than I expected.',
  'I am trying to be kinder to myself about the small things.',
  'The garden needs weeding and the shed door is stuck again.',
  'Monday was grey and the train was late, as usual.',
  'Spotify played the same three songs all afternoon.',
  'Christmas plans are getting complicated this year.',
  'Watched something forgettable on Netflix and went to bed.',
  'My English essay is still only half written.',
  'Note to self: drink more water, sleep before midnight.',
  'The cat knocked a mug off the desk and looked proud of it.',
  'Bought bread, oranges and far too much cheese.',
  'Yesterday felt long; today felt short.',
];

class EntryBuilder {
  text = '';
  labels: Label[] = [];
  add(fragment: string): this {
    this.text += fragment;
    return this;
  }
  pii(kind: string, value: string, onList?: boolean): this {
    const start = this.text.length;
    this.text += value;
    const label: Label = { kind, start, end: this.text.length, value };
    if (onList !== undefined) label.onList = onList;
    this.labels.push(label);
    return this;
  }
}

function fakeEmail(): string {
  const first = pick([...OTHER_FIRST, 'anna', 'tom']).toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  const style = int(0, 2);
  const local = style === 0 ? `${first}.${pick(OTHER_LAST).toLowerCase().replace(/[^a-z]/g, '')}` : style === 1 ? `${first}${int(1, 99)}` : `${first}_${digits(3)}`;
  return `${local}@${pick(DOMAINS)}`;
}

function fakePhone(): string {
  for (;;) {
    const form = int(0, 7);
    let value: string;
    let region: 'US' | 'GB' | 'FR' | 'DE' | undefined;
    if (form === 0) { value = `(${pick(['212', '415', '617', '312', '503'])}) ${int(200, 989)}-${digits(4)}`; region = 'US'; }
    else if (form === 1) { value = `${pick(['212', '415', '617', '312'])}-${int(200, 989)}-${digits(4)}`; region = 'US'; }
    else if (form === 2) value = `+1 ${pick(['212', '415', '617'])} ${int(200, 989)} ${digits(4)}`;
    else if (form === 3) value = `+44 20 7${digits(3)} ${digits(4)}`;
    else if (form === 4) { value = `020 7${digits(3)} ${digits(4)}`; region = 'GB'; }
    else if (form === 5) value = `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`;
    else if (form === 6) { value = `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`; region = 'FR'; }
    else value = `+49 30 ${digits(7)}`;
    // Only numbers that a real numbering plan accepts count as planted phone numbers.
    if (parsePhoneNumberFromString(value, region)?.isValid()) return value;
  }
}

function luhnComplete(partial: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = partial + String(check);
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function fakeCard(): string {
  const kind = int(0, 2);
  if (kind === 2) {
    const n = luhnComplete(`37${digits(12)}`);
    return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
  }
  const n = luhnComplete(kind === 0 ? `4${digits(14)}` : `5${int(1, 5)}${digits(13)}`);
  const sep = pick([' ', '-', '']);
  return [n.slice(0, 4), n.slice(4, 8), n.slice(8, 12), n.slice(12)].join(sep);
}

function fakeIban(): string {
  const [country, bban] = pick([
    ['DE', digits(18)],
    ['GB', `NWBK${digits(14)}`],
    ['NL', `ABNA${digits(10)}`],
    ['FR', `${digits(10)}${digits(11)}${digits(2)}`],
  ] as const);
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  const iban = `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
  return random() < 0.7 ? iban.replace(/(.{4})/g, '$1 ').trim() : iban;
}

function fakeSsn(): string {
  return `${int(1, 665)}`.padStart(3, '0') + `-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`;
}

function fakeAddress(): string {
  const form = int(0, 3);
  const street = `${int(1, 2400)}${random() < 0.15 ? 'B' : ''} ${pick(STREETS)} ${pick(STREET_WORDS)}`;
  if (form === 0) return street;
  if (form === 1) return `${street}, ${pick(['Apt', 'Flat', 'Unit'])} ${int(1, 40)}, ${pick(CITIES)}`;
  if (form === 2) return `${street}, ${pick(CITIES)}, ${pick(['IL', 'OH', 'CA', 'MA'])} ${digits(5)}`;
  return `${pick(['Linden', 'Rosen', 'Berg', 'Garten'])}${pick(['straße', 'weg', 'gasse'])} ${int(1, 120)}, ${int(10000, 99999)} Berlin`;
}

function fakeDate(): string {
  const year = int(1950, 2005);
  const month = int(1, 12);
  const day = int(1, 28);
  const form = int(0, 3);
  if (form === 0) return `${MONTHS[month - 1]} ${day}, ${year}`;
  if (form === 1) return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (form === 2) return `${day} ${MONTHS[month - 1]} ${year}`;
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

const listedAlias = (kind: 'person' | 'place'): string => {
  const entry = pick(LISTED.filter((l) => l.kind === kind));
  const alias = pick([entry.name, ...entry.aliases]);
  // Any case: lower-case and shouted mentions must be found too.
  const r = random();
  return r < 0.1 ? alias.toLowerCase() : r < 0.15 ? alias.toUpperCase() : alias;
};
const otherPerson = (): string => (random() < 0.4 ? `${pick(OTHER_FIRST)} ${pick(OTHER_LAST)}` : pick(OTHER_FIRST));

type Planter = (b: EntryBuilder) => void;
const PLANTERS: Record<string, Planter> = {
  email: (b) => b.add(pick(['Her new email is ', 'Wrote to ', 'Got a reply from ', 'Note: contact '])).pii('email', fakeEmail()).add(pick(['.', ' about the flat.', ' tonight.'])),
  phone: (b) => b.add(pick(['Called the landlord on ', 'His number is ', 'New mobile: ', 'Rang the surgery at '])).pii('phone', fakePhone()).add(pick(['.', ' but nobody answered.', ' after lunch.'])),
  url: (b) => b.add(pick(['Saved the recipe from ', 'Read ', 'The photos are at '])).pii('url', random() < 0.8 ? `https://${pick(['blog', 'photos', 'www'])}.${pick(DOMAINS)}/${pick(['p', 'album', '2021'])}/${digits(4)}` : `www.${pick(['ourtrip', 'annasbakes', 'cabin-notes'])}.com`).add(pick(['.', ' again.', ' before bed.'])),
  ip: (b) => b.add(pick(['The router kept handing out ', 'Logged into the NAS at ', 'The VPN shows '])).pii('ip', random() < 0.75 ? `${int(10, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}` : `2001:db8:${digits(2)}a1::${int(1, 9)}f${int(1, 9)}`).add(pick(['.', ' as my address.', ' again.'])),
  card: (b) => b.add(pick(['Paid the deposit with card ', 'The new card number is ', 'Cancelled card '])).pii('card', fakeCard()).add(pick(['.', ' after the fraud call.', ' (expires soon).'])),
  iban: (b) => b.add(pick(['Rent goes to ', 'Sent the money to IBAN ', 'Their account: '])).pii('iban', fakeIban()).add(pick(['.', ' every month.', ' on Friday.'])),
  ssn: (b) => b.add(pick(['Filled in the form with my SSN ', 'Social security number: ', 'Copied down the number '])).pii('ssn', fakeSsn()).add(pick(['.', ' for the tax office.', ' again.'])),
  address: (b) => b.add(pick(['We finally moved into ', 'The party is at ', 'Dropped the keys at ', 'Her new place is '])).pii('address', fakeAddress()).add(pick(['.', ' on Saturday.', ' and it smells of paint.'])),
  dob: (b) => {
    const form = int(0, 2);
    if (form === 0) b.add(pick(['Mum was born on ', 'He was born ', 'The baby was born on '])).pii('dob', fakeDate()).add('.');
    else if (form === 1) b.add('The form wanted my DOB: ').pii('dob', fakeDate()).add(', so I wrote it in.');
    else b.add(pick(["Don't forget: her birthday is ", 'Birthday reminder for '])).pii('dob', `${int(1, 28)} ${pick(MONTHS)}`).add('.');
  },
  listedPerson: (b) => {
    const form = int(0, 4);
    if (form === 0) b.add('Had lunch with ').pii('person', listedAlias('person'), true).add(' and talked for hours.');
    else if (form === 1) b.pii('person', listedAlias('person'), true).add(pick([' called about the weekend.', ' says hello.', ' was in a mood today.']));
    else if (form === 2) { b.add('Borrowed '); b.pii('person', listedAlias('person'), true).add("'s bike again."); }
    else if (form === 3) b.add('Thinking about ').pii('person', listedAlias('person'), true).add(' a lot lately.');
    else b.add('Told ').pii('person', listedAlias('person'), true).add(' I would be late.');
  },
  listedPlace: (b) => b.add(pick(['Drove out to ', 'Spent the weekend at ', 'Back from '])).pii('place', listedAlias('place'), true).add(pick(['.', ' with the dog.', ', exhausted.'])),
  otherPerson: (b) => {
    const form = int(0, 6);
    const name = otherPerson();
    if (form === 0) b.add('Had coffee with ').pii('person', name, false).add(' from work.');
    else if (form === 1) b.pii('person', name, false).add(pick([' said the meeting moved to Thursday.', ' texted me at midnight.', ' brought cake for everyone.']));
    else if (form === 2) b.add('Ran into ').pii('person', name, false).add(' at the market.');
    else if (form === 3) b.add('Dr. ').pii('person', pick(OTHER_LAST), false).add(' changed my prescription.');
    else if (form === 4) { b.add('Borrowed '); b.pii('person', name, false).add("'s umbrella."); }
    else if (form === 5) b.add('My neighbour ').pii('person', name, false).add(' fixed the fence.');
    else b.add('Went to the gig with ').pii('person', name, false).add(' and got home late.');
  },
  otherPlace: (b) => b.add(pick(['Flights to ', 'Dreaming of a trip to ', 'My sister lives in '])).pii('place', pick(OTHER_PLACES), false).add(pick([' are cheap in March.', ' again.', ' now.'])),
};

const LOOKALIKES: readonly (() => string)[] = [
  () => `Order #${digits(10)} finally shipped.`,
  () => `Tracking number 1Z${digits(3)}AA${digits(10)} says Tuesday.`,
  () => `Updated the laptop to version ${int(1, 15)}.${int(0, 9)}.${int(0, 30)}.${int(1, 200)}, which broke the printer.`,
  () => `Installed v${int(1, 4)}.${int(0, 20)}.${int(0, 9)} of the app.`,
  () => `ISBN 978-${int(0, 9)}-${digits(2)}-${digits(6)}-${int(0, 9)} for the book club.`,
  () => `Invoice ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} is overdue.`,
  () => `Meeting on 2023-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')} at ${int(8, 18)}:${pick(['00', '15', '30', '45'])}.`,
  () => `Paid $${int(1, 9)},${digits(3)}.${digits(2)} for the repairs.`,
  () => `The score was ${int(0, 5)}-${int(0, 5)} and nobody cared.`,
  () => `Room ${int(100, 999)}, building ${int(1, 9)}.`,
  () => `Ran ${int(3, 21)}.${int(0, 9)} km in ${int(20, 59)}:${digits(2)}.`,
  () => `Booking reference ${digits(6)}${digits(6)} confirmed.`,
  () => `Lottery numbers: ${int(1, 9)} ${int(10, 19)} ${int(20, 29)} ${int(30, 39)} ${int(40, 49)} ${int(50, 59)}.`,
  () => `Build ${int(1000, 9999)}.${int(10000, 99999)} crashed twice.`,
];

function buildEntry(index: number): { key: string; date: string; title: string; tags: string[]; folder: string; text: string; labels: Label[] } {
  const b = new EntryBuilder();
  const date = `20${String(int(15, 25)).padStart(2, '0')}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
  const kinds = Object.keys(PLANTERS);
  // Every kind appears in the corpus many times: cycle through them, then add random extras.
  const planted = [kinds[index % kinds.length] as string, ...Array.from({ length: int(1, 3) }, () => pick(kinds))];
  const sentences: (() => void)[] = [
    ...planted.map((k) => () => PLANTERS[k]?.(b)),
    ...Array.from({ length: int(2, 5) }, () => () => b.add(pick(FILLER))),
    ...Array.from({ length: int(0, 2) }, () => () => b.add(pick(LOOKALIKES)())),
  ];
  sentences.sort(() => random() - 0.5);
  sentences.forEach((write, i) => {
    if (i > 0) b.add(random() < 0.25 ? '\n\n' : ' ');
    write();
  });
  const folder = pick(['daily', 'daily', 'travel', 'work']);
  return {
    key: `${folder}/${date}-${String(index).padStart(3, '0')}.md`,
    date,
    title: `Entry ${index}`,
    tags: random() < 0.3 ? [pick(['health', 'family', 'money', 'work'])] : [],
    folder,
    text: b.text,
    labels: b.labels,
  };
}

function main(): void {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const lines = Array.from({ length: ENTRY_COUNT }, (_, i) => JSON.stringify(buildEntry(i)));
  fs.writeFileSync(path.join(OUT_DIR, 'entries.jsonl'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(OUT_DIR, 'people.json'), `${JSON.stringify(LISTED, null, 2)}\n`);
  process.stdout.write(`Wrote ${ENTRY_COUNT} entries to ${path.relative(process.cwd(), OUT_DIR)}\n`);
}

main();
