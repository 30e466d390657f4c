import type { Db } from '../db/index.ts';

/**
 * Called by the library when an entry's stable key changes (a file renamed with the same content),
 * so the person's decisions follow the entry. Decisions are keyed by (source path, entry key).
 *
 * INTERIM (issue #4 fills the body once decision tables exist): there is nothing to move yet.
 */
export function rekeyDecisions(_db: Db, _sourcePath: string, _oldKey: string, _newKey: string): void {}
