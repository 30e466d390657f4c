/**
 * `npm run bench:chat`: prompt processing and generation speed, and time to first token, through
 * Confidant's chat engine (electron/core/chat), beside llama.cpp's own `llama-bench` built from the
 * source node-llama-cpp carries. Same GGUF, same thread count, same machine. Prints figures only.
 *
 *   npm run bench:chat -- [--model FILE] [--threads N] [--pp 128] [--tg 64] [--reps 3] [--rounds 3] [--gpu auto|cpu]
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
import { ChatEngine, type LoadedModel } from '../electron/core/chat/engine.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    threads: { type: 'string' },
    pp: { type: 'string', default: '128' },
    tg: { type: 'string', default: '64' },
    reps: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
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
async function benchConfidant(loaded: LoadedModel, pp: number, tg: number, reps: number, warmUp: boolean): Promise<Figures & { promptTokens: number; generated: number[] }> {
  const filler = 'the quiet harbour at dawn with boats and gulls and a light wind from the sea '.repeat(Math.ceil(pp / 8) + 8).split(' ');
  const ppRates: number[] = [];
  const tgRates: number[] = [];
  const ttfts: number[] = [];
  const generated: number[] = [];
  let promptTokens = 0;
  for (let rep = warmUp ? -1 : 0; rep < reps; rep += 1) {
    // Grow the text word by word until the prompt (template included) has `pp` tokens.
    const textOf = (words: number): string => `Run ${runCounter}. ${filler.slice(0, words).join(' ')}\nContinue the story at length.`;
    const count = (t: string): number => loaded.countTokens('', [{ role: 'user', text: t }]);
    let words = pp;
    let text = textOf(words);
    for (let n = count(text); n < pp && words <= filler.length - 2; n = count(text)) {
      words += Math.max(1, pp - n);
      text = textOf(words);
    }
    runCounter += 1;
    promptTokens = loaded.countTokens('', [{ role: 'user', text }]);
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
  return { ppTokensPerS: median(ppRates), tgTokensPerS: median(tgRates), ttftMs: median(ttfts), promptTokens, generated };
}
let runCounter = 1;

/**
 * llama-bench: pp at depth 0, and tg at the depth Confidant generates at (after its prompt), so both
 * decode over the same number of cached tokens. Same threads; all layers on the GPU when one is used.
 */
function benchLlama(file: string, threads: number, pp: number, tg: number, depth: number, reps: number): Figures | string {
  const bin = args['llama-bench'] ?? '';
  if (!fs.existsSync(bin)) return `llama-bench not found at ${bin}; build it as the header of this script says`;
  const ngl = args.gpu === 'auto' ? '99' : '0';
  const run = (extra: string[]): { n_prompt: number; n_gen: number; avg_ts: number }[] =>
    JSON.parse(
      execFileSync(bin, ['-m', file, '-t', String(threads), '-r', String(reps), '-ngl', ngl, '-o', 'json', ...extra], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { n_prompt: number; n_gen: number; avg_ts: number }[];
  const ppRow = run(['-p', String(pp), '-n', '0']).find((r) => r.n_prompt > 0);
  const tgRow = run(['-p', '0', '-n', String(tg), '-d', String(depth)]).find((r) => r.n_gen > 0);
  return { ppTokensPerS: ppRow?.avg_ts ?? Number.NaN, tgTokensPerS: tgRow?.avg_ts ?? Number.NaN, ttftMs: null };
}

async function main(): Promise<void> {
  const file = modelPath();
  const pp = Number(args.pp);
  const tg = Number(args.tg);
  const reps = Number(args.reps);
  const rounds = Number(args.rounds);
  const threads = Number(args.threads ?? 2);
  // Rounds alternate the two sides, so a neighbour's load on a shared machine falls on both alike;
  // the ratio reported is the median of the per-round ratios.
  const engine = new ChatEngine({ gpu: args.gpu === 'auto' ? 'auto' : 'cpu', threads, maxContextSize: Math.max(1024, pp + tg + 64) });
  const perRound: { confidant: Figures & { promptTokens: number; generated: number[] }; llamaBench: Figures | string; ratio: number | null }[] = [];
  const loaded = await engine.load({ modelId: 0, name: path.basename(file), path: file, adapterPath: null }).catch(async (cause: unknown) => {
    await engine.dispose();
    throw cause;
  });
  const { summary, backend } = loaded.info;
  try {
    for (let round = 0; round < rounds; round += 1) {
      const confidant = await benchConfidant(loaded, pp, tg, reps, round === 0);
      const llamaBench = benchLlama(file, threads, pp, tg, confidant.promptTokens, reps);
      const ratio = typeof llamaBench === 'string' ? null : confidant.tgTokensPerS / llamaBench.tgTokensPerS;
      perRound.push({ confidant, llamaBench, ratio });
      if (!args.json) process.stderr.write(`round ${round + 1}/${rounds}: Confidant ${confidant.tgTokensPerS.toFixed(1)} tok/s, llama-bench ${typeof llamaBench === 'string' ? llamaBench : llamaBench.tgTokensPerS.toFixed(1)} tok/s\n`);
    }
  } finally {
    await engine.dispose();
  }
  const pick = (f: (r: (typeof perRound)[number]) => number | null | undefined): number => median(perRound.map(f).filter((x): x is number => typeof x === 'number'));
  const llamaFigures = (key: keyof Figures) => pick((r) => (typeof r.llamaBench === 'string' ? null : r.llamaBench[key]));
  const confidant = { ppTokensPerS: pick((r) => r.confidant.ppTokensPerS), tgTokensPerS: pick((r) => r.confidant.tgTokensPerS), ttftMs: pick((r) => r.confidant.ttftMs) };
  const llamaError = perRound.map((r) => r.llamaBench).find((x): x is string => typeof x === 'string');
  const llama = llamaError ?? { ppTokensPerS: llamaFigures('ppTokensPerS'), tgTokensPerS: llamaFigures('tgTokensPerS'), ttftMs: null };
  const ratio = llamaError ? null : pick((r) => r.ratio);
  const depth = perRound[0]?.confidant.promptTokens ?? pp;
  const report = { model: path.basename(file), backend, summary, threads, pp, tg, depth, reps, rounds, confidant, llamaBench: llama, generationRatio: ratio, perRound };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const f = (n: number | null): string => (n === null || Number.isNaN(n) ? '-' : n.toFixed(1));
  const lines = [
    summary,
    `Model ${report.model}, ${backend}, ${threads} threads, pp${pp} / tg${tg} (llama-bench tg at depth ${depth}), ${rounds} rounds of ${reps} repetitions (medians of rounds)`,
    '| | prompt tok/s | generation tok/s | time to first token (ms) |',
    '| --- | ---: | ---: | ---: |',
    `| Confidant (node-llama-cpp) | ${f(confidant.ppTokensPerS)} | ${f(confidant.tgTokensPerS)} | ${f(confidant.ttftMs)} |`,
    typeof llama === 'string' ? `| llama-bench | ${llama} | | |` : `| llama-bench | ${f(llama.ppTokensPerS)} | ${f(llama.tgTokensPerS)} | - |`,
    ratio === null
      ? ''
      : `Generation: Confidant at ${(ratio * 100).toFixed(0)}% of llama-bench (target 95%; per round: ${perRound.map((r) => `${((r.ratio ?? 0) * 100).toFixed(0)}%`).join(', ')}). Tokens generated per run: ${perRound.flatMap((r) => r.confidant.generated).join(', ')}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
