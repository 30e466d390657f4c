/**
 * One click after training (and `confidant export RUN`): evaluate -> merge -> GGUF -> quantize ->
 * register, as an export run of its own whose events stream like a training run's. Each Python step
 * is the trainer; quantisation is node-llama-cpp's libllama (electron/core/models), no compiler.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import { EvaluationReport, TrainerConfig, parseJson } from '../../api/trainer-artifacts.ts';
import { unloadAllModels } from '../chat/engine.ts';
import { addModel } from '../chat/registry.ts';
import type { CoreContext } from '../context.ts';
import { ensureLlamaCppSource, quantizeGguf, type QuantType } from '../models/index.ts';
import { isAtChance, redactedCanaries } from './leak-canaries.ts';
import { insertModel } from './model-registry.ts';
import type { RunManager, TrainerLauncher } from './run-manager.ts';
import { getRun, insertRun, listEvents, type RunRow } from './run-store.ts';

/** Fixed prompts whose answers (base vs fine-tuned) go into the evaluation report. */
const EVAL_PROMPTS = ['Write my journal entry for today.', 'What did I do last weekend?', 'Describe a walk I took recently.'];

interface Phase {
  name: string;
  run: () => Promise<void>;
}

class PhaseError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

export function startExport(ctx: CoreContext, manager: RunManager, launcher: TrainerLauncher, sourceId: string, quant: QuantType): RunRow {
  const source = getRun(ctx.db, sourceId);
  if (!source) throw new ConfidantError('not_found', `No run "${sourceId}". \`confidant runs\` lists them.`);
  if (source.command !== 'train') throw new ConfidantError('invalid_input', `${sourceId} is an export, not a training run: export the training run it came from.`);
  const adapter = path.join(source.run_dir, 'train', 'adapter');
  if (source.status !== 'completed' || !fs.existsSync(path.join(adapter, 'adapter_config.json'))) {
    throw new ConfidantError('conflict', `Run ${sourceId} is ${source.status}; only a completed run with an adapter can be exported. Resume it first.`);
  }
  manager.assertIdle();
  const trainConfig = parseJson(TrainerConfig, source.config, `config of run ${sourceId}`);
  void unloadAllModels();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const id = `export-${stamp}-${crypto.randomBytes(2).toString('hex')}`;
  const dir = path.join(ctx.paths.runs, id);
  fs.mkdirSync(dir);
  const config = { source_run: sourceId, quant };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  insertRun(ctx.db, { id, command: 'export', dataset_id: source.dataset_id, base_model: source.base_model, preset: source.preset, config: JSON.stringify(config), run_dir: dir });
  manager.beginJob(id);
  void runPipeline(ctx, manager, launcher, { source, trainConfig }, id, dir, quant);
  return getRun(ctx.db, id) as RunRow;
}

