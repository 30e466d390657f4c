import type { Db } from '../db/index.ts';

/**
 * What the model may see of one entry: whether it is included, and its text with every redaction
 * applied. The dataset builder and grounded chat read entries ONLY through this function, so the
 * privacy promise (design.md, promise 2) is kept in one place.
 *
 * INTERIM (issue #4 replaces the body): no decisions exist yet, so every present entry is
 * included unchanged. The signature is the contract other domains code against.
 */
export interface TrainingView {
  entryId: number;
  included: boolean;
  /** The text with redactions applied; empty when not included. */
  text: string;
}

export function getTrainingView(db: Db, entryId: number): TrainingView {
  const row = db.prepare('SELECT text, removed FROM entry WHERE id = ?').get(entryId) as { text: string; removed: number } | undefined;
  if (!row || row.removed) return { entryId, included: false, text: '' };
  return { entryId, included: true, text: row.text };
}
