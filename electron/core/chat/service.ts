/**
 * Chat as the front doors see it: sending saves the message at once and answers in the
 * background, streaming `chat.token` events and ending with `chat.done`. A message sent while its
 * model is busy waits in that model's queue; `stop` aborts only the answer being written.
 */
import { ConfidantError } from '../../api/errors.ts';
import type { Citation, LoadedModelInfo } from '../../api/calls/chat.ts';
import type { CoreContext } from '../context.ts';
import * as conversations from './conversations.ts';
import { ChatEngine, type EngineOptions, type LoadedModel } from './engine.ts';
import { findGrounding } from './grounded.ts';
import { getModel, isModelAvailable, type ModelRow } from './registry.ts';

export interface SendResult {
  sessionId: number;
  userMessageId: number;
  replyMessageId: number;
  queued: boolean;
}

export class ChatService {
  readonly engine: ChatEngine;
  private readonly running = new Map<number, AbortController>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: CoreContext,
    engineOptions: EngineOptions = {},
  ) {
    this.engine = new ChatEngine(engineOptions);
    conversations.settleInterrupted(ctx.db);
  }

  /** Loads the model of a registered id and tells every front door what was chosen. */
  async loadModel(modelId: number): Promise<LoadedModelInfo> {
    const loaded = await this.loadRow(getModel(this.ctx.db, modelId), null);
    return loaded.info;
  }

  private async loadRow(row: ModelRow, sessionId: number | null): Promise<LoadedModel> {
    if (!isModelAvailable(row)) {
      const missing = row.adapterPath !== null ? `${row.path} or its adapter ${row.adapterPath}` : row.path;
      throw new ConfidantError('not_found', `The model file ${missing} is no longer there. It was moved or deleted; add it again or pick another model.`);
    }
    const loaded = await this.engine.load({ modelId: row.id, name: row.name, path: row.path, adapterPath: row.adapterPath });
    this.ctx.events.emit('chat.notice', { sessionId, messageId: null, level: 'info', message: loaded.info.summary });
    return loaded;
  }

  /**
   * Saves the message and a pending answer, then answers in the background.
   *
   * @throws ConfidantError `not_found` when the conversation's model is gone, before anything is saved.
   */
  async send(sessionId: number, text: string): Promise<SendResult> {
    const config = conversations.getSessionConfig(this.ctx.db, sessionId);
    if (config.modelId === null) {
      throw new ConfidantError('not_found', `The model of this conversation (${config.modelName}) was removed. Pick another model for it to continue; the conversation stays readable.`);
    }
    const row = getModel(this.ctx.db, config.modelId);
    const loaded = await this.loadRow(row, sessionId);
    const queued = loaded.isBusy;
    const ids = conversations.addExchange(this.ctx.db, sessionId, text, row.name, config.settings);
    const job = loaded.enqueue(() => this.answer(loaded, sessionId, ids.replyMessageId, text));
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return { sessionId, ...ids, queued };
  }

  /** Stops the answer being written in this conversation; returns false when none was running. */
  stop(sessionId: number): boolean {
    const controller = this.running.get(sessionId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Waits for every answer started so far (tests and the CLI's one-shot mode). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async answer(loaded: LoadedModel, sessionId: number, messageId: number, question: string): Promise<void> {
    const db = this.ctx.db;
    const events = this.ctx.events;
    const controller = new AbortController();
    this.running.set(sessionId, controller);
    let text = '';
    let citations: Citation[] = [];
    try {
      // Read at the start of the turn, not when queued: the answer before it is part of the history now.
      const config = conversations.getSessionConfig(db, sessionId);
      conversations.markGenerating(db, messageId);
      let systemPrompt = config.systemPrompt;
      if (config.grounded) {
        const grounding = findGrounding(db, question);
        citations = grounding.citations;
        systemPrompt += grounding.promptBlock;
      }
      const result = await loaded.generate({
        systemPrompt,
        turns: conversations.historyBefore(db, sessionId, messageId),
        maxTokens: config.settings.maxTokens,
        temperature: config.settings.temperature,
        signal: controller.signal,
        onText: (chunk) => {
          text += chunk;
          events.emit('chat.token', { sessionId, messageId, text: chunk });
        },
      });
      for (const notice of result.notices) events.emit('chat.notice', { sessionId, messageId, level: 'warning', message: notice });
      const status = result.stopReason === 'stopped' ? 'stopped' : 'done';
      conversations.finishMessage(db, messageId, { status, text: result.text, stopReason: result.stopReason, tokenCount: result.tokenCount, citations, notices: result.notices });
      events.emit('chat.done', { sessionId, messageId, status, stopReason: result.stopReason, text: result.text, tokenCount: result.tokenCount });
    } catch (error) {
      const message = error instanceof ConfidantError ? error.message : `The model failed while answering: ${(error as Error).message}`;
      // A conversation deleted while its answer was queued has nowhere to save the error.
      try {
        conversations.finishMessage(db, messageId, { status: 'error', text, stopReason: message, tokenCount: 0, citations, notices: [] });
      } catch {
        // Nothing to save into.
      }
      events.emit('chat.notice', { sessionId, messageId, level: 'error', message });
      events.emit('chat.done', { sessionId, messageId, status: 'error', stopReason: message, text, tokenCount: 0 });
    } finally {
      if (this.running.get(sessionId) === controller) this.running.delete(sessionId);
    }
  }

  async close(): Promise<void> {
    for (const controller of this.running.values()) controller.abort();
    await this.engine.dispose();
    await this.idle();
  }
}

const services = new WeakMap<CoreContext, ChatService>();

/** The one chat service of a core, created on first use and closed with the core. */
export function chatService(ctx: CoreContext): ChatService {
  let service = services.get(ctx);
  if (!service) {
    const created = new ChatService(ctx);
    services.set(ctx, created);
    ctx.onClose(() => created.close());
    service = created;
  }
  return service;
}
