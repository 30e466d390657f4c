import type { CallOutput, EventPayload } from '../../../../electron/api/index.ts';

export type RunSummary = CallOutput<'training.getRun'>['run'];
export type StoredEvent = CallOutput<'training.getRun'>['events'][number];
export type TrainerEvent = EventPayload<'training.event'>['event'];
export type ProgressEvent = Extract<TrainerEvent, { event: 'progress' }>;

/** One point per step on the charts; a step may have a training loss, a validation loss, or both. */
export interface StepPoint {
  step: number;
  loss?: number;
  valLoss?: number;
  tokensPerS?: number;
  vramGb?: number;
}

export interface RunView {
  points: StepPoint[];
  latest: ProgressEvent | null;
  /** Everything but progress lines: start, eval, checkpoints, artifacts, warnings, errors, done. */
  log: StoredEvent[];
}

export const ACTIVE_STATUSES: readonly RunSummary['status'][] = ['running', 'stopping'];

export function isActive(run: Pick<RunSummary, 'status'>): boolean {
  return ACTIVE_STATUSES.includes(run.status);
}

/**
 * Folds the stored events (in seq order) into what the screen draws. A resumed run replays steps
 * after its last checkpoint, so a later event for the same step replaces the earlier one.
 */
export function viewOfEvents(events: readonly StoredEvent[]): RunView {
  const byStep = new Map<number, StepPoint>();
  const at = (step: number) => {
    let point = byStep.get(step);
    if (!point) {
      point = { step };
      byStep.set(step, point);
    }
    return point;
  };
  let latest: ProgressEvent | null = null;
  const log: StoredEvent[] = [];
  for (const stored of events) {
    const event = stored.event;
    if (event.event === 'progress') {
      Object.assign(at(event.step), { loss: event.loss, tokensPerS: event.tokens_per_s, vramGb: event.vram_gb });
      latest = event;
    } else {
      // Only the validation split is charted; an export's evaluation reports test_base / test_fine_tuned.
      if (event.event === 'eval' && (event.split === 'validation' || event.split === 'val')) at(event.step).valLoss = event.loss;
      log.push(stored);
    }
  }
  return { points: [...byStep.values()].sort((a, b) => a.step - b.step), latest, log };
}

/** Inserts newly arrived events, keeping seq order and dropping any seq already held. */
export function mergeEvents(held: readonly StoredEvent[], incoming: readonly StoredEvent[]): StoredEvent[] {
  if (incoming.length === 0) return [...held];
  const seen = new Set(held.map((e) => e.seq));
  const merged = [...held];
  for (const event of incoming) {
    if (!seen.has(event.seq)) {
      seen.add(event.seq);
      merged.push(event);
    }
  }
  return merged.sort((a, b) => a.seq - b.seq);
}

/** The phases of an export run (electron/core/training/export-pipeline.ts), in order. */
export const EXPORT_PHASES = ['evaluate', 'merge', 'export', 'quantize'] as const;

export interface PhaseState {
  name: string;
  state: 'done' | 'current' | 'waiting';
}

/**
 * Where an export run is: each phase opens with a `start` event naming it. A phase is done once a
 * later one has started, or when the run completed.
 */
export function exportPhases(events: readonly StoredEvent[], status: RunSummary['status']): PhaseState[] {
  const started = events.flatMap(({ event }) => (event.event === 'start' ? [event.command] : []));
  const reached = Math.max(-1, ...started.map((name) => EXPORT_PHASES.indexOf(name as (typeof EXPORT_PHASES)[number])));
  return EXPORT_PHASES.map((name, index) => ({
    name,
    state: status === 'completed' || index < reached ? 'done' : index === reached ? 'current' : 'waiting',
  }));
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const statusLabels: Record<RunSummary['status'], { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'badge' },
  stopping: { label: 'Stopping', tone: 'badge badge-warn' },
  stopped: { label: 'Stopped', tone: 'badge badge-muted' },
  completed: { label: 'Completed', tone: 'badge badge-ok' },
  failed: { label: 'Failed', tone: 'badge badge-danger' },
  interrupted: { label: 'Interrupted', tone: 'badge badge-warn' },
  cancelled: { label: 'Cancelled', tone: 'badge badge-muted' },
};
