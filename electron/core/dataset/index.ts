/**
 * Dataset domain (issue 5): turns the included, redacted entries into train/val/test files.
 * Entry text comes only from the privacy training view. Run: `confidant dataset build`.
 */
export { DEFAULT_BASE, loadBaseModel, resolveBaseDir, listBaseNames, basesDir, type BaseModel, type ChatMessage } from './base-model.ts';
export { deduplicate, type DedupItem, type DedupResult } from './dedup.ts';
export { splitEntries, SPLITS, type SplitName, type Holdout } from './split.ts';
export { buildRawExamples, buildInstructExamples, describeEntry, chunkText, type Example, type EntryForDataset } from './examples.ts';
export { planDataset, tryPlanDataset, DEFAULT_SETTINGS, type DatasetPlan, type DatasetSettings, type Style } from './plan.ts';
export { writeDataset, fsWriter, type DatasetManifest, type FileWriter } from './write.ts';
export { datasetEntries } from './store.ts';
export { listDatasets, showDataset, readManifest } from './store.ts';
export { datasetHandlers } from './handlers.ts';
