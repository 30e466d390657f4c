import fs from 'node:fs';
import { GgufFileType, GgufInsights, readGgufFileInfo } from 'node-llama-cpp';
import { ConfidantError } from '../../api/errors.ts';

/** What the app shows and checks about a GGUF file before loading or quantising it. */
export interface GgufMeta {
  readonly path: string;
  readonly bytes: number;
  /** `general.architecture` (`llama` for Mistral and Llama, `qwen2`, `gemma3`, ...). */
  readonly architecture: string;
  /** `general.type`: `model` for a model, `adapter` for a LoRA. */
  readonly type: string;
  readonly name?: string;
  /** `general.file_type` as llama.cpp's name (`MOSTLY_F16`, `MOSTLY_Q4_K_M`, ...), when the file states it. */
  readonly fileType?: string;
  readonly chatTemplate?: string;
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
  readonly tensorCount: number;
  /** Bytes of tensor data the header promises; a file shorter than header + this is truncated. */
  readonly tensorBytes: number;
}

const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

/**
 * Reads a GGUF's header (metadata and tensor table, not the weights) and checks the file is whole.
 *
 * @throws ConfidantError `not_found` for a missing file; `invalid_input` for a file that is not GGUF,
 *   has a damaged header, or is shorter than its tensor table says (a copy or download cut short).
 */
export async function readGgufMeta(file: string): Promise<GgufMeta> {
  let bytes: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new ConfidantError('invalid_input', `${file} is a folder, not a GGUF file. Pick the .gguf file inside it.`);
    bytes = stat.size;
  } catch (cause) {
    if (cause instanceof ConfidantError) throw cause;
    throw new ConfidantError('not_found', `No GGUF file at ${file}. Check the path.`, { cause });
  }
  assertGgufMagic(file);
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    info = await readGgufFileInfo(file, {
      sourceType: 'filesystem',
      logWarnings: false,
      spliceSplitFiles: false,
      // The vocabulary is most of the header and says nothing the app needs here.
      ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'],
    });
  } catch (cause) {
    throw new ConfidantError('invalid_input', `${file} has a damaged GGUF header (${errorText(cause)}). Export or download it again.`, { cause });
  }
  const insights = await GgufInsights.from(info);
  const tensorBytes = insights.modelSize;
  const headerBytes = info.infoEndOffset ?? 0;
  // Padding between tensors only adds bytes, so a whole file is never shorter than header + tensors.
  if (bytes < headerBytes + tensorBytes) {
    throw new ConfidantError(
      'invalid_input',
      `${file} is truncated: ${bytes} bytes, but its header describes ${headerBytes + tensorBytes}. Export or download it again.`,
    );
  }
  const general = info.metadata.general;
  const fileType = general.file_type === undefined ? undefined : GgufFileType[general.file_type];
  const tokenizer = info.metadata.tokenizer;
  // node-llama-cpp's metadata type has no `general.type`; LoRA GGUFs set it to `adapter`.
  const generalType: unknown = Reflect.get(general, 'type');
  return {
    path: file,
    bytes,
    architecture: String(general.architecture),
    type: typeof generalType === 'string' ? generalType : 'model',
    ...(general.name === undefined ? {} : { name: general.name }),
    ...(fileType === undefined ? {} : { fileType }),
    ...(tokenizer?.chat_template === undefined ? {} : { chatTemplate: tokenizer.chat_template }),
    ...(tokenizer?.ggml.bos_token_id === undefined ? {} : { bosTokenId: tokenizer.ggml.bos_token_id }),
    ...(tokenizer?.ggml.eos_token_id === undefined ? {} : { eosTokenId: tokenizer.ggml.eos_token_id }),
    tensorCount: Number(info.tensorCount),
    tensorBytes,
  };
}

function assertGgufMagic(file: string): void {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 4 || !head.equals(GGUF_MAGIC)) {
    throw new ConfidantError('invalid_input', `${file} is not a GGUF file (it does not start with "GGUF"). Pick a .gguf model file.`);
  }
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
