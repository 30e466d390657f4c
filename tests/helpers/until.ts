/**
 * Polls `fn` every 50 ms until it returns something truthy, and returns that; fails naming `what`
 * after `timeoutMs`. For what the watcher does on its own time (a loaded 2-core CI is slow).
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
