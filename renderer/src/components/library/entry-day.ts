
/**
 * The day an entry was written, where it was written (a Day One entry from Sydney keeps its
 * Sydney morning). A note with no date of its own is not an entry of the day its file was saved.
 */
export function entryDayLabel(entry: { localDay: string | null; createdAt: string | null }): string {
  if (entry.localDay) return entry.localDay;
  return entry.createdAt ? `undated (file modified ${entry.createdAt.slice(0, 10)})` : 'undated';
}
