/**
 * `npm run bench:chat`: prompt processing and generation speed, and time to first token, through
 * Confidant's chat engine (electron/core/chat), beside llama.cpp's own `llama-bench` built from the
 * source node-llama-cpp carries. Same GGUF, same thread count, same machine. Prints figures only.
 *
 *   npm run bench:chat -- [--model FILE] [--threads N] [--pp 128] [--tg 64] [--reps 3] [--gpu auto|cpu]
 *                         [--llama-bench PATH] [--json]
 *
 * Default model: the Gemma 3 270M Q4_K_M from scripts/fetch-test-model.sh. llama-bench is looked for
 * at .cache/llama-bench-prebuilt/llama-bench: llama-bench's own source (from the bundle node-llama-cpp
 * carries) compiled against node-llama-cpp's prebuilt libllama/libggml, so both sides run the very
 * same CPU kernels and only the harness differs. Build it once (about 3 minutes on 2 cores):
 *   git clone node_modules/node-llama-cpp/llama/gitRelease.bundle .cache/llama.cpp-bench
 *   mkdir -p .cache/llama-bench-prebuilt && cp node_modules/@node-llama-cpp/linux-x64/bins/<*>/<*>.so .cache/llama-bench-prebuilt/
 *   S=.cache/llama.cpp-bench; g++ -O2 -std=c++17 -I$S/include -I$S/common -I$S/ggml/include -I$S/vendor \
 *     $S/tools/llama-bench/llama-bench.cpp $S/tools/llama-bench/main.cpp -L.cache/llama-bench-prebuilt \
 *     -l:libllama-common.so -l:libllama.v0.5.0.so -l:libggml.v0.5.0.so -l:libggml-base.so -lpthread \
 *     -Wl,-rpath,'$ORIGIN' -o .cache/llama-bench-prebuilt/llama-bench
 * (A full cmake build of the bundle, native flags, works too: pass --llama-bench PATH.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ChatEngine } from '../electron/core/chat/engine.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    threads: { type: 'string' },
    pp: { type: 'string', default: '128' },
    tg: { type: 'string', default: '64' },
    reps: { type: 'string', default: '3' },
    gpu: { type: 'string', default: 'cpu' },
    'llama-bench': { type: 'string', default: path.join(repoRoot, '.cache/llama-bench-prebuilt/llama-bench') },
    json: { type: 'boolean', default: false },
  },
});

interface Figures {
  ppTokensPerS: number;
  tgTokensPerS: number;
  ttftMs: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

function modelPath(): string {
  if (args.model) return path.resolve(args.model);
  return execFileSync(path.join(repoRoot, 'scripts/fetch-test-model.sh'), { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
}

/**
 * Confidant: pp = prompt tokens / time to first token (prompt evaluation plus one sampled token,
 * as a person waits for it); tg = tokens after the first / time after the first. A different first
 * word per repetition keeps the KV cache from reusing the previous prompt.
 */
