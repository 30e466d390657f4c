/**
 * One training run at a time: spawns the trainer, follows its events, stores every one, and
 * streams them. The trainer writes its JSON lines to `runs/<id>/events.jsonl` (its stdout is that
 * file) and runs in its own process group, so a closed window or a dead app loses nothing: on the
 * next start the run is reattached if the trainer still lives, or marked interrupted and resumable.
 */
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import { TrainerEvent } from '../../api/trainer-events.ts';
import type { CoreContext } from '../context.ts';
import { isSameProcessAlive, processStartTime } from '../process-identity.ts';
import { activeRuns, appendEvents, getRun, insertRun, listEvents, RESUMABLE_STATUSES, updateRun, type RunRow } from './run-store.ts';

export interface TrainerLauncher {
  python: string;
  /** Extra environment, e.g. PYTHONPATH to a trainer checkout in development. */
  env?: Record<string, string>;
}

export interface StartRunOptions {
  command: 'train';
  datasetId: string | null;
  baseModel: string;
  preset: string | null;
  /** The whole trainer config; `train.run_dir` is set here. */
  config: Record<string, unknown>;
}

const POLL_MS = 200;
const MAX_LINE_BYTES = 1 << 20;

export function runFiles(runDir: string) {
  return {
    config: path.join(runDir, 'config.json'),
    events: path.join(runDir, 'events.jsonl'),
    log: path.join(runDir, 'trainer.log'),
    output: path.join(runDir, 'train'),
  };
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `run-${stamp}-${crypto.randomBytes(2).toString('hex')}`;
}

