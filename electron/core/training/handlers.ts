import type { trainingCalls } from '../../api/calls/training.ts';
import { ConfidantError } from '../../api/errors.ts';
import type { HandlersOf } from '../handler-types.ts';
import { detectGpus } from '../status/gpus.ts';
import { resolveLauncher } from './launcher.ts';
import { runPreflight } from './preflight.ts';
import { listPresets } from './presets.ts';
import { SETUP_STEPS, readEnvState, setupTrainerEnv, type EnvState } from './python-env.ts';
import { composeRunConfig, runManager, toRunSummary } from './service.ts';
import { getRun, listEvents, listRuns } from './run-store.ts';
import { trainerProjectDir } from './trainer-dir.ts';
import { startExport } from './export-pipeline.ts';
import { deleteTrainedModel, listTrainedModels } from './model-registry.ts';

function envView(state: EnvState | null) {
  return {
    state: !state ? ('not_set_up' as const) : state.ready ? ('ready' as const) : ('broken' as const),
    python: state?.python ?? null,
    pythonVersion: state?.pythonVersion ?? null,
    steps: SETUP_STEPS.map((step) => {
      const record = state?.steps[step];
      return { step, status: record?.status ?? ('pending' as const), detail: record?.detail ?? '' };
    }),
    doctor: state?.doctor ?? null,
  };
}

export const trainingHandlers: HandlersOf<typeof trainingCalls> = {
  'training.getEnv': (_input, ctx) => envView(readEnvState(ctx.paths)),
  'training.setupEnv': async (input, ctx) => {
    const gpus = await detectGpus();
    const state = await setupTrainerEnv({
      paths: ctx.paths,
      trainerDir: trainerProjectDir(),
      existingPython: input.existingPython,
      packageSource: input.packageDirs ? { kind: 'local', dirs: input.packageDirs } : { kind: 'index' },
      accelerator: gpus.gpus.length > 0 ? 'cuda' : 'cpu',
      onProgress: (progress) => ctx.events.emit('training.setup', progress),
    });
    return envView(state);
  },
  'training.listPresets': () => listPresets().map((p) => ({ name: p.name, config: p.config })),
  'training.preflight': async (input, ctx) => {
    const config = composeRunConfig(ctx, input);
    let launcher = null;
    let launcherProblem: string | null = null;
    try {
      launcher = resolveLauncher(ctx.paths);
    } catch (error) {
      launcherProblem = error instanceof ConfidantError ? error.message : String(error);
    }
    return runPreflight(ctx, { launcher, launcherProblem, config, baseModel: input.baseModel, datasetId: input.datasetId });
  },
  'training.startRun': async (input, ctx) => {
    const config = composeRunConfig(ctx, input);
    const run = await runManager(ctx).start({
      command: 'train',
      datasetId: input.datasetId ?? null,
      baseModel: String(config.model?.path ?? input.baseModel),
      preset: input.preset,
      config,
    });
    return toRunSummary(run);
  },
  'training.listRuns': (_input, ctx) => {
    runManager(ctx);
    return listRuns(ctx.db).map(toRunSummary);
  },
  'training.getRun': (input, ctx) => {
    runManager(ctx);
    const run = getRun(ctx.db, input.id);
    if (!run) throw new ConfidantError('not_found', `No run "${input.id}". \`confidant runs\` lists them.`);
    return { run: toRunSummary(run), events: listEvents(ctx.db, input.id, input.afterSeq) };
  },
  'training.stopRun': (input, ctx) => toRunSummary(runManager(ctx).stop(input.id)),
  'training.resumeRun': async (input, ctx) => toRunSummary(await runManager(ctx).resume(input.id)),
  'training.cancelRun': (input, ctx) => toRunSummary(runManager(ctx).cancel(input.id)),
  'training.exportRun': (input, ctx) => toRunSummary(startExport(ctx, runManager(ctx), resolveLauncher(ctx.paths), input.id, input.quant)),
  'models.list': (_input, ctx) => listTrainedModels(ctx.db),
  'models.delete': (input, ctx) => deleteTrainedModel(ctx.db, input.id, ctx.paths.runs),
};
