import { z } from 'zod';
import { TrainerEvent } from './trainer-events.ts';
import { IndexProgress, WatchState } from './calls/library.ts';

/** Every event the core may push to a front door, by name. */
export const eventSchemas = {
  /** One line the trainer wrote, as stored, for the run it belongs to. */
  'training.event': z.object({ runId: z.string(), seq: z.number().int(), event: TrainerEvent }),
  /** Progress of the trainer environment setup, one step (and one line of tool output) at a time. */
  'training.setup': z.object({
    step: z.string(),
    status: z.enum(['running', 'done', 'failed', 'skipped']),
    message: z.string(),
    line: z.string().optional(),
  }),
  /** How far indexing of one source has got (scanning, then files done of total). */
  'library.indexProgress': IndexProgress,
  /** A source's watcher started, stopped, or fell back to periodic scanning (with the warning). */
  'library.watchState': WatchState.extend({ sourceId: z.number().int() }),
  /** A piece of an answer as the model writes it. */
  'chat.token': z.object({ sessionId: z.number().int(), messageId: z.number().int(), text: z.string() }),
  /** An answer ended: finished (EOS or token limit), stopped by the person, or failed. */
  'chat.done': z.object({
    sessionId: z.number().int(),
    messageId: z.number().int(),
    status: z.enum(['done', 'stopped', 'error']),
    stopReason: z.string(),
    text: z.string(),
    tokenCount: z.number().int(),
  }),
  /** What chat chose or had to do (backend and layers, oldest turns trimmed, a model failing to load). */
  'chat.notice': z.object({
    sessionId: z.number().int().nullable(),
    messageId: z.number().int().nullable(),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
  /** Something the person should know about that is not the answer to a call (a watcher failing, say). */
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
} as const;
