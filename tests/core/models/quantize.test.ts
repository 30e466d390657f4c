import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { readGgufMeta } from '../../../electron/core/models/gguf-meta.ts';
import { QUANTIZE_PARAMS_FIELDS, checkQuantizeParamsAbi, parseQuantizeParamsStruct } from '../../../electron/core/models/llama-abi.ts';
import { quantizeGguf, type QuantizeProgress } from '../../../electron/core/models/quantize.ts';
import type { TinyGgufManifest } from '../../../scripts/make-tiny-gguf.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { tinyGguf } from './tiny-gguf-fixture.ts';

/** Quantisation through node-llama-cpp's libllama (koffi), on the exported tiny model. */

async function rejection(promise: Promise<unknown>): Promise<ConfidantError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfidantError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('quantizeGguf', () => {
  let fixture: TinyGgufManifest;
  let llamaHeader: string;

  beforeAll(async () => {
    fixture = await tinyGguf();
    llamaHeader = path.join(fixture.llamaCppDir, 'include', 'llama.h');
  }, 600_000);

  it.each([
    ['Q5_K_M', 'MOSTLY_Q5_K_M'],
    ['Q8_0', 'MOSTLY_Q8_0'],
  ] as const)('writes a %s GGUF with progress per tensor and nothing else in the folder', async (type, fileType) => {
    const dir = tempDir();
    const output = path.join(dir, `tiny-${type}.gguf`);
    const progress: QuantizeProgress[] = [];
    const result = await quantizeGguf({ input: fixture.f16, output, type, llamaHeader, threads: 1, onProgress: (p) => progress.push(p) });
    const source = await readGgufMeta(fixture.f16);
    const written = await readGgufMeta(output);
    expect(written.fileType).toBe(fileType);
    expect(written.chatTemplate).toBe(source.chatTemplate);
    expect(result.bytes).toBe(fs.statSync(output).size);
    expect(result.bytes).toBeLessThan(result.inputBytes);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: source.tensorCount }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === source.tensorCount)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([path.basename(output)]);
  }, 300_000);

  it('produced the fixture Q4_K_M with real 4-bit K-quant blocks', async () => {
    const meta = await readGgufMeta(fixture.q4km);
    expect(meta.fileType).toBe('MOSTLY_Q4_K_M');
    // f16 is 16 bits a weight; Q4_K_M about 4.5-6 on its big tensors.
    expect(meta.bytes / (await readGgufMeta(fixture.f16)).bytes).toBeLessThan(0.4);
  });

  it('refuses a file that is not GGUF, naming it', async () => {
    const dir = tempDir();
    const notGguf = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notGguf, 'Dear diary, this is not a model.');
    const error = await rejection(quantizeGguf({ input: notGguf, output: path.join(dir, 'out.gguf'), type: 'Q4_K_M' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(notGguf);
    expect(error.message).toContain('not a GGUF file');
    expect(fs.readdirSync(dir)).toEqual(['notes.gguf']);
  });

  it('refuses a truncated GGUF before loading it', async () => {
    const dir = tempDir();
    const cut = path.join(dir, 'cut.gguf');
    const whole = fs.readFileSync(fixture.f16);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await rejection(quantizeGguf({ input: cut, output: path.join(dir, 'out.gguf'), type: 'Q4_K_M' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/cut\.gguf is truncated/);
    expect(fs.readdirSync(dir)).toEqual(['cut.gguf']);
  });

  it('refuses an unknown quantisation type and lists the choices', async () => {
    const error = await rejection(quantizeGguf({ input: fixture.f16, output: path.join(tempDir(), 'out.gguf'), type: 'Q3_K_XL' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"Q3_K_XL"');
    expect(error.message).toContain('Q4_K_M, Q5_K_M, Q8_0');
  });

  it('refuses a missing input and a LoRA adapter as input', async () => {
    const dir = tempDir();
    const missing = await rejection(quantizeGguf({ input: path.join(dir, 'nope.gguf'), output: path.join(dir, 'o.gguf'), type: 'Q8_0' }));
    expect(missing.code).toBe('not_found');
    const adapter = await rejection(quantizeGguf({ input: fixture.lora, output: path.join(dir, 'o.gguf'), type: 'Q8_0' }));
    expect(adapter.message).toContain('is a GGUF adapter, not a model');
  });

  it("reports llama.cpp's own reason when it refuses, and writes nothing", async () => {
    const dir = tempDir();
    // Requantising already-quantised weights is refused by llama.cpp itself (it would compound the loss).
    const error = await rejection(quantizeGguf({ input: fixture.q4km, output: path.join(dir, 'again.gguf'), type: 'Q8_0', threads: 1 }));
    expect(error.code).toBe('io');
    expect(error.message).toMatch(/requantizing from type \w+ is disabled/);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 300_000);

  it('stops when cancelled and leaves no file', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const output = path.join(dir, 'cancelled.gguf');
    const error = await rejection(
      quantizeGguf({ input: fixture.f16, output, type: 'Q4_K_M', threads: 1, signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect(error.code).toBe('cancelled');
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 300_000);
});

describe('llama_model_quantize_params layout', () => {
  it("matches the bundled release's include/llama.h field for field", async () => {
    const fixture = await tinyGguf();
    const header = fs.readFileSync(path.join(fixture.llamaCppDir, 'include', 'llama.h'), 'utf8');
    expect(parseQuantizeParamsStruct(header)).toEqual(QUANTIZE_PARAMS_FIELDS.map(([name, type]) => [name, type]));
  }, 600_000);

  it('refuses to quantise against a header whose struct changed', async () => {
    const fixture = await tinyGguf();
    const changed = path.join(tempDir(), 'llama.h');
    const header = fs.readFileSync(path.join(fixture.llamaCppDir, 'include', 'llama.h'), 'utf8');
    fs.writeFileSync(changed, header.replace('bool pure;', 'bool pure;\n        bool new_flag;'));
    expect(() => checkQuantizeParamsAbi(changed)).toThrow(/declares llama_model_quantize_params differently/);
  }, 600_000);
});