async function runPipeline(
  ctx: CoreContext,
  manager: RunManager,
  launcher: TrainerLauncher,
  { source, trainConfig }: { source: RunRow; trainConfig: TrainerConfig },
  id: string,
  dir: string,
  quant: QuantType,
): Promise<void> {
  const adapter = path.join(source.run_dir, 'train', 'adapter');
  const mergedDir = path.join(dir, 'merged');
  const ggufDir = path.join(dir, 'gguf');
  const reportFile = path.join(dir, 'evaluation.json');
  const name = path.basename(source.base_model).replace(/[^\w.-]+/g, '_') || 'model';
  let f16 = '';
  let lora = '';
  let quantized = { path: '', bytes: 0 };
  const { canaries, lookalikes } = redactedCanaries(ctx.db);

  const python = async (phase: string, args: string[], config: unknown) => {
    // Configs go in on stdin: the leak check's canaries must never be written to disk.
    const { code, signal } = await manager.runPhase(id, launcher, [...args, '--config', '-'], JSON.stringify(config));
    if (code !== 0) {
      const error = listEvents(ctx.db, id).map((e) => e.event).filter((e) => e.event === 'error').at(-1);
      throw new PhaseError(
        error && error.event === 'error' ? `${phase} failed: ${error.message}` : `${phase} ended unexpectedly (${signal ?? `exit code ${code}`}).`,
        error && error.event === 'error' ? error.hint : `See ${path.join(dir, 'trainer.log')}.`,
      );
    }
  };

  const hasTest = typeof trainConfig.data?.test === 'string' && fs.existsSync(trainConfig.data.test);
  const phases: Phase[] = [
    {
      name: 'evaluate',
      run: async () => {
        if (!hasTest) {
          manager.appendEvent(id, { event: 'warning', message: 'The dataset has no test split: perplexity and the leak check were skipped.', hint: 'Build the dataset with a test split (the default 80/10/10) to measure the model.' });
          return;
        }
        await python('evaluate', ['-m', 'confidant_trainer', 'evaluate'], {
          ...trainConfig,
          train: { ...trainConfig.train, resume: false },
          evaluate: { adapter, report: reportFile, prompts: EVAL_PROMPTS, max_new_tokens: 48, canaries, canary_lookalikes: lookalikes, candidates: 200, max_test_rows: 200 },
        });
      },
    },
    {
      name: 'merge',
      run: () => python('merge', ['-m', 'confidant_trainer', 'merge'], { ...trainConfig, train: { ...trainConfig.train, resume: false }, merge: { adapter, out_dir: mergedDir } }),
    },
    {
      name: 'export',
      run: async () => {
        const llama = await ensureLlamaCppSource(path.join(ctx.paths.root, 'tools'));
        await python('export', ['-m', 'confidant_trainer.export'], {
          llama_cpp_dir: llama.dir,
          out_dir: ggufDir,
          merged_dir: mergedDir,
          adapter_dir: adapter,
          base_dir: trainConfig.model?.path,
          name,
        });
        for (const { event } of listEvents(ctx.db, id)) {
          if (event.event !== 'artifact') continue;
          if (event.kind === 'gguf_f16') f16 = event.path;
          if (event.kind === 'gguf_lora') lora = event.path;
        }
        if (!f16) throw new PhaseError('export wrote no f16 GGUF.', `See ${path.join(dir, 'trainer.log')}.`);
      },
    },
    {
      name: 'quantize',
      run: async () => {
        const llama = await ensureLlamaCppSource(path.join(ctx.paths.root, 'tools'));
        manager.appendEvent(id, { event: 'start', command: 'quantize', info: { input: f16, type: quant } });
        const result = await quantizeGguf({ input: f16, output: path.join(ggufDir, `${name}-${quant}.gguf`), type: quant, llamaHeader: llama.llamaHeader });
        quantized = { path: result.path, bytes: result.bytes };
        manager.appendEvent(id, { event: 'artifact', kind: `gguf_${quant.toLowerCase()}`, path: result.path, bytes: result.bytes });
      },
    },
  ];

  try {
    for (const phase of phases) await phase.run();
    const report = hasTest ? parseJson(EvaluationReport, fs.readFileSync(reportFile, 'utf8'), `evaluation report ${reportFile}`) : null;
    const chatModel = await addModel(ctx.db, { path: quantized.path, name: `${name} (fine-tuned, ${quant})`, origin: 'training' });
    const files = [
      { kind: `gguf_${quant.toLowerCase()}`, path: quantized.path, bytes: quantized.bytes },
      { kind: 'gguf_f16', path: f16, bytes: fs.statSync(f16).size },
      ...(lora ? [{ kind: 'gguf_lora', path: lora, bytes: fs.statSync(lora).size }] : []),
    ];
    const leaks = report?.leak_check ?? [];
    const maxExposure = leaks.length > 0 ? Math.max(...leaks.map((l) => l.fine_tuned.exposure_bits)) : null;
    insertModel(ctx.db, {
      id: id.replace(/^export-/, 'model-'),
      name: `${name} (fine-tuned, ${quant})`,
      baseModel: source.base_model,
      datasetId: source.dataset_id,
      runId: source.id,
      exportRunId: id,
      quant,
      hyperparameters: { lora: trainConfig.lora ?? {}, train: trainConfig.train ?? {}, data: { max_length: trainConfig.data?.max_length } },
      perplexity: report ? { base: report.perplexity.base, fineTuned: report.perplexity.fine_tuned } : null,
      leakCheck: {
        canaries: leaks.length,
        maxExposureBits: maxExposure,
        atChance: maxExposure === null ? null : isAtChance(maxExposure, leaks.length),
        detail: !report
          ? 'not run: the dataset has no test split'
          : leaks.length === 0
            ? 'no redacted names, emails, phone, card or SSN values to test'
            : `${leaks.length} redacted value(s) tested against ${leaks[0]?.candidates ?? 0} look-alikes each; highest exposure ${maxExposure?.toFixed(2)} bits`,
      },
      files,
      chatModelId: chatModel.id,
    });
    manager.appendEvent(id, { event: 'done', command: 'export', summary: { model: quantized.path, chat_model_id: chatModel.id } });
    manager.endJob(id, { status: 'completed' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof PhaseError ? error.hint : `Run \`confidant export ${source.id}\` again once the problem is fixed.`;
    manager.appendEvent(id, { event: 'error', code: 'export_failed', message, hint });
    manager.endJob(id, { status: 'failed', error: message, hint });
  }
}