export class RunManager {
  private readonly followers = new Map<string, { timer: NodeJS.Timeout }>();
  /** Trainers this process spawned: their end comes from the 'exit' event, with code and signal. */
  private readonly children = new Set<string>();
  /** Runs whose current process is one step of a job: its exit does not end the run. */
  private readonly pipelines = new Set<string>();
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly launcher: () => TrainerLauncher,
    private readonly hooks: { beforeStart?: () => Promise<void> } = {},
  ) {
    ctx.onClose(() => this.close());
  }

  /** Reattaches to trainers that still live; marks the others interrupted (resumable). */
  reconcile(): void {
    for (const run of activeRuns(this.ctx.db)) {
      if (this.followers.has(run.id)) continue;
      if (run.pid !== null && isSameProcessAlive(run.pid, run.pid_started)) {
        this.follow(run.id);
      } else {
        this.drain(run.id);
        this.finish(run.id, null, null);
      }
    }
  }

  async start(options: StartRunOptions): Promise<RunRow> {
    this.reconcile();
    const active = activeRuns(this.ctx.db);
    if (active.length > 0) {
      throw new ConfidantError('busy', `Run ${active[0]?.id} is still going. Stop it (\`confidant stop ${active[0]?.id}\`) or wait for it to finish: one training run at a time.`);
    }
    const launcher = this.launcher();
    await this.hooks.beforeStart?.();
    const id = newRunId();
    const runDir = path.join(this.ctx.paths.runs, id);
    fs.mkdirSync(runDir, { recursive: false });
    const files = runFiles(runDir);
    const train = { ...((options.config.train as Record<string, unknown> | undefined) ?? {}), run_dir: files.output };
    const config = { ...options.config, train };
    fs.writeFileSync(files.config, JSON.stringify(config, null, 2));
    insertRun(this.ctx.db, {
      id,
      command: options.command,
      dataset_id: options.datasetId,
      base_model: options.baseModel,
      preset: options.preset,
      config: JSON.stringify(config),
      run_dir: runDir,
    });
    this.spawnTrainer(id, launcher, []);
    return getRun(this.ctx.db, id) as RunRow;
  }

  /** Refuses when another run or export is going: they would fight over the GPU. */
  assertIdle(): void {
    this.reconcile();
    const active = activeRuns(this.ctx.db);
    if (active.length > 0) {
      throw new ConfidantError('busy', `Run ${active[0]?.id} is still going. Stop it (\`confidant stop ${active[0]?.id}\`) or wait for it to finish: one training run at a time.`);
    }
  }

  /** Graceful stop: the trainer checkpoints on SIGTERM and exits; the run can be resumed. */
  stop(id: string): RunRow {
    const run = this.requireRun(id);
    if (run.status !== 'running') throw new ConfidantError('conflict', `Run ${id} is ${run.status}, not running: nothing to stop.`);
    updateRun(this.ctx.db, id, { status: 'stopping' });
    this.signal(run, 'SIGTERM');
    return this.requireRun(id);
  }

  /** Ends the trainer at once; the run is not resumed. */
  cancel(id: string): RunRow {
    const run = this.requireRun(id);
    if (run.status !== 'running' && run.status !== 'stopping') {
      throw new ConfidantError('conflict', `Run ${id} is ${run.status}: only a running run can be cancelled.`);
    }
    updateRun(this.ctx.db, id, { status: 'cancelled' });
    this.signal(run, 'SIGKILL');
    return this.requireRun(id);
  }

  async resume(id: string): Promise<RunRow> {
    this.reconcile();
    const run = this.requireRun(id);
    if (run.command !== 'train') {
      throw new ConfidantError('conflict', `${id} is an export; start it again with \`confidant export\` on its training run.`);
    }
    if (!RESUMABLE_STATUSES.includes(run.status)) {
      throw new ConfidantError('conflict', `Run ${id} is ${run.status}; only a stopped, interrupted or failed run can be resumed.`);
    }
    const active = activeRuns(this.ctx.db);
    if (active.length > 0) throw new ConfidantError('busy', `Run ${active[0]?.id} is still going: one training run at a time.`);
    const launcher = this.launcher();
    await this.hooks.beforeStart?.();
    updateRun(this.ctx.db, id, { status: 'running', error: null, hint: null, ended_at: null });
    this.spawnTrainer(id, launcher, ['train.resume=true']);
    return this.requireRun(id);
  }

  /** Resolves when the run is no longer running or stopping. */
  waitForEnd(id: string): Promise<RunRow> {
    return new Promise((resolve) => {
      const check = () => {
        const run = this.requireRun(id);
        if (run.status !== 'running' && run.status !== 'stopping') {
          resolve(run);
          return;
        }
        setTimeout(check, POLL_MS);
      };
      check();
    });
  }

  isFollowing(id: string): boolean {
    return this.followers.has(id);
  }

  close(): void {
    this.closed = true;
    for (const { timer } of this.followers.values()) clearInterval(timer);
    this.followers.clear();
  }

  private requireRun(id: string): RunRow {
    const run = getRun(this.ctx.db, id);
    if (!run) throw new ConfidantError('not_found', `No run "${id}". \`confidant runs\` lists them.`);
    return run;
  }

  private signal(run: RunRow, signal: NodeJS.Signals): void {
    if (run.pid === null || !isSameProcessAlive(run.pid, run.pid_started)) return;
    try {
      // The trainer leads its own process group: signal the group so its workers stop too.
      process.kill(-run.pid, signal);
    } catch {
      try {
        process.kill(run.pid, signal);
      } catch {
        // Already gone: the follower notices and finishes the run.
      }
    }
  }

  private spawnTrainer(id: string, launcher: TrainerLauncher, overrides: string[]): void {
    const run = this.requireRun(id);
    this.spawnProcess(id, launcher, ['-m', 'confidant_trainer', run.command, ...overrides, '--config', runFiles(run.run_dir).config])
      .then(({ code, signal }) => {
        if (this.closed) return;
        this.drain(id);
        this.finish(id, code, signal);
      })
      .catch(() => {});
  }

  /**
   * Runs one step of a multi-step job (the export pipeline) under a run that is already marked
   * running: its events land in the run's events file like a training run's, and the caller decides
   * what its exit means. Input that must not touch the disk (leak-check canaries) goes in on stdin.
   */
  runPhase(id: string, launcher: TrainerLauncher, args: string[], stdin?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.spawnProcess(id, launcher, args, stdin).finally(() => this.drain(id));
  }

  /** Appends one event line to a run's events file, for steps that run in Node (quantisation). */
  appendEvent(id: string, event: Record<string, unknown>): void {
    const run = this.requireRun(id);
    fs.appendFileSync(runFiles(run.run_dir).events, `${JSON.stringify({ time: Date.now() / 1000, ...event })}\n`);
    this.drain(id);
  }

  /** Marks a run that the export pipeline drives, and follows its events file. */
  beginJob(id: string): void {
    this.pipelines.add(id);
    this.follow(id);
  }

  endJob(id: string, outcome: { status: 'completed' } | { status: 'failed'; error: string; hint: string }): void {
    this.drain(id);
    this.pipelines.delete(id);
    this.unfollow(id);
    updateRun(this.ctx.db, id, { ...outcome, pid: null, ended_at: new Date().toISOString() });
  }

  private spawnProcess(id: string, launcher: TrainerLauncher, args: string[], stdin?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const run = this.requireRun(id);
    const files = runFiles(run.run_dir);
    const out = fs.openSync(files.events, 'a');
    const err = fs.openSync(files.log, 'a');
    try {
      const child = spawn(launcher.python, args, {
        cwd: run.run_dir,
        detached: true,
        stdio: [stdin === undefined ? 'ignore' : 'pipe', out, err],
        env: { ...process.env, ...launcher.env, PYTHONUNBUFFERED: '1', HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
      });
      if (stdin !== undefined) child.stdin?.end(stdin);
      const pid = child.pid;
      if (pid === undefined) {
        updateRun(this.ctx.db, id, { status: 'failed', error: `Could not start the trainer with ${launcher.python}.`, hint: 'Run `confidant trainer setup --repair`.', ended_at: new Date().toISOString() });
        return Promise.resolve({ code: 127, signal: null });
      }
      updateRun(this.ctx.db, id, { pid, pid_started: processStartTime(pid) });
      this.children.add(id);
      // Our own process may exit before the trainer; the trainer must not die with it.
      child.unref();
      this.follow(id);
      return new Promise((resolve) => {
        child.on('error', (error) => {
          updateRun(this.ctx.db, id, { error: `Could not start the trainer: ${error.message}`, hint: 'Run `confidant trainer setup --repair`.' });
        });
        child.on('exit', (code, signal) => {
          this.children.delete(id);
          resolve({ code, signal });
        });
      });
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
    }
  }

  private follow(id: string): void {
    if (this.followers.has(id)) return;
    const timer = setInterval(() => {
      this.drain(id);
      const run = getRun(this.ctx.db, id);
      if (!run || (run.status !== 'running' && run.status !== 'stopping')) {
        this.unfollow(id);
        return;
      }
      // A reattached trainer is not our child: notice its end by polling.
      if (!this.children.has(id) && !this.pipelines.has(id) && run.pid !== null && !isSameProcessAlive(run.pid, run.pid_started)) {
        this.drain(id);
        this.finish(id, null, null);
      }
    }, POLL_MS);
    timer.unref();
    this.followers.set(id, { timer });
  }

  private unfollow(id: string): void {
    const follower = this.followers.get(id);
    if (follower) clearInterval(follower.timer);
    this.followers.delete(id);
  }

  /** Reads new complete lines from the events file, validates and stores them, and streams them. */
  private drain(id: string): void {
    const run = getRun(this.ctx.db, id);
    if (!run) return;
    const file = runFiles(run.run_dir).events;
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return;
    }
    if (size <= run.events_offset) return;
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size - run.events_offset, 16 * MAX_LINE_BYTES));
      const read = fs.readSync(fd, buffer, 0, buffer.length, run.events_offset);
      const chunk = buffer.subarray(0, read);
      const lastNewline = chunk.lastIndexOf(0x0a);
      if (lastNewline < 0) return;
      const complete = chunk.subarray(0, lastNewline + 1).toString('utf8');
      const events: TrainerEvent[] = [];
      for (const line of complete.split('\n')) {
        if (line.trim() === '') continue;
        const event = parseEventLine(line);
        if (event) events.push(event);
        else this.logJunk(run, line);
      }
      const seqs = appendEvents(this.ctx.db, id, events, run.events_offset + lastNewline + 1);
      events.forEach((event, i) => this.ctx.events.emit('training.event', { runId: id, seq: seqs[i] ?? 0, event }));
    } finally {
      fs.closeSync(fd);
    }
  }

  private logJunk(run: RunRow, line: string): void {
    // The protocol says stdout holds only events; anything else is kept for the curious, never fatal.
    const note = `[confidant] ignored a line that is not a trainer event: ${line.slice(0, 500)}\n`;
    fs.appendFileSync(runFiles(run.run_dir).log, note);
  }

  private finish(id: string, code: number | null, signal: NodeJS.Signals | null): void {
    this.unfollow(id);
    const run = getRun(this.ctx.db, id);
    if (!run || (run.status !== 'running' && run.status !== 'stopping')) return;
    const last = listEvents(this.ctx.db, id, -1).at(-1)?.event;
    const ended_at = new Date().toISOString();
    if (last?.event === 'done') {
      updateRun(this.ctx.db, id, { status: run.status === 'stopping' ? 'stopped' : 'completed', ended_at, pid: null });
      return;
    }
    if (run.status === 'stopping') {
      updateRun(this.ctx.db, id, { status: 'stopped', ended_at, pid: null });
      return;
    }
    if (code === null && signal === null) {
      // We did not see it end (the app was closed meanwhile): resumable from its last checkpoint.
      updateRun(this.ctx.db, id, {
        status: 'interrupted',
        ended_at,
        pid: null,
        hint: run.hint ?? `The trainer stopped while Confidant was not watching. Resume it with \`confidant resume ${id}\`.`,
      });
      return;
    }
    const lastError = last?.event === 'error' ? last : undefined;
    const logTail = readLogTail(runFiles(run.run_dir).log);
    updateRun(this.ctx.db, id, {
      status: 'failed',
      ended_at,
      pid: null,
      error: lastError?.message ?? run.error ?? `The trainer ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).${logTail ? ` Last log line: ${logTail}` : ''}`,
      hint: lastError?.hint ?? run.hint ?? `Its log is in ${runFiles(run.run_dir).log}. Resume from the last checkpoint with \`confidant resume ${id}\`.`,
    });
  }
}

function parseEventLine(line: string): TrainerEvent | null {
  try {
    const parsed = TrainerEvent.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readLogTail(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').filter((l) => !l.startsWith('[confidant]')).at(-1)?.slice(0, 300) ?? '';
  } catch {
    return '';
  }
}
