/** Chat (issue 8): node-llama-cpp engine, saved conversations, grounded answers, compare. */
export { ChatEngine, LoadedModel, unloadAllModels, type EngineOptions, type GenerateResult, type ModelSpec } from './engine.ts';
export { ChatService, chatService } from './service.ts';
export { findGrounding, toGroundingQuery } from './grounded.ts';
export { fitToContext, type Turn } from './trim.ts';
export { addModel, getModel, listModels, removeModel } from './registry.ts';
export { sessionToMarkdown } from './markdown.ts';
export { chatHandlers } from './handlers.ts';
