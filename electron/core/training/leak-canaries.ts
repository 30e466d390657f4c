import type { Db } from '../db/index.ts';
import { findingActions, readFindings } from '../privacy/decisions.ts';

/**
 * Canaries for the leak check: values the person chose to redact, of kinds made of digits and
 * separators only (phone, card, SSN), so the evaluator can make random look-alikes of the same shape
 * and its report names only that shape ("+{d}{d} {d}{d}{d}..."), never the value. The values reach the
 * trainer on stdin only: never a file, a config on disk, a log or an event (privacy promise 2).
 */
const DIGIT_KINDS = ['phone', 'card', 'ssn'] as const;
const MAX_CANARIES = 20;

export function redactedDigitCanaries(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT e.id AS id, s.path AS sourcePath, e.key AS key
       FROM finding f JOIN entry e ON e.id = f.entry_id JOIN source s ON s.id = e.source_id
       WHERE f.kind IN (${DIGIT_KINDS.map(() => '?').join(', ')}) AND e.removed = 0`,
    )
    .all(...DIGIT_KINDS) as { id: number; sourcePath: string; key: string }[];
  const values = new Set<string>();
  for (const row of rows) {
    for (const finding of findingActions(db, row, readFindings(db, row.id))) {
      if ((DIGIT_KINDS as readonly string[]).includes(finding.kind) && finding.action === 'redact' && /^[\d\s+().-]+$/.test(finding.value)) {
        values.add(finding.value);
      }
      if (values.size >= MAX_CANARIES) return [...values];
    }
  }
  return [...values];
}

/** Exposure "at chance": no canary ranks higher than random look-alikes would by luck (Bonferroni over canaries). */
export function isAtChance(maxExposureBits: number, canaries: number): boolean {
  return maxExposureBits <= 3 + Math.log2(Math.max(1, canaries));
}
