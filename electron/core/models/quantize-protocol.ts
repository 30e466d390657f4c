import { z } from 'zod';

/** What quantize.ts asks of quantize-worker.ts (one JSON argument). */
export const WorkerRequest = z.object({
  llama: z.string(),
  ggml: z.string(),
  binsDir: z.string(),
  input: z.string(),
  output: z.string(),
  ftype: z.number().int().nonnegative(),
  threads: z.number().int().positive(),
});
export type WorkerRequest = z.infer<typeof WorkerRequest>;

/** What the worker says back, one JSON object per stdout line. */
export const WorkerMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), done: z.number().int(), total: z.number().int(), tensor: z.string() }),
  z.object({ kind: z.literal('log'), level: z.enum(['warn', 'error']), text: z.string() }),
  z.object({ kind: z.literal('done'), code: z.number().int() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
