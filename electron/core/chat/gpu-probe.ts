import { getLlamaGpuTypes } from 'node-llama-cpp';
import { spawnWorker, workerFile } from '../child-worker.ts';
import { ProbeReply, type ProbeRequest } from './gpu-probe-protocol.ts';

/**
 * Which GPU backend to chat on, decided by running each one for real in a child process first
 * (gpu-probe-worker.ts says why: a backend that loads may still abort at its first kernel).
 * The backends are tried in node-llama-cpp's order for this platform (CUDA, then Vulkan on Linux and
 * Windows; Metal on macOS); the first that generates wins, and each one that failed is named with
 * its reason, so the person reads why chat runs where it does.
 */

export type GpuBackend = 'cuda' | 'vulkan' | 'metal';

export interface BackendChoice {
  gpu: GpuBackend | false;
  /** One line per backend that failed, e.g. "CUDA failed a test run (the process aborted: ...)". */
  failures: string[];
}

export interface ChooseOptions {
  modelPath: string;
  /** Backends to try, in order; default: the ones node-llama-cpp supports on this platform. */
  candidates?: GpuBackend[];
  /** Per backend; loading a large model from a slow disk is the slow part. */
  timeoutMs?: number;
}

const NAMES: Record<GpuBackend, string> = { cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal' };
const probeWorker = workerFile(import.meta.url, 'gpu-probe-worker');

export async function chooseGpuBackend(options: ChooseOptions): Promise<BackendChoice> {
  const supported = (await getLlamaGpuTypes('supported')).filter((t): t is GpuBackend => t !== false);
  const candidates = options.candidates ?? supported;
  const failures: string[] = [];
  for (const gpu of candidates) {
    const reply = await runProbe({ gpu, modelPath: options.modelPath, gpuLayers: 2 }, options.timeoutMs ?? 180_000);
    if (reply.ok) return { gpu, failures };
    failures.push(`${NAMES[gpu]} failed a test run (${reply.message})`);
  }
  return { gpu: false, failures };
}

/** Runs the worker once; never throws: every way it can end becomes a reply. */
export function runProbe(request: ProbeRequest, timeoutMs: number): Promise<ProbeReply> {
  return new Promise((resolve) => {
    const child = spawnWorker(probeWorker, request);
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8000)));
    child.on('error', (cause) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `could not start the test: ${cause.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const line of stdout.split('\n').reverse()) {
        const parsed = ProbeReply.safeParse(safeJson(line));
        if (parsed.success) return resolve(parsed.data);
      }
      if (timedOut) return resolve({ ok: false, message: `it did not finish in ${Math.round(timeoutMs / 1000)} s` });
      const how = signal === 'SIGABRT' || code === 134 ? 'the process aborted' : `the process ended with ${signal ?? `exit code ${code}`}`;
      const cause = lastErrorLine(stderr);
      resolve({ ok: false, message: cause ? `${how}: ${cause}` : how });
    });
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Lines of the native backtraces that ggml and Node print on abort. */
const BACKTRACE = /^(\d+: |\/|\[0x|-{3,}|#\d)|\(\+0x[0-9a-f]+\)|ggml_print_backtrace/;

/** llama.cpp's own words for the failure ("CUDA error: ..."), not the backtrace after them. */
function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !BACKTRACE.test(l));
  return lines.find((l) => /error/i.test(l)) ?? lines[0];
}
