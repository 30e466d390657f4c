/**
 * Privacy review (issue #4): detectors find personal data in entries; the person decides what
 * is trained on, entry by entry and span by span, with rules that scale; the training view is the
 * only way other domains read entry text. CLI: `confidant privacy --help`.
 */
export { getTrainingView, getTrainingViews, type TrainingView, type TrainingViewDetail } from './training-view.ts';
export { rekeyDecisions } from './rekey.ts';
export { PseudonymBook, applyRedactions, PLACEHOLDERS } from './redact.ts';
export { scanEntries, prepareScan, type ScanSummary } from './scan.ts';
export { getQueue, type Queue, type QueueItem } from './queue.ts';
export { exportDecisions, importDecisions, DecisionsFile } from './transfer.ts';
export { compileUserPattern, compileWord } from './safe-pattern.ts';
export * from './kinds.ts';
export * from './decisions.ts';
export * from './rules.ts';
export * from './store.ts';
export { createScanner, DEFAULT_DETECTORS, type Detector } from './detectors/index.ts';