async function benchConfidant(file: string, threads: number, pp: number, tg: number, reps: number): Promise<Figures & { backend: string; generated: number[] }> {
  const engine = new ChatEngine({ gpu: args.gpu === 'auto' ? 'auto' : 'cpu', threads, maxContextSize: Math.max(1024, pp + tg + 64) });
  try {
    const loaded = await engine.load({ modelId: 0, name: path.basename(file), path: file, adapterPath: null });
    const filler = 'the quiet harbour at dawn with boats and gulls and a light wind from the sea '.repeat(64).split(' ');
    const ppRates: number[] = [];
    const tgRates: number[] = [];
    const ttfts: number[] = [];
    const generated: number[] = [];
    for (let rep = -1; rep < reps; rep += 1) {
      // Grow the text word by word until the prompt (template included) has `pp` tokens.
      let words = pp;
      let text = '';
      for (;;) {
        text = `Run ${rep + 2}. ${filler.slice(0, words).join(' ')}\nContinue the story at length.`;
        const n = loaded.countTokens('', [{ role: 'user', text }]);
        if (n >= pp || words > filler.length - 2) break;
        words += Math.max(1, pp - n);
      }
      const promptTokens = loaded.countTokens('', [{ role: 'user', text }]);
      let firstAt = 0;
      let lastAt = 0;
      let chunks = 0;
      const started = performance.now();
      const result = await loaded.generate({
        systemPrompt: '',
        turns: [{ role: 'user', text }],
        maxTokens: tg,
        temperature: 0,
        signal: new AbortController().signal,
        onText: () => {
          const now = performance.now();
          if (chunks === 0) firstAt = now;
          lastAt = now;
          chunks += 1;
        },
      });
      // The first pass warms caches and is not counted, as llama-bench does.
      if (rep < 0 || result.tokenCount < 2) continue;
      const ttft = firstAt - started;
      ttfts.push(ttft);
      ppRates.push(promptTokens / (ttft / 1000));
      tgRates.push((result.tokenCount - 1) / ((lastAt - firstAt) / 1000));
      generated.push(result.tokenCount);
    }
    return { backend: loaded.info.backend, ppTokensPerS: median(ppRates), tgTokensPerS: median(tgRates), ttftMs: median(ttfts), generated };
  } finally {
    await engine.dispose();
  }
}

function benchLlama(file: string, threads: number, pp: number, tg: number, reps: number): Figures | string {
  const bin = args['llama-bench'] ?? '';
  if (!fs.existsSync(bin)) return `llama-bench not found at ${bin}; build it as the header of this script says`;
  const ngl = args.gpu === 'auto' ? '99' : '0';
  const out = execFileSync(bin, ['-m', file, '-p', String(pp), '-n', String(tg), '-t', String(threads), '-r', String(reps), '-ngl', ngl, '-o', 'json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rows = JSON.parse(out) as { n_prompt: number; n_gen: number; avg_ts: number }[];
  const ppRow = rows.find((r) => r.n_prompt > 0 && r.n_gen === 0);
  const tgRow = rows.find((r) => r.n_gen > 0 && r.n_prompt === 0);
  return { ppTokensPerS: ppRow?.avg_ts ?? Number.NaN, tgTokensPerS: tgRow?.avg_ts ?? Number.NaN, ttftMs: null };
}

async function main(): Promise<void> {
  const file = modelPath();
  const pp = Number(args.pp);
  const tg = Number(args.tg);
  const reps = Number(args.reps);
  const threads = Number(args.threads ?? 2);
  const confidant = await benchConfidant(file, threads, pp, tg, reps);
  const llama = benchLlama(file, threads, pp, tg, reps);
  const ratio = typeof llama === 'string' ? null : confidant.tgTokensPerS / llama.tgTokensPerS;
  const report = { model: path.basename(file), backend: confidant.backend, threads, pp, tg, reps, confidant, llamaBench: llama, generationRatio: ratio };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const f = (n: number | null): string => (n === null || Number.isNaN(n) ? '-' : n.toFixed(1));
  const lines = [
    `Model ${report.model}, ${report.backend}, ${threads} threads, pp${pp} / tg${tg}, ${reps} repetitions (medians; llama-bench: means)`,
    '| | prompt tok/s | generation tok/s | time to first token (ms) |',
    '| --- | ---: | ---: | ---: |',
    `| Confidant (node-llama-cpp) | ${f(confidant.ppTokensPerS)} | ${f(confidant.tgTokensPerS)} | ${f(confidant.ttftMs)} |`,
    typeof llama === 'string' ? `| llama-bench | ${llama} | | |` : `| llama-bench | ${f(llama.ppTokensPerS)} | ${f(llama.tgTokensPerS)} | - |`,
    ratio === null ? '' : `Generation: Confidant at ${(ratio * 100).toFixed(0)}% of llama-bench (target 95%). Tokens generated per run: ${confidant.generated.join(', ')}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
