import { z } from 'zod';
import { TrainerEvent } from './trainer-events.ts';
import { IndexProgress, WatchState } from './calls/library.ts';

/** Every event the core may push to a front door, by name. */
export const eventSchemas = {
  /** One line the trainer wrote, as stored, for the run it belongs to. */
  'training.event': z.object({ runId: z.string(), seq: z.number().int(), event: TrainerEvent }),
  /** How far indexing of one source has got (scanning, then files done of total). */
  'library.indexProgress': IndexProgress,
  /** A source's watcher started, stopped, or fell back to periodic scanning (with the warning). */
  'library.watchState': WatchState.extend({ sourceId: z.number().int() }),
  /** Something the person should know about that is not the answer to a call (a watcher failing, say). */
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
} as const;
