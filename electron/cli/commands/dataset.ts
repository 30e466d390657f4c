/**
 * `confidant dataset build|list|show`: the dataset domain (issue 5) from a terminal.
 * Run: `node bin/confidant.js --data-dir DIR dataset build --style both --base FOLDER`.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { DatasetExample, DatasetInfo } from '../../api/calls/dataset.ts';
import type { SessionFactory } from '../program.ts';

function parseInteger(label: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${label} must be a whole number of at least ${min}.`);
    return n;
  };
}

function parseStyle(value: string): 'raw' | 'instruct' | 'both' {
  if (value === 'raw' || value === 'instruct' || value === 'both') return value;
  throw new InvalidArgumentError('choose raw, instruct or both.');
}

function parseHoldout(value: string): 'random' | 'recent' {
  if (value === 'random' || value === 'recent') return value;
  throw new InvalidArgumentError('choose random or recent.');
}

export function registerDataset(program: Command, session: SessionFactory): void {
  const dataset = program.command('dataset').description('Build training files from the included, redacted entries');

  dataset
    .command('build')
    .description('Build train/val/test files and a manifest under <data dir>/datasets/<id>/')
    .option('--style <style>', 'raw (your text), instruct (prompt/answer pairs) or both', parseStyle, 'both')
    .option('--max-tokens <n>', 'longest example in tokens', parseInteger('--max-tokens', 128), 2048)
    .option('--base <model>', 'base model name under <data dir>/models/bases, or its folder')
    .option('--seed <s>', 'seed of the train/val/test split', parseInteger('--seed', 0), 0)
    .option('--holdout <how>', 'random, or recent: the newest 10% is the test split', parseHoldout, 'random')
    .option('--dedup-threshold <x>', 'near-duplicate similarity (0-1]', Number, 0.8)
    .option('--redact-unreviewed', 'redact findings still to review with placeholders such as [PERSON] (otherwise the build stops and says how many)', false)
    .action(async (opts: { style: 'raw' | 'instruct' | 'both'; maxTokens: number; base?: string; seed: number; holdout: 'random' | 'recent'; dedupThreshold: number; redactUnreviewed: boolean }) => {
      const s = session();
      const info = await s.client().call('dataset.build', {
        style: opts.style,
        maxTokens: opts.maxTokens,
        seed: opts.seed,
        holdout: opts.holdout,
        dedupThreshold: opts.dedupThreshold,
        unreviewed: opts.redactUnreviewed ? 'redact' : 'review',
        ...(opts.base ? { base: opts.base } : {}),
      });
      s.print(info, () => formatDataset(info));
    });

  dataset
    .command('list')
    .description('Datasets built so far, newest first')
    .action(async () => {
      const s = session();
      const { datasets } = await s.client().call('dataset.list', {});
      s.print({ datasets }, () =>
        datasets.length === 0
          ? 'No datasets yet. Build one with `confidant dataset build`.'
          : datasets.map((d) => `${d.id}  ${d.settings.style.padEnd(8)} ${String(totalExamples(d)).padStart(7)} examples ${String(d.summary.totalTokens).padStart(10)} tokens  ${d.base.name}`).join('\n'),
      );
    });

  dataset
    .command('show <id>')
    .description('One dataset and random examples exactly as the model reads them')
    .option('--sample <n>', 'how many examples to show', parseInteger('--sample', 0), 3)
    .option('--seed <s>', 'which random sample', parseInteger('--seed', 0), 0)
    .action(async (id: string, opts: { sample: number; seed: number }) => {
      const s = session();
      const shown = await s.client().call('dataset.show', { id, sample: { count: opts.sample, seed: opts.seed } });
      s.print(shown, () => [formatDataset(shown.dataset), ...shown.examples.map(formatExample)].join('\n\n'));
    });
}

function totalExamples(d: DatasetInfo): number {
  return d.summary.splits.train.examples + d.summary.splits.val.examples + d.summary.splits.test.examples;
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function formatDataset(d: DatasetInfo): string {
  const { summary: s } = d;
  const split = (name: 'train' | 'val' | 'test') => `${s.splits[name].entries} entries, ${s.splits[name].examples} examples, ${s.splits[name].tokens} tokens`;
  return [
    `Dataset ${d.id}`,
    `Folder:     ${d.path}`,
    `Style:      ${d.settings.style}, at most ${d.settings.maxTokens} tokens per example, seed ${d.settings.seed}, holdout ${d.settings.holdout}`,
    `Base:       ${d.base.name}`,
    `Entries:    ${s.used} used of ${s.entriesSeen} (${s.excluded} excluded, ${s.empty} empty, ${s.exactDuplicates} exact and ${s.nearDuplicates} near duplicates removed)`,
    ...(s.toReview.findings > 0 ? [`Redacted:   ${s.toReview.findings} findings still to review in ${s.toReview.entries} entries, as placeholders such as [PERSON]`] : []),
    `Train:      ${split('train')}`,
    `Validation: ${split('val')}`,
    `Test:       ${split('test')}`,
    `Tokens:     ${s.totalTokens} in all`,
    `Training:   roughly ${formatDuration(s.estimate.seconds)} (${s.estimate.epochs} epochs at an assumed ${s.estimate.tokensPerSecond} tokens/s)`,
    `Files:      ${d.files.map((f) => `${f.name} (sha256 ${f.sha256.slice(0, 12)})`).join(', ')}`,
  ].join('\n');
}

function formatExample(e: DatasetExample, index: number): string {
  return `--- example ${index + 1} (${e.split}, ${e.kind}, ${e.tokens} tokens) ---\n${e.rendered}`;
}
