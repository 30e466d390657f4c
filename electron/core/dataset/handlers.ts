import path from 'node:path';
import type { HandlersOf } from '../handler-types.ts';
import type { datasetCalls } from '../../api/calls/dataset.ts';
import { DEFAULT_BASE, listBaseNames, basesDir } from './base-model.ts';
import { planDataset, tryPlanDataset } from './plan.ts';
import { listDatasets, samplePlanned, showDataset, toDatasetInfo } from './store.ts';
import { writeDataset } from './write.ts';

export const datasetHandlers: HandlersOf<typeof datasetCalls> = {
  'dataset.listBases': (_input, ctx) => ({
    defaultBase: DEFAULT_BASE,
    bases: listBaseNames(ctx.paths).map((name) => ({ name, dir: path.join(basesDir(ctx.paths), name) })),
  }),
  'dataset.preview': ({ settings, sample }, ctx) => {
    const planned = tryPlanDataset(ctx.db, ctx.paths, settings);
    if ('emptyReason' in planned) return { state: 'empty' as const, message: planned.emptyReason };
    const { plan } = planned;
    return {
      state: 'ready' as const,
      base: { name: plan.base.name, dir: plan.base.dir },
      summary: plan.summary,
      examples: samplePlanned(plan.base, plan.examples, sample.count, sample.seed),
    };
  },
  'dataset.build': ({ unreviewed, ...settings }, ctx) => {
    const plan = planDataset(ctx.db, ctx.paths, settings, unreviewed);
    const manifest = writeDataset(ctx.db, ctx.paths, plan);
    return toDatasetInfo(ctx.paths, manifest);
  },
  'dataset.list': (_input, ctx) => ({ datasets: listDatasets(ctx.db, ctx.paths) }),
  'dataset.show': ({ id, sample }, ctx) => showDataset(ctx.paths, id, sample.count, sample.seed),
};
