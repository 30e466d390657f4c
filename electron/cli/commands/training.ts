import type { Command } from 'commander';
import type { PreflightReport, RunSummary, TrainedModel } from '../../api/calls/training.ts';
import { ConfidantError } from '../../api/errors.ts';
import type { AppEvent } from '../../api/index.ts';
import type { TrainerEvent } from '../../api/trainer-events.ts';
import type { CliSession } from '../session.ts';
import type { SessionFactory } from '../program.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '--';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** One line per event for logs and pipes; an in-place bar for progress on a terminal. */
function describeEvent(event: TrainerEvent): string | null {
  switch (event.event) {
    case 'start': return `started ${event.command}: ${JSON.stringify(event.info)}`;
    case 'progress': return null;
    case 'checkpoint': return `checkpoint at step ${event.step}: ${event.path}`;
    case 'eval': return `eval (${event.split}) at step ${event.step}: loss ${event.loss.toFixed(4)}, perplexity ${event.perplexity.toFixed(2)}`;
    case 'artifact': return `wrote ${event.kind}: ${event.path} (${(event.bytes / 2 ** 20).toFixed(1)} MiB)`;
    case 'warning': return `warning: ${event.message} (${event.hint})`;
    case 'error': return `error: ${event.message}\n  hint: ${event.hint}`;
    case 'done': return `done: ${JSON.stringify(event.summary)}`;
  }
}

