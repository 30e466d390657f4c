/**
 * Which backend chat would use on this machine, and why: loads one GGUF through the app's own chat
 * engine (GPU backends tested in a child process first, electron/core/chat/gpu-probe.ts) and
 * generates a few tokens. Prints the engine's summary, then one JSON line.
 *
 *   npx tsx scripts/gpu-chat-bench/check-backend.ts MODEL.gguf
 */
import path from 'node:path';
import { ChatEngine } from '../../electron/core/chat/engine.ts';

const file = path.resolve(process.argv[2] ?? '');
const engine = new ChatEngine({ gpu: 'auto', maxContextSize: 512 });
try {
  const loaded = await engine.load({ modelId: 0, name: path.basename(file), path: file, adapterPath: null });
  process.stdout.write(`${loaded.info.summary}\n`);
  const answer = await loaded.generate({
    systemPrompt: '',
    turns: [{ role: 'user', text: 'Write one line about the sea.' }],
    maxTokens: 16,
    temperature: 0,
    signal: new AbortController().signal,
    onText: () => undefined,
  });
  process.stdout.write(`${JSON.stringify({ backend: loaded.info.backend, gpuLayers: loaded.info.gpuLayers, tokens: answer.tokenCount })}\n`);
} finally {
  await engine.dispose();
}
