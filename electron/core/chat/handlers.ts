import type { chatCalls } from '../../api/calls/chat.ts';
import type { HandlersOf } from '../handler-types.ts';
import { compareModels } from './compare.ts';
import * as conversations from './conversations.ts';
import { unloadAllModels } from './engine.ts';
import { sessionToMarkdown } from './markdown.ts';
import { addModel, getModel, listModels, removeModel, toChatModel } from './registry.ts';
import { chatService } from './service.ts';

export const chatHandlers: HandlersOf<typeof chatCalls> = {
  'chat.listModels': (_input, ctx) => listModels(ctx.db).map(toChatModel),
  'chat.addModel': async (input, ctx) => toChatModel(await addModel(ctx.db, input)),
  'chat.removeModel': (input, ctx) => ({ removed: removeModel(ctx.db, input.modelId) }),
  'chat.loadModel': (input, ctx) => chatService(ctx).loadModel(input.modelId),
  'chat.unloadModels': async () => ({ unloaded: await unloadAllModels() }),
  'chat.listSessions': (_input, ctx) => conversations.listSessions(ctx.db),
  'chat.createSession': (input, ctx) => {
    const id = conversations.createSession(ctx.db, getModel(ctx.db, input.modelId), input);
    return conversations.getSession(ctx.db, id);
  },
  'chat.getSession': (input, ctx) => conversations.getSession(ctx.db, input.sessionId),
  'chat.updateSession': (input, ctx) => {
    const { sessionId, modelId, ...rest } = input;
    conversations.updateSession(ctx.db, sessionId, { ...rest, ...(modelId === undefined ? {} : { model: getModel(ctx.db, modelId) }) });
    return conversations.getSession(ctx.db, sessionId);
  },
  'chat.deleteSession': (input, ctx) => {
    chatService(ctx).stop(input.sessionId);
    return { deleted: conversations.deleteSession(ctx.db, input.sessionId) };
  },
  'chat.exportSession': (input, ctx) => sessionToMarkdown(conversations.getSession(ctx.db, input.sessionId)),
  'chat.sendMessage': (input, ctx) => chatService(ctx).send(input.sessionId, input.text),
  'chat.stop': (input, ctx) => ({ stopped: chatService(ctx).stop(input.sessionId) }),
  'chat.compare': async (input, ctx) => ({ runs: await compareModels(ctx.db, chatService(ctx), input) }),
};
