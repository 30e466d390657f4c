import type { Db } from '../db/index.ts';
import { entryVerdict, findingActions, readFindings } from './decisions.ts';
import type { FindingKind } from './kinds.ts';
import { listRules, matchRules } from './rules.ts';
import { scanEntries } from './scan.ts';
import { listKindPolicies, readEntries } from './store.ts';
import { readValueDecisions } from './values.ts';

export interface QueueItem {
  entryId: number;
  title: string;
  createdAt: string | null;
  sourcePath: string;
  key: string;
  risk: number;
  findingCounts: Partial<Record<FindingKind, number>>;
  included: boolean;
  reviewed: boolean;
  /** Finding decisions whose text left the entry, or an edit since the person reviewed it. */
  flagged: number;
  changedSinceReview: boolean;
  /** Findings below the confidence at which defaults apply that nobody has decided yet. */
  toReview: number;
}

export interface Queue {
  items: QueueItem[];
  /** Entries matching the filter. */
  total: number;
  /** Present entries the person has reviewed, and all present entries: "412 of 1,204 reviewed". */
  reviewed: number;
  totalEntries: number;
}

export type QueueFilter = 'all' | 'unreviewed' | 'flagged';

interface QueueRow {
  entryId: number; title: string; createdAt: string | null; sourcePath: string; key: string; textHash: string;
  risk: number; reviewedAt: string | null; reviewedHash: string | null; flagged: number;
}

/**
 * The review queue, riskiest first: entries whose decisions need another look (their text
 * changed), then unreviewed entries by risk (how many findings, weighted by how sensitive each
 * kind is), then reviewed ones. Scans whatever is stale first, so the order reflects the text.
 */
export function getQueue(db: Db, options: { filter?: QueueFilter; offset?: number; limit?: number } = {}): Queue {
  scanEntries(db);
  const filter = options.filter ?? 'all';
  const rows = db.prepare(`
    SELECT e.id AS entryId, e.title, e.created_at AS createdAt, s.path AS sourcePath, e.key, e.text_hash AS textHash,
           COALESCE(sc.risk, 0) AS risk, ed.reviewed_at AS reviewedAt, ed.reviewed_hash AS reviewedHash,
           (SELECT count(*) FROM finding_decision fd WHERE fd.source_path = s.path AND fd.entry_key = e.key AND fd.needs_review = 1) AS flagged
    FROM entry e JOIN source s ON s.id = e.source_id
    LEFT JOIN entry_scan sc ON sc.entry_id = e.id
    LEFT JOIN entry_decision ed ON ed.source_path = s.path AND ed.entry_key = e.key
    WHERE e.removed = 0`).all() as QueueRow[];
  const needsLook = (r: QueueRow) => r.flagged > 0 || (r.reviewedAt !== null && r.reviewedHash !== r.textHash);
  const rank = (r: QueueRow) => (needsLook(r) ? 0 : r.reviewedAt === null ? 1 : 2);
  rows.sort((a, b) => rank(a) - rank(b) || b.risk - a.risk || a.entryId - b.entryId);
  const reviewed = rows.filter((r) => r.reviewedAt !== null).length;
  const filtered = rows.filter((r) => (filter === 'all' ? true : filter === 'unreviewed' ? r.reviewedAt === null : needsLook(r)));
  const offset = options.offset ?? 0;
  const page = filtered.slice(offset, offset + (options.limit ?? 100));
  const counts = db.prepare('SELECT kind, count(*) AS n FROM finding WHERE entry_id = ? GROUP BY kind');
  const rules = listRules(db);
  const entries = readEntries(db, page.map((r) => r.entryId));
  const hits = matchRules(db, rules, entries);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const policies = listKindPolicies(db);
  const values = readValueDecisions(db);
  const items = page.map((r): QueueItem => {
    const entry = byId.get(r.entryId);
    const findingCounts = Object.fromEntries((counts.all(r.entryId) as { kind: FindingKind; n: number }[]).map((c) => [c.kind, c.n]));
    return {
      entryId: r.entryId, title: r.title, createdAt: r.createdAt, sourcePath: r.sourcePath, key: r.key,
      risk: Math.round(r.risk * 10) / 10, findingCounts,
      included: entry ? entryVerdict(db, entry, rules, hits).included : false,
      reviewed: r.reviewedAt !== null, flagged: r.flagged, changedSinceReview: r.reviewedAt !== null && r.reviewedHash !== r.textHash,
      toReview: entry ? findingActions(db, entry, readFindings(db, entry.id), policies, values).filter((f) => f.toReview && f.field !== 'path').length : 0,
    };
  });
  return { items, total: filtered.length, reviewed, totalEntries: rows.length };
}
