import type { Db } from '../db/index.ts';

/**
 * Called by the library when an entry's stable key changes (a file renamed with the same content),
 * so the person's decisions follow the entry. Decisions are keyed by (source path, entry key).
 * Decisions already stored under the new key belong to a file that no longer has that name, so
 * the renamed entry's decisions replace them.
 */
export function rekeyDecisions(db: Db, sourcePath: string, oldKey: string, newKey: string): void {
  if (oldKey === newKey) return;
  db.transaction(() => {
    const hasOld = db.prepare('SELECT 1 FROM entry_decision WHERE source_path = ? AND entry_key = ?').get(sourcePath, oldKey) !== undefined;
    if (hasOld) {
      db.prepare('DELETE FROM entry_decision WHERE source_path = ? AND entry_key = ?').run(sourcePath, newKey);
      db.prepare('UPDATE entry_decision SET entry_key = ? WHERE source_path = ? AND entry_key = ?').run(newKey, sourcePath, oldKey);
    }
    const hasOldFindings = db.prepare('SELECT 1 FROM finding_decision WHERE source_path = ? AND entry_key = ?').get(sourcePath, oldKey) !== undefined;
    if (hasOldFindings) {
      db.prepare('DELETE FROM finding_decision WHERE source_path = ? AND entry_key = ?').run(sourcePath, newKey);
      db.prepare('UPDATE finding_decision SET entry_key = ? WHERE source_path = ? AND entry_key = ?').run(newKey, sourcePath, oldKey);
    }
  })();
}
