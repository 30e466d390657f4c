/**
 * Privacy review (issue #4): detectors find personal data in entries; the person decides what
 * is trained on, entry by entry and span by span, with rules that scale; the training view is the
 * only way other domains read entry text. CLI: `confidant privacy --help`.
 */
export { getTrainingView, getTrainingViews, type TrainingView, type TrainingViewDetail, type UnreviewedChoice } from './training-view.ts';
export { FINDING_FIELDS, type FindingField } from './fields.ts';
export { listValueGroups, setValueDecision, VALUE_DECISIONS, type ValueDecision, type ValueGroup } from './values.ts';
export { renderExample, type RenderedExample } from './rendered.ts';
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
