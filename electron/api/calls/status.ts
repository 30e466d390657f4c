import { z } from 'zod';
import { defineCall } from '../define.ts';

export const GpuInfo = z.object({
  name: z.string(),
  memoryTotalMb: z.number(),
  memoryFreeMb: z.number(),
  driverVersion: z.string(),
});

export const TrainerEnvState = z.object({
  state: z.enum(['not_set_up', 'ready', 'broken']),
  pythonPath: z.string().nullable(),
  detail: z.string(),
});

export const StatusInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  trainer: TrainerEnvState,
  gpus: z.array(GpuInfo),
  gpuDetail: z.string().describe('How GPUs were looked for, or why none were found'),
  chatBackend: z.object({ available: z.array(z.string()), detail: z.string() }),
});
export type StatusInfo = z.infer<typeof StatusInfo>;

export const statusCalls = {
  /** Where the data lives, the database schema, the trainer environment, GPUs and chat backends. */
  'status.get': defineCall({
    summary: 'Data directory, database schema version, trainer environment, GPUs and chat backend',
    input: z.object({}).strict(),
    output: StatusInfo,
  }),
};
