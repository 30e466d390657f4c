import type { DatasetSummary } from '../../../../electron/api/calls/dataset.ts';
import { formatCount, formatDuration } from './format.ts';

const splitLabels = {
  train: 'Training',
  val: 'Validation',
  test: 'Test',
} as const;

/** Counts, tokens and the rough training time of one dataset (built or previewed). */
export function DatasetSummaryCard({ summary, baseName }: { summary: DatasetSummary; baseName: string }) {
  const examples = summary.splits.train.examples + summary.splits.val.examples + summary.splits.test.examples;
  return (
    <section className="card dataset-summary" aria-labelledby="dataset-summary">
      <h2 id="dataset-summary">What the model will learn from</h2>
      <p className="dataset-headline" data-testid="dataset-headline">
        {formatCount(examples)} examples · {formatCount(summary.totalTokens)} tokens · from {formatCount(summary.used)} entries
      </p>
      <dl className="facts">
        <dt>Entries</dt>
        <dd data-testid="dataset-entries">
          {formatCount(summary.used)} used of {formatCount(summary.entriesSeen)}: {formatCount(summary.excluded)} excluded, {formatCount(summary.empty)} empty,{' '}
          {formatCount(summary.exactDuplicates)} exact and {formatCount(summary.nearDuplicates)} near duplicates left out
        </dd>
        {(['train', 'val', 'test'] as const).map((split) => (
          <div key={split} className="dataset-split">
            <dt>{splitLabels[split]}</dt>
            <dd data-testid={`dataset-split-${split}`}>
              {formatCount(summary.splits[split].entries)} entries, {formatCount(summary.splits[split].examples)} examples, {formatCount(summary.splits[split].tokens)} tokens
            </dd>
          </div>
        ))}
        <dt>Training time</dt>
        <dd data-testid="dataset-estimate">
          Roughly {formatDuration(summary.estimate.seconds)} ({summary.estimate.epochs} passes over the training split at about {formatCount(summary.estimate.tokensPerSecond)}{' '}
          tokens a second on a 24 GB GPU)
        </dd>
        <dt>Tokens counted with</dt>
        <dd>{baseName}</dd>
      </dl>
    </section>
  );
}
