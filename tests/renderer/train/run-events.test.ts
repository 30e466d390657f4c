import { describe, expect, it } from 'vitest';
import { overridesFrom } from '../../../renderer/src/components/train/AdvancedPanel.tsx';
import { exportPhases, mergeEvents, viewOfEvents, type StoredEvent } from '../../../renderer/src/components/train/run-events.ts';

const time = 1_795_446_000;
const progress = (seq: number, step: number, loss: number): StoredEvent => ({
  seq,
  event: { time, event: 'progress', step, total_steps: 6, loss, lr: 0.01, tokens_per_s: 50, eta_s: 3, vram_gb: 0 },
});
const evalAt = (seq: number, step: number, split: string, loss: number): StoredEvent => ({
  seq,
  event: { time, event: 'eval', step, split, loss, perplexity: Math.exp(loss) },
});
const start = (seq: number, command: string): StoredEvent => ({ seq, event: { time, event: 'start', command, info: {} } });

describe('viewOfEvents', () => {
  it('charts training loss by step and validation loss at its eval steps, and logs all but progress', () => {
    const view = viewOfEvents([start(0, 'train'), progress(1, 1, 10), progress(2, 2, 9), evalAt(3, 2, 'validation', 9.5), progress(4, 3, 8)]);
    expect(view.points).toEqual([
      { step: 1, loss: 10, tokensPerS: 50, vramGb: 0 },
      { step: 2, loss: 9, tokensPerS: 50, vramGb: 0, valLoss: 9.5 },
      { step: 3, loss: 8, tokensPerS: 50, vramGb: 0 },
    ]);
    expect(view.latest?.step).toBe(3);
    expect(view.log.map((e) => e.event.event)).toEqual(['start', 'eval']);
  });

  it('keeps the later value when a resumed run repeats a step', () => {
    const view = viewOfEvents([progress(1, 1, 10), progress(2, 2, 9), start(3, 'train'), progress(4, 2, 8.5)]);
    expect(view.points.map((p) => [p.step, p.loss])).toEqual([
      [1, 10],
      [2, 8.5],
    ]);
  });

  it("leaves an export's test-split evaluation off the validation line", () => {
    const view = viewOfEvents([evalAt(0, 0, 'test_base', 10), evalAt(1, 0, 'test_fine_tuned', 9)]);
    expect(view.points).toEqual([]);
    expect(view.log).toHaveLength(2);
  });
});

describe('mergeEvents', () => {
  it('orders by seq and drops events already held (a live event and the same one read back)', () => {
    const merged = mergeEvents([progress(0, 1, 10), progress(2, 3, 8)], [progress(2, 3, 8), progress(1, 2, 9), progress(3, 4, 7)]);
    expect(merged.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
  });
});

describe('exportPhases', () => {
  it('marks phases before the latest started one done, that one current, the rest waiting', () => {
    const events = [start(0, 'evaluate'), start(1, 'merge')];
    expect(exportPhases(events, 'running').map((p) => p.state)).toEqual(['done', 'current', 'waiting', 'waiting']);
    expect(exportPhases([], 'running').map((p) => p.state)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(exportPhases(events, 'completed').every((p) => p.state === 'done')).toBe(true);
  });
});

describe('overridesFrom', () => {
  const config = { train: { max_steps: 20, lr: 0.01, optimizer: 'adamw' }, data: { packing: true } };

  it('sends only the fields that differ from the preset, as section.key=value', () => {
    expect(overridesFrom(config, { 'train.max_steps': '6', 'train.lr': '0.01', 'data.packing': 'false', 'train.optimizer': 'adamw' })).toEqual([
      'train.max_steps=6',
      'data.packing=false',
    ]);
  });

  it('ignores a field left empty rather than sending an empty value', () => {
    expect(overridesFrom(config, { 'train.max_steps': '  ' })).toEqual([]);
  });
});
