/**
 * Which llama.cpp backends node-llama-cpp can use here. Loading a backend is slow and
 * memory-hungry, so status only asks which prebuilt binaries could work, never loads a model.
 */
export async function detectChatBackends(): Promise<{ available: string[]; detail: string }> {
  try {
    const { getLlamaGpuTypes } = await import('node-llama-cpp');
    const types = await getLlamaGpuTypes('supported');
    const available = ['cpu', ...types.filter((t): t is Exclude<typeof t, false> => t !== false)];
    return { available, detail: `node-llama-cpp can use: ${available.join(', ')}` };
  } catch (error) {
    return { available: [], detail: `node-llama-cpp could not be loaded: ${(error as Error).message}` };
  }
}
