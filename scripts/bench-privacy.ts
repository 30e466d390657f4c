/**
 * Accuracy and speed of the privacy detectors; prints figures, asserts nothing.
 *
 *   npm run bench:privacy              (add --verbose to list every miss and false alarm)
 *
 * Three inputs, all written for this project:
 * - tests/fixtures/privacy-corpus: the synthetic diary (regenerate: npx tsx scripts/gen-privacy-corpus.ts).
 * - tests/fixtures/privacy-corpus-hard: hand-written diary lines for each class of miss that real
 *   notes showed (lower-case names, names from other languages, European and Commonwealth
 *   addresses, national phone formats, obfuscated emails, links without a scheme) and look-alikes;
 *   lines.txt was written with the detectors, held-out.txt after them and is never tuned on.
 * - tests/fixtures/docs-vault: a 150-note help vault (npx tsx scripts/gen-docs-vault.ts) whose only
 *   people are contributors, hosts and credits: every other person finding is a false alarm.
 *
 * A detection counts when it has the label's kind and covers the whole labelled value, so a
 * street found without its postcode, or a first name without the surname, is a miss.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { buildLibraryContext, createScanner, type DetectContext, type DetectedSpan, type ListedName } from '../electron/core/privacy/detectors/index.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'tests', 'fixtures');
const isVerbose = process.argv.includes('--verbose');

interface Label { kind: string; start: number; end: number; value: string; onList?: boolean; section?: string }
interface CorpusEntry { key: string; title: string; text: string; labels: Label[] }

function loadSynthetic(): { entries: CorpusEntry[]; names: ListedName[] } {
  const dir = path.join(FIXTURES, 'privacy-corpus');
  const entries = fs.readFileSync(path.join(dir, 'entries.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CorpusEntry);
  const people = JSON.parse(fs.readFileSync(path.join(dir, 'people.json'), 'utf8')) as { name: string; kind: 'person' | 'place'; aliases: string[] }[];
  return { entries, names: people.map((p, i) => ({ id: i + 1, name: p.name, kind: p.kind, aliases: p.aliases })) };
}

/** The hard corpus's own notation: one entry a line, labels inline as ⟦kind:value⟧, "# " lines name the section. */
function loadHard(file = 'lines.txt'): { entries: CorpusEntry[]; homeRegions: string[] } {
  const dir = path.join(FIXTURES, 'privacy-corpus-hard');
  const settings = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { homeRegions: string[] };
  const entries: CorpusEntry[] = [];
  let section = '';
  fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
    if (line.startsWith('# ')) {
      section = line.slice(2);
      return;
    }
    if (line.trim() === '') return;
    const labels: Label[] = [];
    let text = '';
    let rest = line;
    for (let m = /⟦(\w+):([^⟧]+)⟧/u.exec(rest); m !== null; m = /⟦(\w+):([^⟧]+)⟧/u.exec(rest)) {
      text += rest.slice(0, m.index);
      labels.push({ kind: m[1] ?? '', start: text.length, end: text.length + (m[2] ?? '').length, value: m[2] ?? '', section });
      text += m[2];
      rest = rest.slice(m.index + m[0].length);
    }
    entries.push({ key: `${file}:${i + 1}`, title: '', text: text + rest, labels });
  });
  return { entries, homeRegions: settings.homeRegions };
}

