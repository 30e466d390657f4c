import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import { findNodeLlamaCppPackage, type NodeLlamaCppPackage } from './llama-cpp-source.ts';

/**
 * The C side of quantisation: where node-llama-cpp's prebuilt `libllama` lives, and the one struct
 * we pass to it. Calling `llama_model_quantize` from that library needs no compiler on the user's
 * machine (facts.md: its output is byte-identical to `llama-quantize`'s).
 */

/**
 * `llama_model_quantize_params` field by field, as `include/llama.h` of the bundled release declares it
 * (v0.5.0). koffi lays the struct out from this list, so order and C types must match the header
 * exactly; `checkQuantizeParamsAbi` compares it with the checkout's header before every quantisation.
 */
export const QUANTIZE_PARAMS_FIELDS = [
  ['nthread', 'int32_t'],
  ['ftype', 'enum llama_ftype'],
  ['output_tensor_type', 'enum ggml_type'],
  ['token_embedding_type', 'enum ggml_type'],
  ['allow_requantize', 'bool'],
  ['quantize_output_tensor', 'bool'],
  ['only_copy', 'bool'],
  ['pure', 'bool'],
  ['keep_split', 'bool'],
  ['dry_run', 'bool'],
  ['imatrix', 'const struct llama_model_imatrix_data *'],
  ['kv_overrides', 'const struct llama_model_kv_override *'],
  ['tt_overrides', 'const struct llama_model_tensor_override *'],
  ['prune_layers', 'const int32_t *'],
  ['max_buf_size', 'size_t'],
] as const satisfies ReadonlyArray<readonly [string, string]>;

/** `enum llama_ftype` values (llama.h) for the quantisations the app offers. */
export const QUANT_FTYPES = { Q4_K_M: 15, Q5_K_M: 17, Q8_0: 7 } as const;
export type QuantType = keyof typeof QUANT_FTYPES;

export function isQuantType(value: string): value is QuantType {
  return Object.hasOwn(QUANT_FTYPES, value);
}

/** The C type to koffi's name for it; pointers we never fill are opaque `void *`. */
export function koffiTypeOf(cType: string): string {
  if (cType.endsWith('*')) return 'void *';
  if (cType.startsWith('enum ')) return 'int';
  return cType;
}

/** Reads `llama_model_quantize_params` out of a llama.h as `[name, C type]` pairs. */
export function parseQuantizeParamsStruct(header: string): Array<[string, string]> {
  const match = /typedef struct llama_model_quantize_params \{([\s\S]*?)\} llama_model_quantize_params;/.exec(header);
  if (!match?.[1]) throw new ConfidantError('internal', 'llama.h declares no llama_model_quantize_params struct');
  const fields: Array<[string, string]> = [];
  for (const rawLine of match[1].split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    const field = /^(.*?)\s*\b(\w+);$/.exec(line);
    if (!field?.[1] || !field[2]) throw new ConfidantError('internal', `Cannot read llama.h struct line: ${line}`);
    fields.push([field[2], field[1].replace(/\s+\*/, ' *').replace(/\s+/g, ' ')]);
  }
  return fields;
}

/**
 * Refuses to call into a libllama whose struct differs from ours: passing a mis-laid struct would
 * quantise with wrong settings or crash. Happens only if node-llama-cpp is upgraded without this file.
 */
export function checkQuantizeParamsAbi(llamaHeader: string): void {
  const declared = parseQuantizeParamsStruct(fs.readFileSync(llamaHeader, 'utf8'));
  const ours = QUANTIZE_PARAMS_FIELDS.map(([name, type]) => `${name}: ${type}`);
  const theirs = declared.map(([name, type]) => `${name}: ${type}`);
  if (ours.join('\n') !== theirs.join('\n')) {
    throw new ConfidantError(
      'unsupported',
      `The installed llama.cpp declares llama_model_quantize_params differently (${llamaHeader}: ${theirs.join(', ')}). ` +
        'Update electron/core/models/llama-abi.ts to match, or reinstall the node-llama-cpp version the app was built with.',
    );
  }
}

export interface LlamaLibraries {
  readonly binsDir: string;
  readonly llama: string;
  readonly ggml: string;
}

const LIB_PATTERN = (name: string) => new RegExp(`^(lib)?${name}(\\.v[\\d.]+)?\\.(so|dylib|dll)$`);

/** The platform's CPU build of node-llama-cpp's binaries (`@node-llama-cpp/<platform>-<arch>`). */
export function findLlamaLibraries(pkg: NodeLlamaCppPackage = findNodeLlamaCppPackage()): LlamaLibraries {
  const platform = process.platform === 'win32' ? 'win' : process.platform === 'darwin' ? 'mac' : 'linux';
  const name = `@node-llama-cpp/${platform}-${process.arch}${platform === 'mac' && process.arch === 'arm64' ? '-metal' : ''}`;
  let entry: string;
  try {
    entry = createRequire(path.join(pkg.root, 'package.json')).resolve(name);
  } catch (cause) {
    throw new ConfidantError('not_found', `node-llama-cpp's prebuilt binaries (${name}) are not installed. Run \`npm install\` in the app folder.`, {
      cause,
    });
  }
  const binsRoot = path.join(path.dirname(entry), '..', 'bins');
  const dirs = fs.existsSync(binsRoot) ? fs.readdirSync(binsRoot).map((d) => path.join(binsRoot, d)) : [];
  for (const binsDir of dirs) {
    const files = fs.readdirSync(binsDir);
    const llama = files.find((f) => LIB_PATTERN('llama').test(f));
    const ggml = files.find((f) => LIB_PATTERN('ggml').test(f));
    if (llama && ggml) return { binsDir, llama: path.join(binsDir, llama), ggml: path.join(binsDir, ggml) };
  }
  throw new ConfidantError('not_found', `No libllama in ${binsRoot}. Reinstall node-llama-cpp with \`npm install\`.`);
}
