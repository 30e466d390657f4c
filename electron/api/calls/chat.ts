import { z } from 'zod';
import { defineCall } from '../define.ts';

const Id = z.number().int().positive();

/** A GGUF file the person added (or, later, one the training issue registered). */
export const ChatModel = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  /** A GGUF LoRA adapter applied on top of `path`, when the model is base + adapter. */
  adapterPath: z.string().nullable(),
  architecture: z.string(),
  sizeBytes: z.number().int(),
  /** Whether the template came from the GGUF itself (`tokenizer.chat_template`). */
  hasChatTemplate: z.boolean(),
  addedAt: z.string(),
  /** False when the file (or its adapter) was moved or deleted since it was added. */
  isAvailable: z.boolean(),
});
export type ChatModel = z.infer<typeof ChatModel>;

export const ChatSettings = z.object({
  /** Hard limit on the tokens of one answer: a model that never says EOS still stops here. */
  maxTokens: z.number().int().min(1).max(8192).default(512),
  temperature: z.number().min(0).max(2).default(0.7),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

export const Citation = z.object({
  entryId: Id,
  title: z.string(),
  createdAt: z.string().nullable(),
  /** The redacted text the model was shown, shortened. */
  excerpt: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const MessageStatus = z.enum(['queued', 'generating', 'done', 'stopped', 'error']);

export const ChatMessage = z.object({
  id: Id,
  sessionId: Id,
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  status: MessageStatus,
  /** Model name at the time of the answer, kept even if the model is removed later. */
  modelName: z.string().nullable(),
  /** Why generation ended: `eos`, `maxTokens`, `stopped`, or the error message. */
  stopReason: z.string().nullable(),
  tokenCount: z.number().int().nullable(),
  citations: z.array(Citation),
  /** What happened around this answer (oldest turns trimmed, model loaded on CPU, ...). */
  notices: z.array(z.string()),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatSessionSummary = z.object({
  id: Id,
  title: z.string(),
  modelId: Id.nullable(),
  modelName: z.string(),
  grounded: z.boolean(),
  messageCount: z.number().int(),
  updatedAt: z.string(),
});
export type ChatSessionSummary = z.infer<typeof ChatSessionSummary>;

export const ChatSession = ChatSessionSummary.extend({
  systemPrompt: z.string(),
  settings: ChatSettings,
  createdAt: z.string(),
  messages: z.array(ChatMessage),
});
export type ChatSession = z.infer<typeof ChatSession>;

export const DEFAULT_SYSTEM_PROMPT = 'You are me, writing in my voice.';

const SendResult = z.object({
  sessionId: Id,
  userMessageId: Id,
  replyMessageId: Id,
  /** True when another answer of this model was still running, so this one waits its turn. */
  queued: z.boolean(),
});

export const LoadedModelInfo = z.object({
  modelId: Id,
  name: z.string(),
  backend: z.string(),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  contextSize: z.number().int(),
  threads: z.number().int(),
  templateSource: z.string(),
  /** One line saying what was chosen and why. */
  summary: z.string(),
});
export type LoadedModelInfo = z.infer<typeof LoadedModelInfo>;

export const chatCalls = {
  /** Every registered model, with whether its file is still on disk. */
  'chat.listModels': defineCall({
    summary: 'Registered chat models (GGUF files)',
    input: z.object({}).strict(),
    output: z.array(ChatModel),
  }),
  /** Registers a GGUF file (and optional GGUF LoRA adapter) after checking both are whole GGUF files. */
  'chat.addModel': defineCall({
    summary: 'Add a GGUF model file to chat with',
    input: z.object({ path: z.string().min(1), adapterPath: z.string().min(1).optional(), name: z.string().min(1).optional() }).strict(),
    output: ChatModel,
  }),
  /** Forgets a model; its conversations stay readable. The file is not touched. */
  'chat.removeModel': defineCall({
    summary: 'Forget a chat model (the file stays on disk)',
    input: z.object({ modelId: Id }).strict(),
    output: z.object({ removed: z.boolean() }),
  }),
  /** Loads a model now (normally the first message does), and says which backend, layers and context were chosen. */
  'chat.loadModel': defineCall({
    summary: 'Load a chat model and report backend, GPU layers and context size',
    input: z.object({ modelId: Id }).strict(),
    output: LoadedModelInfo,
  }),
  /** Frees every loaded model (RAM and GPU memory), e.g. before a training run. */
  'chat.unloadModels': defineCall({
    summary: 'Unload every chat model',
    input: z.object({}).strict(),
    output: z.object({ unloaded: z.number().int() }),
  }),
  'chat.listSessions': defineCall({
    summary: 'Saved conversations, newest first',
    input: z.object({}).strict(),
    output: z.array(ChatSessionSummary),
  }),
  'chat.createSession': defineCall({
    summary: 'Start a conversation with a model',
    input: z
      .object({
        modelId: Id,
        title: z.string().min(1).optional(),
        systemPrompt: z.string().optional(),
        grounded: z.boolean().optional(),
        settings: ChatSettings.partial().optional(),
      })
      .strict(),
    output: ChatSession,
  }),
  'chat.getSession': defineCall({
    summary: 'One conversation with all its messages',
    input: z.object({ sessionId: Id }).strict(),
    output: ChatSession,
  }),
  /** Changes the title, system prompt, grounding, model or settings of a conversation. */
  'chat.updateSession': defineCall({
    summary: 'Rename a conversation or change its system prompt, grounding, model or settings',
    input: z
      .object({
        sessionId: Id,
        title: z.string().min(1).optional(),
        systemPrompt: z.string().optional(),
        grounded: z.boolean().optional(),
        modelId: Id.optional(),
        settings: ChatSettings.partial().optional(),
      })
      .strict(),
    output: ChatSession,
  }),
  'chat.deleteSession': defineCall({
    summary: 'Delete a conversation and its messages',
    input: z.object({ sessionId: Id }).strict(),
    output: z.object({ deleted: z.boolean() }),
  }),
  'chat.exportSession': defineCall({
    summary: 'A conversation as Markdown',
    input: z.object({ sessionId: Id }).strict(),
    output: z.object({ fileName: z.string(), markdown: z.string() }),
  }),
  /**
   * Saves the message and starts (or queues) the answer; returns at once. The answer streams as
   * `chat.token` events and ends with `chat.done`.
   */
  'chat.sendMessage': defineCall({
    summary: 'Send a message; the answer streams as chat.token events',
    input: z.object({ sessionId: Id, text: z.string().min(1) }).strict(),
    output: SendResult,
  }),
  /** Stops the answer being written in this conversation now; queued messages still get answers. */
  'chat.stop': defineCall({
    summary: 'Stop the answer being generated in a conversation',
    input: z.object({ sessionId: Id }).strict(),
    output: z.object({ stopped: z.boolean() }),
  }),
  /** The same prompt to two models at once: two new conversations whose answers stream together. */
  'chat.compare': defineCall({
    summary: 'Send one prompt to two models side by side',
    input: z
      .object({
        modelIds: z.tuple([Id, Id]),
        prompt: z.string().min(1),
        systemPrompt: z.string().optional(),
        grounded: z.boolean().optional(),
        settings: ChatSettings.partial().optional(),
      })
      .strict(),
    output: z.object({ runs: z.tuple([SendResult, SendResult]) }),
  }),
};
