import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { toPhoneRegions } from './detectors/index.ts';

/**
 * The countries whose national phone formats the person writes: a diary kept in Oslo has
 * "412 34 567", one kept in Madrid "912 345 678", with no country code and no trunk 0. Those
 * shapes are only tried (and validated by libphonenumber) for these regions. Until the person
 * sets them, the region of the operating system's locale is used. Kept in app_meta: one small
 * setting needs no table of its own.
 */
const KEY = 'privacy.home_regions';

export interface HomeRegions {
  regions: string[];
  /** True while the person has not chosen: the regions come from the OS locale. */
  isDefault: boolean;
}

/** The region of the OS locale ("nb_NO.UTF-8" -> NO, "en-GB" -> GB, bare "en" -> its likely region, US). */
export function localeRegion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.LC_ALL || env.LC_TELEPHONE || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  const tag = raw.split('.')[0]?.replace('_', '-') ?? '';
  if (tag === '' || tag === 'C' || tag === 'POSIX') return undefined;
  try {
    const region = new Intl.Locale(tag).maximize().region;
    return region && toPhoneRegions([region]).length === 1 ? region : undefined;
  } catch {
    return undefined;
  }
}

export function readHomeRegions(db: Db): HomeRegions {
  const stored = db.prepare('SELECT value FROM app_meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (stored !== undefined) {
    const parsed: unknown = JSON.parse(stored);
    if (Array.isArray(parsed)) return { regions: toPhoneRegions(parsed.filter((c): c is string => typeof c === 'string')), isDefault: false };
  }
  const region = localeRegion();
  return { regions: region ? [region] : [], isDefault: true };
}

/** Sets the home regions (ISO 3166 alpha-2 codes, any case); an unknown code is refused by name. */
export function setHomeRegions(db: Db, codes: readonly string[]): HomeRegions {
  const cleaned = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0))];
  const unknown = cleaned.filter((c) => toPhoneRegions([c]).length === 0);
  if (unknown.length > 0) {
    throw new ConfidantError('invalid_input', `Unknown region ${unknown.map((c) => `"${c}"`).join(', ')}: give two-letter country codes such as NO, ES, IN or GB.`);
  }
  db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(cleaned));
  return { regions: cleaned, isDefault: false };
}
