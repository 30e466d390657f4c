/**
 * Which llama.cpp backends node-llama-cpp has binaries for here. Loading a backend is slow and
 * memory-hungry, so status never loads a model; chat tests a GPU backend with the first model it
 * loads (chat/gpu-probe.ts), since a binary that loads may still fail at its first kernel.
 */
export async function detectChatBackends(): Promise<{ available: string[]; detail: string }> {
  try {
    const { getLlamaGpuTypes } = await import('node-llama-cpp');
    const types = await getLlamaGpuTypes('supported');
    const available = ['cpu', ...types.filter((t): t is Exclude<typeof t, false> => t !== false)];
    return { available, detail: `node-llama-cpp has binaries for: ${available.join(', ')} (chat tests a GPU backend with the first model it loads)` };
  } catch (error) {
    return { available: [], detail: `node-llama-cpp could not be loaded: ${(error as Error).message}` };
  }
}
