import { z } from 'zod';

/** What gpu-probe.ts asks of gpu-probe-worker.ts (one JSON argument). */
export const ProbeRequest = z.object({
  /** The backend to try; `false` runs the same test on the CPU (used to check the probe itself). */
  gpu: z.union([z.enum(['cuda', 'vulkan', 'metal']), z.literal(false)]),
  modelPath: z.string(),
  /** Layers to offload: a few are enough to run every kind of kernel the model needs. */
  gpuLayers: z.number().int().nonnegative(),
});
export type ProbeRequest = z.infer<typeof ProbeRequest>;

/** The worker's one line on stdout. */
export const ProbeReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), backend: z.string(), devices: z.array(z.string()), tokens: z.number().int() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ProbeReply = z.infer<typeof ProbeReply>;