/** Notes as an importer would hand them over: heading and list markers gone, the words and line breaks kept. */
function loadVault(): { notes: { file: string; title: string; text: string; persons: string[] }[] } {
  const dir = path.join(FIXTURES, 'docs-vault');
  const labels = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')) as { file: string; persons: string[] }[];
  return {
    notes: labels.map((l) => ({
      ...l,
      title: path.basename(l.file, '.md'),
      text: fs.readFileSync(path.join(dir, 'notes', l.file), 'utf8').replace(/^(?:#{1,6} |- |\d+\. )/gmu, ''),
    })),
  };
}

const covers = (f: { start: number; end: number }, l: { start: number; end: number }) => f.start <= l.start && f.end >= l.end;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** The row a label is scored under: names by whether they are on the list, lower-case names apart. */
function labelGroups(label: Label): string[] {
  if (label.kind !== 'person' && label.kind !== 'place') return [label.kind];
  const group = `${label.kind} (${label.onList ? 'on list' : 'not on list'})`;
  return label.kind === 'person' && label.value === label.value.toLowerCase() ? [group, 'person, lower case'] : [group];
}

interface Row { found: number; total: number; right: number; detected: number }
const fmt = (n: number, d: number) => (d === 0 ? '   -  ' : (n / d).toFixed(3).padStart(6));
const f2 = (p: number, r: number) => (p + r === 0 ? 0 : (5 * p * r) / (4 * p + r));

function scoreCorpus(title: string, entries: CorpusEntry[], ctx: DetectContext): void {
  const scanner = createScanner(ctx);
  const rows = new Map<string, Row>();
  const sections = new Map<string, { found: number; total: number }>();
  const row = (g: string) => rows.get(g) ?? rows.set(g, { found: 0, total: 0, right: 0, detected: 0 }).get(g) as Row;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  let allFound = 0;
  let allTotal = 0;
  for (const entry of entries) {
    const found: DetectedSpan[] = scanner.detect(entry.text);
    for (const label of entry.labels) {
      const hit = found.some((f) => f.kind === label.kind && covers(f, label));
      for (const g of labelGroups(label)) {
        row(g).total++;
        if (hit) row(g).found++;
      }
      allTotal++;
      if (hit) allFound++;
      else misses.push(`${label.kind}: ${JSON.stringify(label.value)} in ${entry.key}${found.some((f) => overlaps(f, label)) ? ' (partly found)' : ''}`);
      if (label.section !== undefined) {
        const s = sections.get(label.section) ?? { found: 0, total: 0 };
        s.total++;
        if (hit) s.found++;
        sections.set(label.section, s);
      }
    }
    for (const f of found) {
      const match = entry.labels.find((l) => l.kind === f.kind && overlaps(f, l));
      const groups = match ? labelGroups(match) : f.kind === 'person' || f.kind === 'place' ? [`${f.kind} (${f.detector === 'list' ? 'on list' : 'not on list'})`] : [f.kind];
      for (const g of groups) {
        row(g).detected++;
        if (match) row(g).right++;
      }
      if (!match) falseAlarms.push(`${f.kind}: ${JSON.stringify(entry.text.slice(f.start, f.end))} (${f.detector}) in ${entry.key}`);
    }
  }
  console.log(`\n## ${title}\n`);
  console.log(`${'kind'.padEnd(24)} ${'recall'.padStart(6)} ${'precision'.padStart(9)}     F2   labelled  detected`);
  for (const g of [...rows.keys()].sort()) {
    const r = row(g);
    const p = r.detected === 0 ? 0 : r.right / r.detected;
    const rc = r.total === 0 ? 0 : r.found / r.total;
    console.log(`${g.padEnd(24)} ${fmt(r.found, r.total)} ${fmt(r.right, r.detected).padStart(9)} ${r.total && r.detected ? f2(p, rc).toFixed(3) : '   - '}   ${String(r.total).padStart(8)}  ${String(r.detected).padStart(8)}`);
  }
  console.log(`${'all labels'.padEnd(24)} ${fmt(allFound, allTotal)}`);
  if (sections.size > 0) {
    console.log('\nRecall by class of line:');
    for (const [s, r] of sections) console.log(`  ${fmt(r.found, r.total)}  ${String(r.found).padStart(3)}/${String(r.total).padEnd(3)} ${s}`);
  }
  if (isVerbose) {
    console.log(`\nMisses (${misses.length}):\n  ${misses.join('\n  ')}`);
    console.log(`\nFalse alarms (${falseAlarms.length}):\n  ${falseAlarms.join('\n  ')}`);
  } else {
    console.log(`\n${misses.length} misses, ${falseAlarms.length} false alarms (--verbose lists them)`);
  }
}

function scoreVault(): void {
  const { notes } = loadVault();
  const library = buildLibraryContext(notes);
  console.log(`\n## Documentation vault: ${notes.length} notes, unlisted person and place findings\n`);
  console.log(`${'library context'.padEnd(16)} ${'persons'.padStart(8)} ${'per note'.padStart(8)} ${'right'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'places'.padStart(7)} ${'per note'.padStart(8)}`);
  const falseAlarms = new Map<string, number>();
  const perNote: number[] = [];
  for (const withLibrary of [false, true]) {
    const scanner = createScanner({ names: [], redactPatterns: [], ...(withLibrary ? { library } : {}) });
    let persons = 0;
    let right = 0;
    let places = 0;
    let labelled = 0;
    let labelledFound = 0;
    for (const note of notes) {
      const found = scanner.detect(note.text).filter((f) => f.detector !== 'list');
      const personSpans = found.filter((f) => f.kind === 'person');
      places += found.filter((f) => f.kind === 'place').length;
      persons += personSpans.length;
      let wrong = 0;
      for (const f of personSpans) {
        const value = note.text.slice(f.start, f.end);
        if (note.persons.some((p) => p.includes(value) || value.includes(p))) right++;
        else {
          wrong++;
          if (withLibrary) falseAlarms.set(value, (falseAlarms.get(value) ?? 0) + 1);
        }
      }
      if (withLibrary) perNote.push(wrong);
      for (const person of note.persons) {
        for (let at = note.text.indexOf(person); at >= 0; at = note.text.indexOf(person, at + 1)) {
          labelled++;
          if (personSpans.some((f) => covers(f, { start: at, end: at + person.length }))) labelledFound++;
        }
      }
    }
    console.log(`${(withLibrary ? 'on' : 'off').padEnd(16)} ${String(persons).padStart(8)} ${(persons / notes.length).toFixed(2).padStart(8)} ${String(right).padStart(6)} ${fmt(right, persons).padStart(9)} ${fmt(labelledFound, labelled).padStart(7)} ${String(places).padStart(7)} ${(places / notes.length).toFixed(2).padStart(8)}`);
  }
  console.log(`\nWith the library context: ${perNote.filter((n) => n > 0).length} of ${notes.length} notes have a false person alarm, at most ${Math.max(...perNote)} in one note`);
  const top = [...falseAlarms].sort((a, b) => b[1] - a[1]).slice(0, isVerbose ? 100 : 8);
  console.log(`\nFalse person alarms with the library context (top ${top.length}): ${top.map(([v, n]) => `${v} ×${n}`).join(', ') || 'none'}`);
}

interface Throughput { bytes: number; ms: number; cpuMs: number }

/**
 * The whole scan, as the app runs it, over and over for about `seconds`: build the library context
 * from every entry, then run every detector on every entry. CPU time is reported beside wall time
 * because the machine is shared: wall time alone measures the neighbours' load as much as the scan.
 */
function measureThroughput(entries: { title: string; text: string }[], names: ListedName[], seconds: number): Throughput {
  const sizes = entries.map((e) => Buffer.byteLength(e.text, 'utf8'));
  const scanOnce = () => {
    const scanner = createScanner({ names, redactPatterns: [], homeRegions: ['NO', 'ES', 'IN'], library: buildLibraryContext(entries) });
    for (const e of entries) scanner.detect(e.text);
  };
  scanOnce(); // warm-up: JIT, compromise's and faker's lexicons
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    scanOnce();
    bytes += sizes.reduce((n, s) => n + s, 0);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { bytes, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The tagger the issue suggests, measured on the same text, to show why the detectors do not use it. */
async function measureWink(texts: string[]): Promise<string> {
  try {
    const winkNLP = (await import('wink-nlp')).default;
    const model = (await import('wink-eng-lite-web-model')).default;
    const nlp = winkNLP(model);
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
    for (const t of texts.slice(0, 20)) nlp.readDoc(t).tokens().out(nlp.its.pos);
    const cpuBefore = process.cpuUsage();
    for (const t of texts) nlp.readDoc(t).tokens().out(nlp.its.pos);
    const cpu = process.cpuUsage(cpuBefore);
    return `${mbps(bytes, (cpu.user + cpu.system) / 1000)} MB per CPU-second (part-of-speech tags only)`;
  } catch (error) {
    return `not measured (${(error as Error).message}); it is a devDependency`;
  }
}

const mbps = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(2);

function throughputEntries(): { title: string; text: string }[] {
  return [...loadSynthetic().entries, ...loadVault().notes];
}

async function main(): Promise<void> {
  const synthetic = loadSynthetic();
  const hard = loadHard();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  console.log(`${os.cpus().length} CPU cores; load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  scoreCorpus(`Synthetic corpus: ${synthetic.entries.length} entries, person's list of ${synthetic.names.length}`, synthetic.entries, { names: synthetic.names, redactPatterns: [] });
  scoreCorpus(`Hard diary lines: ${hard.entries.length} lines, no list, home regions ${hard.homeRegions.join(', ')}`, hard.entries, { names: [], redactPatterns: [], homeRegions: hard.homeRegions });
  const heldOut = loadHard('held-out.txt');
  scoreCorpus(`Held-out hard lines (written after the detectors, never tuned on): ${heldOut.entries.length} lines`, heldOut.entries, { names: [], redactPatterns: [], homeRegions: heldOut.homeRegions });
  scoreVault();
  const entries = throughputEntries();
  console.log(`\n## Speed: whole scan (library context + every detector) of ${entries.length} entries, ${(entries.reduce((n, e) => n + Buffer.byteLength(e.text), 0) / 1024).toFixed(0)} KiB\n`);
  const single = measureThroughput(entries, synthetic.names, 3);
  console.log(`1 process:   ${mbps(single.bytes, single.ms)} MB/s wall, ${mbps(single.bytes, single.cpuMs)} MB per CPU-second`);
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
  console.log(`${workers} processes: ${mbps(bytes, ms)} MB/s wall together, ${results.map((r) => mbps(r.bytes, r.cpuMs)).join(' and ')} MB per CPU-second each`);
  console.log(`wink-nlp + wink-eng-lite-web-model: ${await measureWink(entries.map((e) => e.text))}`);
  const cpu = process.cpuUsage(cpuStart);
  console.log(`\nThis process: ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

if (process.argv.includes('--child')) {
  process.send?.(measureThroughput(throughputEntries(), loadSynthetic().names, 3), () => process.exit(0));
} else {
  await main();
}
