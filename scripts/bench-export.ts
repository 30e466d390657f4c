/**
 * Export benchmark: convert a random Mistral-shaped model to GGUF f16 and quantise it, printing times.
 *
 *   npx tsx scripts/bench-export.ts [--hidden-size 1024] [--layers 4] [--threads N] [--out DIR]
 *
 * Uses the same path as the app: the trainer's `export` (llama.cpp's converter from node-llama-cpp's
 * bundle) and quantizeGguf (node-llama-cpp's libllama through koffi). Prints one line per step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ensureLlamaCppSource, quantizeGguf, type QuantType } from '../electron/core/models/index.ts';
import { runPython } from './make-tiny-gguf.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    'hidden-size': { type: 'string', default: '1024' },
    layers: { type: 'string', default: '4' },
    threads: { type: 'string', default: String(os.availableParallelism()) },
    out: { type: 'string' },
  },
});
const hiddenSize = Number(values['hidden-size']);
const layers = Number(values.layers);
const threads = Number(values.threads);
const out = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-bench-export-'));
const hfDir = path.join(out, 'hf');

const made = await runPython([
  '-c',
  'import sys, json, math; from pathlib import Path; from safetensors import safe_open; ' +
    'from confidant_trainer.testing.tiny_model import make_tiny_mistral; ' +
    'd = make_tiny_mistral(Path(sys.argv[1]), hidden_size=int(sys.argv[2]), layers=int(sys.argv[3])); ' +
    'f = safe_open(str(d / "model.safetensors"), "np"); ' +
    'print(json.dumps({"params": sum(math.prod(f.get_slice(k).get_shape()) for k in f.keys())}))',
  hfDir,
  String(hiddenSize),
  String(layers),
]);
const { params } = z.object({ params: z.number() }).parse(JSON.parse(made.trim().split('\n').at(-1) ?? ''));

const source = await ensureLlamaCppSource(path.join(repoRoot, '.cache', 'tools'));
const configFile = path.join(out, 'export.json');
fs.writeFileSync(configFile, JSON.stringify({ llama_cpp_dir: source.dir, out_dir: out, merged_dir: hfDir, name: 'bench' }));
const started = performance.now();
const events = (await runPython(['-m', 'confidant_trainer.export', '--config', configFile])).trim().split('\n');
const exportWall = (performance.now() - started) / 1000;
const done = z
  .object({ summary: z.object({ model: z.object({ path: z.string(), bytes: z.number(), seconds: z.number() }) }) })
  .parse(JSON.parse(events.at(-1) ?? ''));

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
console.log(`model: MistralForCausalLM hidden ${hiddenSize}, ${layers} layers, ${(params / 1e6).toFixed(1)}M params; cpu: ${os.cpus()[0]?.model ?? '?'} x${os.availableParallelism()}, load ${os.loadavg()[0]?.toFixed(1)}`);
console.log(`convert f16: ${done.summary.model.seconds.toFixed(1)} s converter, ${exportWall.toFixed(1)} s whole export command -> ${mb(done.summary.model.bytes)}`);
for (const type of ['Q4_K_M', 'Q5_K_M', 'Q8_0'] satisfies QuantType[]) {
  const result = await quantizeGguf({ input: done.summary.model.path, output: path.join(out, `bench-${type}.gguf`), type, llamaHeader: source.llamaHeader, threads });
  console.log(`quantize ${type}: ${result.seconds.toFixed(1)} s (${threads} threads) -> ${mb(result.bytes)}, ${((params / 1e6) / result.seconds).toFixed(1)}M params/s`);
}
if (!values.out) fs.rmSync(out, { recursive: true, force: true });
