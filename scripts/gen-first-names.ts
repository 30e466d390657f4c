/**
 * Writes the first names of faker's locales (60+ languages) as one sorted list, so the app ships
 * 24,000 names instead of importing all of faker's locale data (about 40 MB of memory and 0.3 s in
 * every process that opens the core). faker (MIT) stays a dev dependency; a test checks that the
 * committed list is what this script writes from the installed faker.
 *
 *   npx tsx scripts/gen-first-names.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allLocales } from '@faker-js/faker';

export const FIRST_NAMES_FILE = path.join(import.meta.dirname, '..', 'electron', 'core', 'privacy', 'detectors', 'world-first-names.json');

/** faker's locale definitions are plain data; read the first-name lists without trusting their shape. */
export function readFakerFirstNames(): string[] {
  const names = new Set<string>();
  for (const definition of Object.values(allLocales)) {
    const person: unknown = Reflect.get(definition, 'person');
    const firstName: unknown = typeof person === 'object' && person !== null ? Reflect.get(person, 'first_name') : undefined;
    if (typeof firstName !== 'object' || firstName === null) continue;
    for (const list of Object.values(firstName)) {
      if (!Array.isArray(list)) continue;
      for (const name of list) if (typeof name === 'string' && /^\p{L}[\p{L}\p{M}'’-]{1,30}$/u.test(name)) names.add(name.toLowerCase());
    }
  }
  return [...names].sort();
}

export function renderFirstNames(names: string[]): string {
  return `${JSON.stringify(names)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = readFakerFirstNames();
  fs.writeFileSync(FIRST_NAMES_FILE, renderFirstNames(names));
  console.log(`${names.length} first names -> ${path.relative(process.cwd(), FIRST_NAMES_FILE)}`);
}
