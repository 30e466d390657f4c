/** Numbers and durations as the Dataset screen shows them. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) {
    const n = Math.max(1, Math.round(seconds));
    return n === 1 ? 'a second' : `${n} seconds`;
  }
  if (seconds < 5400) return `${Math.round(seconds / 60)} minutes`;
  return `${(seconds / 3600).toFixed(1)} hours`;
}