function progressLine(event: Extract<TrainerEvent, { event: 'progress' }>): string {
  const width = 30;
  const filled = Math.round((event.step / Math.max(1, event.total_steps)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] step ${event.step}/${event.total_steps}  loss ${event.loss.toFixed(4)}  ${Math.round(event.tokens_per_s)} tok/s  VRAM ${event.vram_gb.toFixed(1)} GB  ETA ${formatEta(event.eta_s)}`;
}

/** Follows a run's events until it ends; prints them for people (or nothing with --json). */
async function followRun(s: CliSession, runId: string): Promise<RunSummary> {
  const client = s.client();
  const tty = process.stdout.isTTY && !s.json;
  let lastSeq = -1;
  let barShown = false;
  const show = (event: TrainerEvent) => {
    if (s.json) return;
    if (event.event === 'progress') {
      if (tty) {
        process.stdout.write(`\r${progressLine(event)}`);
        barShown = true;
      } else if (event.step % 10 === 0 || event.step === event.total_steps) {
        process.stdout.write(`${progressLine(event)}\n`);
      }
      return;
    }
    const text = describeEvent(event);
    if (text) process.stdout.write(`${barShown ? '\n' : ''}${text}\n`);
    barShown = false;
  };
  const history = await client.call('training.getRun', { id: runId, afterSeq: -1 });
  for (const { seq, event } of history.events) {
    lastSeq = seq;
    show(event);
  }
  const unsubscribe = s.core().subscribe((e: AppEvent) => {
    if (e.name === 'training.event' && e.payload.runId === runId && e.payload.seq > lastSeq) {
      lastSeq = e.payload.seq;
      show(e.payload.event);
    }
  });
  try {
    // Polling the contract keeps the CLI a plain client; getRun also reattaches a live trainer.
    for (;;) {
      const { run, events } = await client.call('training.getRun', { id: runId, afterSeq: lastSeq });
      for (const { seq, event } of events) {
        if (seq <= lastSeq) continue;
        lastSeq = seq;
        show(event);
      }
      if (run.status !== 'running' && run.status !== 'stopping') {
        if (barShown) process.stdout.write('\n');
        return run;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    unsubscribe();
  }
}

function formatRun(run: RunSummary): string {
  const steps = run.lastStep !== null ? `step ${run.lastStep}/${run.totalSteps ?? '?'}` : 'no steps yet';
  const lines = [`${run.id}  ${run.status}${run.resumable ? ' (resumable)' : ''}  ${steps}  base ${run.baseModel}  dataset ${run.datasetId ?? '-'}`];
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.hint) lines.push(`  hint: ${run.hint}`);
  return lines.join('\n');
}

function formatModel(model: TrainedModel): string {
  const ppl = model.perplexity ? `perplexity ${model.perplexity.base.toFixed(2)} -> ${model.perplexity.fineTuned.toFixed(2)}` : 'perplexity not measured';
  const leak = model.leakCheck.atChance === null ? model.leakCheck.detail : `${model.leakCheck.atChance ? 'at chance' : 'ABOVE CHANCE'}: ${model.leakCheck.detail}`;
  return [
    `${model.id}  ${model.name}`,
    `  base ${model.baseModel}, dataset ${model.datasetId ?? '-'}, run ${model.runId}`,
    `  ${ppl}; leak check ${leak}`,
    ...model.files.map((f) => `  ${f.kind.padEnd(12)} ${(f.bytes / 2 ** 20).toFixed(1).padStart(9)} MiB  ${f.path}`),
    ...model.missingFiles.map((f) => `  missing: ${f}`),
  ].join('\n');
}

const verdictLabels: Record<PreflightReport['vram']['verdict'], string> = { fits: 'fits', will_not_fit: 'will not fit', unknown: 'not checked on a GPU' };

/** The Train screen's preflight card as lines: GPU, memory, disk, expected duration, then what to change. */
function formatPreflight(report: PreflightReport): string {
  const { gpu, vram, disk, duration } = report;
  const gb = (value: number | null) => (value === null ? '?' : value.toFixed(1));
  const minutes = duration.seconds === null ? 'unknown' : `about ${Math.max(1, Math.ceil(duration.seconds / 60))} min`;
  const lines = [
    `GPU:               ${gpu.found ? `${gpu.name ?? '?'}, ${gb(gpu.freeVramGb)} GB free of ${gb(gpu.totalVramGb)} GB${gpu.driver ? `, driver ${gpu.driver}` : ''}` : 'no NVIDIA GPU'}`,
    `GPU memory:        ${verdictLabels[vram.verdict]}${vram.estimateGb !== null ? `, about ${vram.estimateGb.toFixed(1)} GB needed` : ''}`,
    `  advice: ${vram.advice}`,
    `Disk:              ${disk.ok ? 'enough space' : 'too little space'}, ${disk.freeGb.toFixed(1)} GB free, about ${disk.neededGb} GB needed for checkpoints and exports`,
    `Expected duration: ${minutes}${duration.tokens !== null ? ` (${duration.tokens} tokens)` : ''}`,
    `  ${duration.detail}`,
    ...report.messages.map((m) => `- ${m}`),
  ];
  if (!report.canTrain) lines.push('Training cannot start on this machine with these settings; the lines above say what to change.');
  return lines.join('\n');
}

function endedBadly(run: RunSummary): boolean {
  return run.status === 'failed' || run.status === 'interrupted' || run.status === 'cancelled';
}

export function registerTraining(program: Command, session: SessionFactory): void {
  const trainer = program.command('trainer').description('The Python trainer environment');
  trainer
    .command('setup')
    .description('Create the trainer environment in the data directory, or repair it from the step that failed')
    .option('--repair', 'resume from the failed step (the default behaviour; kept for clarity)')
    .option('--python <path>', 'use this existing Python environment instead of making one')
    .option('--packages <dir>', 'install from this local package directory only (repeatable; no network)', collect, [])
    .action(async (opts: { python?: string; packages: string[] }) => {
      const s = session();
      const unsubscribe = s.core().subscribe((e) => {
        if (e.name !== 'training.setup' || s.json) return;
        if (e.payload.line) process.stderr.write(`  ${e.payload.line}\n`);
        else process.stdout.write(`[${e.payload.status}] ${e.payload.message}\n`);
      });
      try {
        const state = await s.client().call('training.setupEnv', {
          existingPython: opts.python,
          packageDirs: opts.packages.length > 0 ? opts.packages : undefined,
        });
        s.print(state, () => `Trainer environment ${state.state}: ${state.python ?? ''}`);
      } finally {
        unsubscribe();
      }
    });
  trainer
    .command('doctor')
    .description('What the trainer sees: Python, PyTorch, CUDA, GPU, bitsandbytes')
    .action(async () => {
      const s = session();
      const env = await s.client().call('training.getEnv', {});
      s.print(env, () => [`state: ${env.state}`, ...env.steps.map((st) => `  ${st.step}: ${st.status} ${st.detail}`), `doctor: ${JSON.stringify(env.doctor, null, 2)}`].join('\n'));
    });

  program
    .command('preflight')
    .description('What the Train screen checks before a run: GPU, memory estimate and advice, disk, expected duration (exit code 1 when training cannot start)')
    .requiredOption('--base <model>', 'base model folder')
    .option('--dataset <id>', 'dataset id (`confidant dataset list`), for the expected duration')
    .option('--preset <name>', 'training preset (trainer/confidant_trainer/configs)', 'tiny_cpu')
    .option('--set <key=value>', 'override a setting, e.g. data.max_length=1024 (repeatable)', collect, [])
    .action(async (opts: { base: string; dataset?: string; preset: string; set: string[] }) => {
      const s = session();
      const report = await s.client().call('training.preflight', { baseModel: opts.base, datasetId: opts.dataset, preset: opts.preset, overrides: opts.set });
      s.print(report, () => formatPreflight(report));
      if (!report.canTrain) process.exitCode = 1;
    });

  program
    .command('train')
    .description('Start a training run and follow it (Ctrl-C leaves it running; `confidant run ID --follow` reattaches)')
    .requiredOption('--base <model>', 'base model folder')
    .option('--dataset <id>', 'dataset id (`confidant dataset list`)')
    .option('--preset <name>', 'training preset (trainer/confidant_trainer/configs)', 'tiny_cpu')
    .option('--set <key=value>', 'override a setting, e.g. train.lr=1e-4 (repeatable)', collect, [])
    .option('--no-follow', 'start and return at once')
    .action(async (opts: { base: string; dataset?: string; preset: string; set: string[]; follow: boolean }) => {
      const s = session();
      const request = { baseModel: opts.base, datasetId: opts.dataset, preset: opts.preset, overrides: opts.set };
      const run = await s.client().call('training.startRun', request);
      if (!s.json) process.stdout.write(`Run ${run.id} started (${run.runDir})\n`);
      const final = opts.follow ? await followRun(s, run.id) : run;
      s.print(final, () => formatRun(final));
      if (endedBadly(final)) process.exitCode = 1;
    });

  program
    .command('runs')
    .description('Every training run, newest first')
    .action(async () => {
      const s = session();
      const runs = await s.client().call('training.listRuns', {});
      s.print(runs, () => (runs.length === 0 ? 'No runs yet. Start one with `confidant train`.' : runs.map(formatRun).join('\n')));
    });

  program
    .command('run <id>')
    .description('One run: its state and events; --follow streams it until it ends')
    .option('--follow', 'stream events until the run ends')
    .action(async (id: string, opts: { follow?: boolean }) => {
      const s = session();
      if (opts.follow) {
        const final = await followRun(s, id);
        s.print(final, () => formatRun(final));
        if (endedBadly(final)) process.exitCode = 1;
        return;
      }
      const { run, events } = await s.client().call('training.getRun', { id, afterSeq: -1 });
      s.print({ run, events }, () => [formatRun(run), ...events.map((e) => (e.event.event === 'progress' ? progressLine(e.event) : describeEvent(e.event) ?? ''))].join('\n'));
    });

  for (const [verb, call, what] of [
    ['stop', 'training.stopRun', 'Stop a run gracefully (it checkpoints first and can be resumed)'],
    ['cancel', 'training.cancelRun', 'End a run at once'],
  ] as const) {
    program
      .command(`${verb} <id>`)
      .description(what)
      .action(async (id: string) => {
        const s = session();
        const run = await s.client().call(call, { id });
        s.print(run, () => formatRun(run));
      });
  }

  program
    .command('export <run>')
    .description('Evaluate, merge and export a completed run to GGUF, quantize it, and register it for chat')
    .option('--quant <type>', 'Q4_K_M (default), Q5_K_M or Q8_0', 'Q4_K_M')
    .option('--no-follow', 'start and return at once')
    .action(async (runId: string, opts: { quant: string; follow: boolean }) => {
      const s = session();
      const quant = opts.quant.toUpperCase();
      if (quant !== 'Q4_K_M' && quant !== 'Q5_K_M' && quant !== 'Q8_0') {
        throw new ConfidantError('invalid_input', `--quant ${opts.quant}: choose Q4_K_M, Q5_K_M or Q8_0.`);
      }
      const run = await s.client().call('training.exportRun', { id: runId, quant });
      if (!s.json) process.stdout.write(`Export ${run.id} started (${run.runDir})\n`);
      const final = opts.follow ? await followRun(s, run.id) : run;
      if (final.status === 'completed' && opts.follow) {
        const model = (await s.client().call('models.list', {})).find((m) => m.exportRunId === final.id);
        s.print({ run: final, model }, () => [formatRun(final), model ? formatModel(model) : ''].join('\n'));
      } else {
        s.print(final, () => formatRun(final));
      }
      if (endedBadly(final)) process.exitCode = 1;
    });

  program
    .command('models')
    .description('Models made by training: metrics, leak check, files')
    .action(async () => {
      const s = session();
      const models = await s.client().call('models.list', {});
      s.print(models, () => (models.length === 0 ? 'No trained models yet. Train, then `confidant export RUN`.' : models.map(formatModel).join('\n\n')));
    });

  program
    .command('resume <id>')
    .description('Resume a stopped, interrupted or failed run from its last checkpoint, and follow it')
    .option('--no-follow', 'resume and return at once')
    .action(async (id: string, opts: { follow: boolean }) => {
      const s = session();
      const run = await s.client().call('training.resumeRun', { id });
      const final = opts.follow ? await followRun(s, run.id) : run;
      s.print(final, () => formatRun(final));
      if (endedBadly(final)) process.exitCode = 1;
    });
}
