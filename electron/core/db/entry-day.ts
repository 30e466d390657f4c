/**
 * The calendar day an entry was written on, where it was written, as SQL over the `entry` table:
 * the importer's local day, else the stored instant's own day for a dated entry that an older
 * importer read. An undated note (its only date is the file's mtime) has no day. Everything the
 * person sees or trains on (dataset prompts, the review preview, date rules, chat citations) uses
 * this one expression, so they agree.
 */
export function entryDaySql(alias: string): string {
  return `coalesce(${alias}.local_day, CASE WHEN ${alias}.created_from IS NOT 'mtime' THEN substr(${alias}.created_at, 1, 10) END)`;
}
