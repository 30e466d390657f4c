/**
 * The chat engine: one node-llama-cpp `Llama` per process, models loaded on demand, answers
 * generated one at a time per model. Runs in the main-process side only (never the renderer).
 *
 * Backend: the first of CUDA, Vulkan or Metal that generates with the first model loaded, in a
 * child process (gpu-probe.ts), else the CPU (`CONFIDANT_CHAT_GPU=cpu` forces the CPU). GPU layers
 * and context size are chosen by node-llama-cpp to fit the free memory; `LoadedModelInfo.summary`
 * says what was chosen, and why a GPU backend was passed over.
 * Try it: `node bin/confidant.js chat --model some.gguf --prompt "hello"`.
 */
import os from 'node:os';
import { getLlama, LlamaCompletion, LlamaLogLevel, resolveChatWrapper, type Llama, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { ConfidantError } from '../../api/errors.ts';
import type { LoadedModelInfo } from '../../api/calls/chat.ts';
import { readGgufMeta } from '../models/gguf-meta.ts';
import { chooseGpuBackend, type GpuBackend } from './gpu-probe.ts';
import { jinjaFormat, wrapperFormat, type PromptFormat } from './prompt.ts';
import { fitToContext, type Turn } from './trim.ts';

export interface EngineOptions {
  /** `cpu` skips the GPU backends (tests, CI, or a person who wants the GPU for training). */
  gpu?: 'auto' | 'cpu';
  /** Threads for evaluation; more than the physical cores only adds contention. */
  threads?: number;
  /** Upper bound on the context; raising it costs KV-cache memory (about 0.1 MiB/token for a 7B). */
  maxContextSize?: number;
  /** GPU backends to test, in order; default: those node-llama-cpp supports on this platform. */
  gpuCandidates?: GpuBackend[];
  /** Free RAM in bytes; injectable so the too-large path is testable without filling memory. */
  freeMemoryBytes?: () => number;
}

export interface ModelSpec {
  modelId: number;
  name: string;
  path: string;
  adapterPath: string | null;
}

export interface GenerateRequest {
  systemPrompt: string;
  /** Earlier turns and the new user message last. */
  turns: Turn[];
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
  onText: (text: string) => void;
}

export interface GenerateResult {
  text: string;
  /** `eos`, `maxTokens` or `stopped`. */
  stopReason: 'eos' | 'maxTokens' | 'stopped';
  tokenCount: number;
  notices: string[];
  /** Milliseconds from the call to the first token (prompt processing included). */
  timeToFirstTokenMs: number | null;
}

const engines = new Set<ChatEngine>();

/** Frees every loaded chat model in this process (RAM and GPU memory), e.g. before training. */
export async function unloadAllModels(): Promise<number> {
  let count = 0;
  for (const engine of engines) count += await engine.unloadAll();
  return count;
}

function envOptions(): EngineOptions {
  const threads = Number(process.env.CONFIDANT_CHAT_THREADS);
  const maxContext = Number(process.env.CONFIDANT_CHAT_MAX_CONTEXT);
  return {
    gpu: process.env.CONFIDANT_CHAT_GPU === 'cpu' ? 'cpu' : 'auto',
    ...(Number.isInteger(threads) && threads > 0 ? { threads } : {}),
    ...(Number.isInteger(maxContext) && maxContext >= 256 ? { maxContextSize: maxContext } : {}),
  };
}

export class ChatEngine {
  private readonly options: EngineOptions;
  private llama: Promise<Llama> | undefined;
  /** Why the GPU backends that failed their test were passed over; said in every load summary. */
  private backendNote = '';
  private readonly loaded = new Map<string, Promise<LoadedModel>>();

  constructor(options: EngineOptions = {}) {
    this.options = { ...envOptions(), ...options };
    engines.add(this);
  }

  /**
   * The first backend that works, decided once per process with the first model loaded: each GPU
   * backend generates two tokens in a child process before this process trusts it. Never builds
   * from source.
   */
  private getLlama(modelPath: string): Promise<Llama> {
    this.llama ??= (async () => {
      if (this.options.gpu !== 'cpu') {
        const choice = await chooseGpuBackend({ modelPath, ...(this.options.gpuCandidates ? { candidates: this.options.gpuCandidates } : {}) });
        const passedOver = choice.failures.join('; ');
        if (choice.gpu !== false) {
          try {
            const llama = await getLlama({ gpu: choice.gpu, build: 'never', logLevel: LlamaLogLevel.error });
            this.backendNote = passedOver ? ` ${passedOver}.` : '';
            return llama;
          } catch (cause) {
            this.backendNote = ` ${[passedOver, `${choice.gpu} passed its test but did not load here (${(cause as Error).message})`].filter(Boolean).join('; ')}; chatting on the CPU.`;
          }
        } else if (passedOver) {
          this.backendNote = ` ${passedOver}; chatting on the CPU.`;
        }
      }
      return getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    })();
    return this.llama;
  }

  /** Loads (or returns the already loaded) model; concurrent callers share one load. */
  load(spec: ModelSpec): Promise<LoadedModel> {
    const key = `${spec.path}\u0000${spec.adapterPath ?? ''}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.loadNow(spec);
      this.loaded.set(key, pending);
      // A failed load is not cached: the person may fix the file and try again.
      pending.catch(() => this.loaded.delete(key));
    }
    return pending;
  }

  private async loadNow(spec: ModelSpec): Promise<LoadedModel> {
    const meta = await readGgufMeta(spec.path);
    if (spec.adapterPath !== null) await readGgufMeta(spec.adapterPath);
    const llama = await this.getLlama(spec.path);
    await this.assertFitsMemory(llama, spec, meta.tensorBytes);
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: spec.path, gpuLayers: 'auto' });
    } catch (cause) {
      throw new ConfidantError('io', `${spec.path} could not be loaded by llama.cpp (${(cause as Error).message}). The file may be damaged or of an architecture this version does not know.`, { cause });
    }
    try {
      const trained = model.trainContextSize;
      const max = Math.max(256, Math.min(trained, this.options.maxContextSize ?? 8192));
      const threads = this.options.threads ?? Math.max(1, llama.cpuMathCores);
      const context = await model.createContext({
        contextSize: { min: Math.min(256, max), max },
        threads,
        ...(spec.adapterPath === null ? {} : { lora: { adapters: [{ filePath: spec.adapterPath, scale: 1 }] } }),
      });
      const format = choosePromptFormat(model);
      const templateSource = format.source;
      const totalLayers = model.fileInsights.totalLayers;
      const backend = llama.gpu === false ? 'cpu' : llama.gpu;
      const gpuPart = llama.gpu === false ? 'no GPU backend works here' : `${model.gpuLayers} of ${totalLayers} layers on the GPU`;
      const info: LoadedModelInfo = {
        modelId: spec.modelId,
        name: spec.name,
        backend,
        gpuLayers: model.gpuLayers,
        totalLayers,
        contextSize: context.contextSize,
        threads,
        templateSource,
        summary: `Loaded ${spec.name} on ${backend} (${gpuPart}), context ${context.contextSize} tokens, ${threads} CPU threads, ${templateSource}.${this.backendNote}`,
      };
      return new LoadedModel(model, context, format, info);
    } catch (cause) {
      await model.dispose();
      if (cause instanceof ConfidantError) throw cause;
      throw new ConfidantError('io', `${spec.name} loaded, but no context could be created for it (${(cause as Error).message}). Free some memory or unload other models.`, { cause });
    }
  }

  private async assertFitsMemory(llama: Llama, spec: ModelSpec, tensorBytes: number): Promise<void> {
    const freeRam = this.options.freeMemoryBytes?.() ?? os.freemem();
    const freeVram = llama.gpu === false ? 0 : (await llama.getVramState()).free;
    // Weights may be split between GPU and RAM, so the two pools together are the real bound.
    if (tensorBytes > freeRam + freeVram) {
      const gib = (n: number): string => (n / 1024 ** 3).toFixed(1);
      throw new ConfidantError(
        'unsupported',
        `${spec.name} needs about ${gib(tensorBytes)} GiB of memory for its weights, but only ${gib(freeRam + freeVram)} GiB is free. ` +
          'Close other programs, or pick a smaller (more quantized) GGUF such as Q4_K_M.',
      );
    }
  }

  async unloadAll(): Promise<number> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    let count = 0;
    for (const pending of all) {
      const model = await pending.catch(() => undefined);
      if (model) {
        await model.dispose();
        count += 1;
      }
    }
    return count;
  }

  async dispose(): Promise<void> {
    await this.unloadAll();
    engines.delete(this);
    const llama = await this.llama?.catch(() => undefined);
    await llama?.dispose();
  }
}

/**
 * The GGUF's own template wins (tokenizer.chat_template, the one the trainer formatted the data
 * with); node-llama-cpp's built-in format for the architecture is the fallback for files without one.
 */
function choosePromptFormat(model: LlamaModel): PromptFormat {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template === 'string' && template.trim() !== '') return jinjaFormat(model, template);
  return wrapperFormat(model, resolveChatWrapper(model, { noJinja: true }));
}

/** One loaded model: its context, its chat format, and a FIFO so answers never interleave. */
export class LoadedModel {
  private readonly completion: LlamaCompletion;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  /** Aborted on unload, so freeing memory for training never waits for a long answer. */
  private readonly closing = new AbortController();

  constructor(
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly format: PromptFormat,
    readonly info: LoadedModelInfo,
  ) {
    this.completion = new LlamaCompletion({ contextSequence: context.getSequence() });
  }

  /** True while an answer runs or waits: a new one will be queued behind it. */
  get isBusy(): boolean {
    return this.pending > 0;
  }

  /** Runs `job` after every job queued before it. */
  enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const run = this.tail.then(job, job).finally(() => {
      this.pending -= 1;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The prompt as text, special tokens written out, for tests and the template check. */
  renderPrompt(systemPrompt: string, turns: Turn[]): string {
    return this.model.detokenize(this.promptTokens(systemPrompt, turns), true);
  }

  /** The token ids the model is fed for this conversation, up to where its answer begins. */
  promptTokens(systemPrompt: string, turns: Turn[]): Token[] {
    return this.format.tokens(systemPrompt, turns);
  }

  countTokens(systemPrompt: string, turns: Turn[]): number {
    return this.promptTokens(systemPrompt, turns).length;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const contextSize = this.context.contextSize;
    const notices: string[] = [];
    // Half the context for the answer at most, so a long answer limit cannot squeeze out the question.
    const maxTokens = Math.min(request.maxTokens, Math.floor(contextSize / 2));
    if (maxTokens < request.maxTokens) {
      notices.push(`The answer limit was lowered from ${request.maxTokens} to ${maxTokens} tokens to fit the ${contextSize}-token context.`);
    }
    const fitted = fitToContext({
      systemPrompt: request.systemPrompt,
      turns: request.turns,
      budget: contextSize - maxTokens,
      countTokens: (s, t) => this.countTokens(s, t),
      tokenize: (text) => this.model.tokenize(text),
      detokenize: (tokens) => this.model.detokenize(tokens),
    });
    notices.push(...fitted.notices);
    const started = performance.now();
    let firstAt: number | null = null;
    let tokenCount = 0;
    const tokens = this.promptTokens(fitted.systemPrompt, fitted.turns);
    // LlamaCompletion puts the model's BOS in front itself; the template's own must not double it.
    const bos = this.model.tokens.bos;
    const input = bos !== null && tokens[0] === bos ? tokens.slice(1) : tokens;
    const result = await this.completion.generateCompletionWithMeta(input, {
      maxTokens,
      temperature: request.temperature,
      signal: AbortSignal.any([request.signal, this.closing.signal]),
      stopOnAbortSignal: true,
      onToken: (tokens) => {
        tokenCount += tokens.length;
      },
      onTextChunk: (text) => {
        firstAt ??= performance.now();
        request.onText(text);
      },
    });
    const reason = result.metadata.stopReason;
    return {
      text: result.response,
      stopReason: reason === 'abort' ? 'stopped' : reason === 'maxTokens' ? 'maxTokens' : 'eos',
      tokenCount,
      notices,
      timeToFirstTokenMs: firstAt === null ? null : firstAt - started,
    };
  }

  async dispose(): Promise<void> {
    this.closing.abort();
    // Let the stopped answer end cleanly before its memory goes away.
    await this.tail;
    this.completion.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}
