/**
 * Builds the tiny test model and its GGUF files into a folder, for tests that need a real GGUF fast.
 *
 *   npx tsx scripts/make-tiny-gguf.ts OUT_DIR [--hidden-size 256]
 *
 * Writes OUT_DIR/hf (random tiny MistralForCausalLM with the real Mistral tokenizer and template),
 * OUT_DIR/lora (a PEFT LoRA on it), and through the real export path: OUT_DIR/tiny-f16.gguf
 * (trainer `export`, llama.cpp's converter), OUT_DIR/tiny-lora-f16.gguf, OUT_DIR/tiny-q4_k_m.gguf
 * (quantizeGguf via koffi), and OUT_DIR/manifest.json naming them with sizes and timings.
 * A folder that already holds a manifest is left as it is.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ensureLlamaCppSource, quantizeGguf } from '../electron/core/models/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const TinyGgufManifest = z.object({
  hfDir: z.string(),
  loraDir: z.string(),
  f16: z.string(),
  q4km: z.string(),
  lora: z.string(),
  hiddenSize: z.number().int(),
  eosTokenId: z.number().int(),
  llamaCppDir: z.string(),
  seconds: z.object({ model: z.number(), convert: z.number(), convertLora: z.number(), quantize: z.number() }),
  bytes: z.object({ f16: z.number(), q4km: z.number(), lora: z.number() }),
});
export type TinyGgufManifest = z.infer<typeof TinyGgufManifest>;

export interface MakeTinyGgufOptions {
  /** 256 keeps every weight row a multiple of the K-quant block, so Q4_K_M is real Q4_K, not a fallback. */
  hiddenSize?: number;
  /** Where the llama.cpp checkout lives (made once). */
  toolsDir?: string;
  python?: string;
}

export function pythonPath(): string {
  return process.env.CONFIDANT_PYTHON ?? path.join(repoRoot, '.venv', 'bin', 'python');
}

/** Runs the trainer's Python with `confidant_trainer` importable; resolves with stdout. */
export function runPython(args: string[], python = pythonPath()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      cwd: path.join(repoRoot, 'trainer'),
      env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'trainer'), HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-6000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`python ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr}`))));
  });
}

export async function makeTinyGguf(outDir: string, options: MakeTinyGgufOptions = {}): Promise<TinyGgufManifest> {
  const manifestFile = path.join(outDir, 'manifest.json');
  if (fs.existsSync(manifestFile)) return TinyGgufManifest.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  const hiddenSize = options.hiddenSize ?? 256;
  const python = options.python ?? pythonPath();
  fs.mkdirSync(outDir, { recursive: true });
  const hfDir = path.join(outDir, 'hf');
  const loraDir = path.join(outDir, 'lora');

  let t = performance.now();
  await runPython(
    [
      '-c',
      'import sys; from pathlib import Path; from confidant_trainer.testing.tiny_model import make_tiny_mistral; ' +
        'from confidant_trainer.testing.tiny_lora import make_tiny_lora; ' +
        'make_tiny_mistral(Path(sys.argv[1]), hidden_size=int(sys.argv[3])); make_tiny_lora(Path(sys.argv[1]), Path(sys.argv[2]))',
      hfDir,
      loraDir,
      String(hiddenSize),
    ],
    python,
  );
  const modelSeconds = (performance.now() - t) / 1000;

  const source = await ensureLlamaCppSource(options.toolsDir ?? path.join(repoRoot, '.cache', 'tools'));
  const configFile = path.join(outDir, 'export.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ llama_cpp_dir: source.dir, out_dir: outDir, merged_dir: hfDir, adapter_dir: loraDir, base_dir: hfDir, name: 'tiny' }),
  );
  const events = (await runPython(['-m', 'confidant_trainer.export', '--config', configFile], python))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line));
  const done = z
    .object({
      event: z.literal('done'),
      summary: z.object({
        model: z.object({ path: z.string(), seconds: z.number(), eos_token_id: z.number().int() }),
        lora: z.object({ path: z.string(), seconds: z.number() }),
      }),
    })
    .parse(events.at(-1));

  t = performance.now();
  const q4km = path.join(outDir, 'tiny-q4_k_m.gguf');
  await quantizeGguf({ input: done.summary.model.path, output: q4km, type: 'Q4_K_M', llamaHeader: source.llamaHeader });
  const quantizeSeconds = (performance.now() - t) / 1000;

  const manifest: TinyGgufManifest = {
    hfDir,
    loraDir,
    f16: done.summary.model.path,
    q4km,
    lora: done.summary.lora.path,
    hiddenSize,
    eosTokenId: done.summary.model.eos_token_id,
    llamaCppDir: source.dir,
    seconds: { model: modelSeconds, convert: done.summary.model.seconds, convertLora: done.summary.lora.seconds, quantize: quantizeSeconds },
    bytes: { f16: fs.statSync(done.summary.model.path).size, q4km: fs.statSync(q4km).size, lora: fs.statSync(done.summary.lora.path).size },
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [outDir, flag, value] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: npx tsx scripts/make-tiny-gguf.ts OUT_DIR [--hidden-size 256]');
    process.exit(2);
  }
  const manifest = await makeTinyGguf(path.resolve(outDir), flag === '--hidden-size' && value ? { hiddenSize: Number(value) } : {});
  console.log(JSON.stringify(manifest, null, 2));
}
