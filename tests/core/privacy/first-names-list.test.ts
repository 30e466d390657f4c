import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIRST_NAMES_FILE, readFakerFirstNames, renderFirstNames } from '../../../scripts/gen-first-names.ts';
import { isKnownFirstName } from '../../../electron/core/privacy/detectors/lexicon.ts';

describe('the shipped list of first names of many languages', () => {
  it('is exactly what scripts/gen-first-names.ts writes from the installed faker (rerun the script after upgrading faker)', () => {
    expect(fs.readFileSync(FIRST_NAMES_FILE, 'utf8')).toBe(renderFirstNames(readFakerFirstNames()));
  });

  it('makes names from other languages known, with and without their accents', () => {
    for (const name of ['Tomasz', 'Oluwaseun', 'Zeynep', 'Björn', 'bjorn', 'Małgorzata']) expect(isKnownFirstName(name), name).toBe(true);
    expect(isKnownFirstName('Tuesday')).toBe(false);
  });
});
