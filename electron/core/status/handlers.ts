import type { HandlersOf } from '../handler-types.ts';
import type { statusCalls } from '../../api/calls/status.ts';
import { currentSchemaVersion } from '../db/index.ts';
import { APP_VERSION } from '../version.ts';
import { detectGpus } from './gpus.ts';
import { detectChatBackends } from './chat-backends.ts';
import { readTrainerEnvState } from './trainer-env.ts';

export const statusHandlers: HandlersOf<typeof statusCalls> = {
  'status.get': async (_input, ctx) => {
    const [gpus, chatBackend] = await Promise.all([detectGpus(), detectChatBackends()]);
    return {
      version: APP_VERSION,
      dataDir: ctx.paths.root,
      databasePath: ctx.paths.database,
      schemaVersion: currentSchemaVersion(ctx.db),
      trainer: readTrainerEnvState(ctx.paths),
      gpus: gpus.gpus,
      gpuDetail: gpus.detail,
      chatBackend,
    };
  },
};
