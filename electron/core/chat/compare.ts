/**
 * Compare: one prompt, two models, side by side. Each side is a real conversation (so both
 * answers are kept and can be continued), and the two answers stream at the same time because
 * each model has its own queue.
 */
import { ConfidantError } from '../../api/errors.ts';
import type { ChatSettings } from '../../api/calls/chat.ts';
import type { Db } from '../db/index.ts';
import { createSession } from './conversations.ts';
import { getModel } from './registry.ts';
import type { ChatService, SendResult } from './service.ts';

export interface CompareInput {
  modelIds: readonly [number, number];
  prompt: string;
  systemPrompt?: string;
  grounded?: boolean;
  settings?: Partial<ChatSettings>;
}

export async function compareModels(db: Db, service: ChatService, input: CompareInput): Promise<[SendResult, SendResult]> {
  const [a, b] = input.modelIds.map((id) => getModel(db, id));
  if (!a || !b) throw new ConfidantError('invalid_input', 'Compare needs two models.');
  if (a.id === b.id) throw new ConfidantError('invalid_input', 'Pick two different models to compare.');
  const title = `Compare: ${input.prompt.trim().split('\n')[0]?.slice(0, 40) ?? ''}`;
  const sessions = [a, b].map((model) =>
    createSession(db, model, {
      title: `${title} (${model.name})`,
      ...(input.systemPrompt === undefined ? {} : { systemPrompt: input.systemPrompt }),
      ...(input.grounded === undefined ? {} : { grounded: input.grounded }),
      ...(input.settings === undefined ? {} : { settings: input.settings }),
    }),
  );
  // Both loads and sends start together, so the answers stream side by side.
  const [first, second] = await Promise.all(sessions.map((sessionId) => service.send(sessionId, input.prompt)));
  if (!first || !second) throw new ConfidantError('internal', 'Compare lost one of its two answers.');
  return [first, second];
}
