/**
 * Accuracy and speed of the privacy detectors on the labelled synthetic corpus (issue #4).
 * Prints precision and recall per kind and megabytes scanned per second; it asserts nothing.
 *
 *   npm run bench:privacy            (regenerate the corpus first: npx tsx scripts/gen-privacy-corpus.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { createScanner, type DetectedSpan, type ListedName } from '../electron/core/privacy/detectors/index.ts';

const CORPUS_DIR = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'privacy-corpus');

interface Label { kind: string; start: number; end: number; value: string; onList?: boolean }
interface CorpusEntry { key: string; text: string; labels: Label[] }

function loadCorpus(): { entries: CorpusEntry[]; names: ListedName[] } {
  const entries = fs.readFileSync(path.join(CORPUS_DIR, 'entries.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CorpusEntry);
  const people = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'people.json'), 'utf8')) as { name: string; kind: 'person' | 'place'; aliases: string[] }[];
  return { entries, names: people.map((p, i) => ({ id: i + 1, name: p.name, kind: p.kind, aliases: p.aliases })) };
}

/** The row a label or a detection is scored under: names are split by whether they are on the list. */
function labelGroup(label: Label): string {
  if (label.kind === 'person' || label.kind === 'place') return `${label.kind} (${label.onList ? 'on list' : 'not on list'})`;
  return label.kind;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function scoreAccuracy(entries: CorpusEntry[], names: ListedName[]): void {
  const scanner = createScanner({ names, redactPatterns: [] });
  const recall = new Map<string, { found: number; total: number }>();
  const precision = new Map<string, { right: number; total: number }>();
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const entry of entries) {
    const found: DetectedSpan[] = scanner.detect(entry.text);
    for (const label of entry.labels) {
      const group = labelGroup(label);
      const row = recall.get(group) ?? { found: 0, total: 0 };
      row.total++;
      if (found.some((f) => f.kind === label.kind && overlaps(f, label))) row.found++;
      else misses.push(`${group}: ${JSON.stringify(label.value)} in ${entry.key}`);
      recall.set(group, row);
    }
    for (const f of found) {
      const match = entry.labels.find((l) => l.kind === f.kind && overlaps(f, l));
      const group = match ? labelGroup(match) : f.kind === 'person' || f.kind === 'place' ? `${f.kind} (${f.detector === 'list' ? 'on list' : 'not on list'})` : f.kind;
      const row = precision.get(group) ?? { right: 0, total: 0 };
      row.total++;
      if (match) row.right++;
      else falsePositives.push(`${group}: ${JSON.stringify(entry.text.slice(f.start, f.end))} (${f.detector}) in ${entry.key}`);
      precision.set(group, row);
    }
  }
  const groups = [...new Set([...recall.keys(), ...precision.keys()])].sort();
  const fmt = (n: number, d: number) => (d === 0 ? '   -  ' : (n / d).toFixed(3).padStart(6));
  console.log(`${'kind'.padEnd(24)} ${'recall'.padStart(6)} ${'precision'.padStart(9)}   planted  detected`);
  for (const g of groups) {
    const r = recall.get(g) ?? { found: 0, total: 0 };
    const p = precision.get(g) ?? { right: 0, total: 0 };
    console.log(`${g.padEnd(24)} ${fmt(r.found, r.total)} ${fmt(p.right, p.total).padStart(9)}   ${String(r.total).padStart(7)}  ${String(p.total).padStart(8)}`);
  }
  if (process.argv.includes('--verbose')) {
    console.log(`\nMisses (${misses.length}):\n  ${misses.join('\n  ')}`);
    console.log(`\nFalse positives (${falsePositives.length}):\n  ${falsePositives.join('\n  ')}`);
  } else {
    console.log(`\n${misses.length} misses, ${falsePositives.length} false positives (--verbose lists them)`);
  }
}

interface Throughput { bytes: number; ms: number; cpuMs: number }

/**
 * Scans the corpus text over and over for about `seconds`; returns bytes scanned, wall time and
 * the CPU time this process used. CPU time is reported too because the machine is shared: wall
 * time alone would measure the neighbours' load as much as the detectors.
 */
function measureThroughput(texts: string[], names: ListedName[], seconds: number): Throughput {
  const scanner = createScanner({ names, redactPatterns: [] });
  const sizes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  for (const t of texts) scanner.detect(t); // warm-up: JIT and compromise's lexicon
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    texts.forEach((t, i) => {
      scanner.detect(t);
      bytes += sizes[i] ?? 0;
    });
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { bytes, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const mbps = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(2);

async function main(): Promise<void> {
  const { entries, names } = loadCorpus();
  const totalBytes = entries.reduce((n, e) => n + Buffer.byteLength(e.text, 'utf8'), 0);
  console.log(`Corpus: ${entries.length} entries, ${(totalBytes / 1024).toFixed(0)} KiB, ${entries.reduce((n, e) => n + e.labels.length, 0)} planted findings; ${os.cpus().length} CPU cores\n`);
  scoreAccuracy(entries, names);
  const texts = entries.map((e) => e.text);
  const single = measureThroughput(texts, names, 3);
  console.log(`\nLoad average when measured: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Throughput, 1 process:   ${mbps(single.bytes, single.ms)} MB/s wall, ${mbps(single.bytes, single.cpuMs)} MB per CPU-second`);
  const workers = Math.min(2, os.cpus().length);
  // Processes rather than worker threads: tsx's loader does not reach worker threads on Node 20.
  const results = await Promise.all(
    Array.from({ length: workers }, () => new Promise<Throughput>((resolve, reject) => {
      const child = fork(import.meta.filename, ['--child'], { execArgv: process.execArgv });
      child.once('message', (m) => resolve(m as Throughput));
      child.once('error', reject);
    })),
  );
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  const ms = Math.max(...results.map((r) => r.ms));
  const perCpu = results.map((r) => mbps(r.bytes, r.cpuMs)).join(' and ');
  console.log(`Throughput, ${workers} processes: ${mbps(bytes, ms)} MB/s wall together, ${perCpu} MB per CPU-second each`);
}

if (process.argv.includes('--child')) {
  const { entries, names } = loadCorpus();
  process.send?.(measureThroughput(entries.map((e) => e.text), names, 3), () => process.exit(0));
} else {
  await main();
}
