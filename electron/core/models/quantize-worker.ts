/**
 * Child process that runs one `llama_model_quantize` through koffi; started by quantize.ts only.
 *
 * It runs apart from the app because llama.cpp may abort() the whole process on a file it cannot
 * handle, and because the app (Electron's main process, say) already holds node-llama-cpp's copy of
 * libllama with its own log callback. Argument: one JSON `WorkerRequest`. Output: JSON lines
 * (`WorkerMessage`) on stdout; exit 0 when the output file was written.
 */
import koffi from 'koffi';
import { parseUnknown } from '../../api/errors.ts';
import { QUANTIZE_PARAMS_FIELDS, koffiTypeOf } from './llama-abi.ts';
import { WorkerRequest, type WorkerMessage } from './quantize-protocol.ts';

const GGML_LOG_LEVEL_WARN = 3;
const GGML_LOG_LEVEL_ERROR = 4;

function send(message: WorkerMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function main(request: WorkerRequest): void {
  const llama = koffi.load(request.llama);
  const ggml = koffi.load(request.ggml);
  // Registered by name: the signatures below refer to it as `llama_model_quantize_params`.
  koffi.struct('llama_model_quantize_params', Object.fromEntries(QUANTIZE_PARAMS_FIELDS.map(([name, type]) => [name, koffiTypeOf(type)])));
  const LogCallback = koffi.proto('void ggml_log_callback(int level, const char *text, void *user_data)');
  const setLog = llama.func('void llama_log_set(ggml_log_callback *callback, void *user_data)');
  const loadBackends = ggml.func('void ggml_backend_load_all_from_path(const char *dir_path)');
  const backendInit = llama.func('void llama_backend_init(void)');
  const defaultParams = llama.func('llama_model_quantize_params llama_model_quantize_default_params(void)');
  const quantize = llama.func('uint32_t llama_model_quantize(const char *fname_inp, const char *fname_out, const llama_model_quantize_params *params)');

  let line = '';
  const onLog = (level: number, text: string | null): void => {
    if (text === null) return;
    // llama.cpp logs one tensor's line in several calls; progress reads the "[  i/  n] name" head.
    const head = /^\[\s*(\d+)\/\s*(\d+)\]\s+(\S+)/.exec(text);
    if (head) send({ kind: 'progress', done: Number(head[1]), total: Number(head[2]), tensor: String(head[3]) });
    if (level >= GGML_LOG_LEVEL_WARN && level <= GGML_LOG_LEVEL_ERROR) {
      line += text;
      if (line.endsWith('\n')) {
        const trimmed = line.trim();
        if (trimmed !== '' && !/^=+$/.test(trimmed)) send({ kind: 'log', level: level === GGML_LOG_LEVEL_ERROR ? 'error' : 'warn', text: trimmed });
        line = '';
      }
    }
  };
  const callback = koffi.register(onLog, koffi.pointer(LogCallback));
  setLog(callback, null);
  loadBackends(request.binsDir);
  backendInit();
  const params: Record<string, unknown> = defaultParams();
  params.ftype = request.ftype;
  params.nthread = request.threads;
  // .async runs the call on a koffi thread, so log callbacks reach this (free) event loop as they come.
  quantize.async(request.input, request.output, params, (error: unknown, code: number) => {
    koffi.unregister(callback);
    if (error) send({ kind: 'log', level: 'error', text: error instanceof Error ? error.message : String(error) });
    send({ kind: 'done', code: error ? -1 : code });
    process.exitCode = !error && code === 0 ? 0 : 1;
  });
}

main(parseUnknown(WorkerRequest, JSON.parse(process.argv[process.argv.length - 1] ?? '{}'), 'quantize worker request'));
