import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import { spawnWorker, workerFile } from '../child-worker.ts';
import { readGgufMeta } from './gguf-meta.ts';
import { QUANT_FTYPES, checkQuantizeParamsAbi, findLlamaLibraries, isQuantType, type LlamaLibraries, type QuantType } from './llama-abi.ts';
import { WorkerMessage, type WorkerRequest } from './quantize-protocol.ts';

/**
 * GGUF quantisation (f16 -> Q4_K_M, Q5_K_M, Q8_0) with node-llama-cpp's own libllama, no compiler
 * needed (issue 7, facts.md). The call runs in a child process (quantize-worker.ts) and writes to a
 * temporary file beside the output that is renamed into place only on success, so a crash, a cancel
 * or a full disk never leaves a half-written GGUF under the final name.
 */

export interface QuantizeProgress {
  /** Tensors done so far, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly tensor: string;
}

export interface QuantizeOptions {
  readonly input: string;
  readonly output: string;
  /** `Q4_K_M` (the app's default), `Q5_K_M` or `Q8_0`; checked, since it may come from a person. */
  readonly type: string;
  /** llama.h of the bundled source; when given, the struct layout is checked against it first. */
  readonly llamaHeader?: string;
  /** Worker threads; more is faster until memory bandwidth runs out. Default: all cores. */
  readonly threads?: number;
  readonly onProgress?: (progress: QuantizeProgress) => void;
  readonly signal?: AbortSignal;
}

export interface QuantizeResult {
  readonly path: string;
  readonly type: QuantType;
  readonly bytes: number;
  readonly inputBytes: number;
  readonly seconds: number;
  /** llama.cpp's warnings (e.g. tensors whose width forced a fallback type). */
  readonly warnings: string[];
}

const quantizeWorker = workerFile(import.meta.url, 'quantize-worker');

/**
 * Quantises `input` into `output`.
 *
 * @throws ConfidantError `invalid_input` for an unknown type, a non-GGUF, truncated or adapter input,
 *   or input = output; `not_found` for a missing input; `cancelled` when `signal` aborts; `io` when
 *   llama.cpp fails (its message included).
 */
export async function quantizeGguf(options: QuantizeOptions): Promise<QuantizeResult> {
  const { input, output, type } = options;
  if (!isQuantType(type)) {
    throw new ConfidantError('invalid_input', `Unknown quantisation type "${type}". Choose one of ${Object.keys(QUANT_FTYPES).join(', ')}.`);
  }
  if (path.resolve(input) === path.resolve(output)) {
    throw new ConfidantError('invalid_input', `The output ${output} is the input file. Choose a different output name.`);
  }
  const meta = await readGgufMeta(input);
  if (meta.type !== 'model') {
    throw new ConfidantError('invalid_input', `${input} is a GGUF ${meta.type}, not a model; only models can be quantised. Pick the model file.`);
  }
  if (options.llamaHeader) checkQuantizeParamsAbi(options.llamaHeader);
  const libraries = findLlamaLibraries();
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
  const partial = path.join(path.dirname(path.resolve(output)), `.${path.basename(output)}.${crypto.randomBytes(4).toString('hex')}.partial`);
  const started = performance.now();
  try {
    const warnings = await runWorker(
      {
        llama: libraries.llama,
        ggml: libraries.ggml,
        binsDir: libraries.binsDir,
        input: path.resolve(input),
        output: partial,
        ftype: QUANT_FTYPES[type],
        threads: options.threads ?? Math.max(1, os.availableParallelism()),
      },
      libraries,
      options,
    );
    // The worker exiting 0 is not proof: read the result back before it replaces anything.
    const written = await readGgufMeta(partial);
    if (written.fileType !== `MOSTLY_${type}`) {
      throw new ConfidantError('io', `Quantising ${input} produced ${written.fileType ?? 'an unknown type'}, not ${type}.`);
    }
    fs.renameSync(partial, output);
    return {
      path: output,
      type,
      bytes: fs.statSync(output).size,
      inputBytes: meta.bytes,
      seconds: (performance.now() - started) / 1000,
      warnings,
    };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function runWorker(request: WorkerRequest, libraries: LlamaLibraries, options: QuantizeOptions): Promise<string[]> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ConfidantError('cancelled', 'Quantisation was cancelled.'));
      return;
    }
    const child = spawnWorker(quantizeWorker, request);
    child.stdin.end();
    const warnings: string[] = [];
    const errors: string[] = [];
    let stderr = '';
    let exitCode: number | undefined;
    let buffered = '';
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        handleLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    function handleLine(line: string): void {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return; // a library printed to stdout directly; not ours
      }
      const message = WorkerMessage.safeParse(parsed);
      if (!message.success) return;
      const m = message.data;
      if (m.kind === 'progress') options.onProgress?.({ done: m.done, total: m.total, tensor: m.tensor });
      else if (m.kind === 'log') (m.level === 'error' ? errors : warnings).push(m.text);
      else exitCode = m.code;
    }
    child.on('error', (cause) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new ConfidantError('internal', `Could not start the quantiser: ${cause.message}`, { cause }));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        reject(new ConfidantError('cancelled', 'Quantisation was cancelled; nothing was written.'));
      } else if (code === 0 && exitCode === 0) {
        resolve(warnings);
      } else {
        const reason = errors.length > 0 ? errors.join(' ') : stderr.trim() || `the quantiser stopped (${signal ?? `exit ${code}`})`;
        reject(new ConfidantError('io', `Quantising ${request.input} failed: ${reason}. Nothing was written. (llama.cpp from ${libraries.binsDir})`));
      }
    });
  });
}
