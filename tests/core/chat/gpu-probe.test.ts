/**
 * The GPU backend test that runs before the app trusts a backend in its own process: a child loads
 * the real model and generates. CI has no GPU, so the GPU side is exercised two ways: the CPU runs
 * the very same child, and an abort at the first kernel (what node-llama-cpp's CUDA build does under
 * driver 580 on an H100, docs/benchmarks.md) is simulated by a hook in the child.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '../../../electron/core/chat/engine.ts';
import { chooseGpuBackend, runProbe } from '../../../electron/core/chat/gpu-probe.ts';
import { gemmaPath } from './chat-fixtures.ts';

const hasNvidiaDevice = fs.existsSync('/dev/nvidia0');

afterEach(() => {
  delete process.env.CONFIDANT_GPU_PROBE_FAULT;
});

describe('GPU backend test in a child process', () => {
  it('loads the real model in the child and generates two tokens', async () => {
    const reply = await runProbe({ gpu: false, modelPath: gemmaPath(), gpuLayers: 0 }, 120_000);
    expect(reply).toEqual({ ok: true, backend: 'cpu', devices: [], tokens: 2 });
  }, 180_000);

  it('turns an abort in the child into a reason, and this process lives on (simulated driver abort: no GPU in CI)', async () => {
    process.env.CONFIDANT_GPU_PROBE_FAULT = 'abort';
    const reply = await runProbe({ gpu: 'cuda', modelPath: gemmaPath(), gpuLayers: 2 }, 60_000);
    expect(reply).toEqual({ ok: false, message: 'the process aborted: simulated driver fault (CONFIDANT_GPU_PROBE_FAULT)' });
  }, 120_000);

  it('says when the test does not finish in time', async () => {
    process.env.CONFIDANT_GPU_PROBE_FAULT = 'abort';
    const reply = await runProbe({ gpu: 'cuda', modelPath: gemmaPath(), gpuLayers: 2 }, 1);
    expect(reply).toEqual({ ok: false, message: 'it did not finish in 0 s' });
  }, 60_000);

  it.skipIf(hasNvidiaDevice)('names each backend that cannot run on a machine without a GPU driver, and chooses none', async () => {
    const choice = await chooseGpuBackend({ modelPath: gemmaPath(), candidates: ['cuda', 'vulkan'], timeoutMs: 120_000 });
    expect(choice.gpu).toBe(false);
    expect(choice.failures).toHaveLength(2);
    expect(choice.failures[0]).toMatch(/^CUDA failed a test run \(.+\)$/);
    expect(choice.failures[1]).toMatch(/^Vulkan failed a test run \(.+\)$/);
  }, 300_000);
});

describe('chat engine with a GPU backend that aborts (simulated driver abort: no GPU in CI)', () => {
  it('chats on the CPU and tells the person which backend failed and why', async () => {
    process.env.CONFIDANT_GPU_PROBE_FAULT = 'abort';
    const engine = new ChatEngine({ gpu: 'auto', gpuCandidates: ['cuda'], threads: 1, maxContextSize: 512 });
    try {
      const loaded = await engine.load({ modelId: 1, name: 'gemma', path: gemmaPath(), adapterPath: null });
      expect(loaded.info.backend).toBe('cpu');
      expect(loaded.info.summary).toContain(
        'CUDA failed a test run (the process aborted: simulated driver fault (CONFIDANT_GPU_PROBE_FAULT)); chatting on the CPU.',
      );
      const answer = await loaded.generate({
        systemPrompt: '',
        turns: [{ role: 'user', text: 'Say hello.' }],
        maxTokens: 4,
        temperature: 0,
        signal: new AbortController().signal,
        onText: () => undefined,
      });
      expect(answer.tokenCount).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  }, 300_000);
});
