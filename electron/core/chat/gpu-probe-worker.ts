/**
 * Child process that loads a model on one GPU backend and generates two tokens; started by
 * gpu-probe.ts only.
 *
 * A prebuilt GPU binary can load and still abort the whole process at its first kernel: node-llama-cpp
 * 3.22's CUDA build carries PTX from a newer CUDA than driver 580 (CUDA 13.0) can compile, and on an
 * H100 the first decode ends in "the provided PTX was compiled with an unsupported toolchain" and
 * abort(). In the app's own process that would take the window down with it, so the test runs here.
 * Argument: one JSON `ProbeRequest`. Output: one JSON `ProbeReply` line on stdout.
 */
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { ProbeRequest, type ProbeReply } from './gpu-probe-protocol.ts';

function reply(message: ProbeReply): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(request: ProbeRequest): Promise<void> {
  // Test hook for CI, which has no GPU: stands in for a driver that aborts at the first kernel.
  if (process.env.CONFIDANT_GPU_PROBE_FAULT === 'abort') {
    process.stderr.write('simulated driver fault (CONFIDANT_GPU_PROBE_FAULT)\n');
    process.abort();
  }
  const llama = await getLlama({ gpu: request.gpu, build: 'never', logLevel: LlamaLogLevel.error });
  if (llama.gpu !== request.gpu) {
    reply({ ok: false, message: `node-llama-cpp loaded ${llama.gpu === false ? 'no GPU backend' : llama.gpu} instead` });
    return;
  }
  const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: request.gpuLayers });
  const context = await model.createContext({ contextSize: 256 });
  const sequence = context.getSequence();
  let tokens = 0;
  for await (const token of sequence.evaluate(model.tokenize('Hello'), { temperature: 0 })) {
    void token;
    tokens += 1;
    if (tokens >= 2) break;
  }
  reply({ ok: true, backend: llama.gpu === false ? 'cpu' : llama.gpu, devices: await llama.getGpuDeviceNames(), tokens });
  await llama.dispose();
}

try {
  await main(ProbeRequest.parse(JSON.parse(process.argv[2] ?? '')));
} catch (cause) {
  reply({ ok: false, message: cause instanceof Error ? cause.message : String(cause) });
}
