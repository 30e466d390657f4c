/**
 * Library indexing benchmark (issue 3): `npm run bench:index [-- --notes 10000]`.
 * Generates a synthetic vault of Markdown notes (about 300 words, front matter, links, tags), then
 * prints one JSON line: cold index time and rate, unchanged-rescan time, write-to-searchable latency
 * under the real watcher, and peak RSS. It is a script that prints figures, never a timed test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../electron/core/core.ts';
import { getLibrary } from '../electron/core/library/index.ts';
import { defaultWatchTimings } from '../electron/core/library/watcher.ts';

const notesArg = process.argv.indexOf('--notes');
const notes = notesArg > 0 ? Number(process.argv[notesArg + 1]) : 10_000;

const words = ('morning walk river coffee friend letter garden rain train city window book music dinner laugh quiet ' +
  'winter summer harbour market bread lamp evening story tired happy worried plan travel doctor sister brother ' +
  'work meeting project idea notebook pencil shadow light bridge forest mountain ocean island street neighbour').split(' ');

/** Deterministic pseudo-random numbers, so every run indexes the same vault. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeVault(dir: string, count: number): void {
  const rand = rng(42);
  const pick = () => words[Math.floor(rand() * words.length)];
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `area-${i % 50}`);
    if (i < 50) fs.mkdirSync(folder, { recursive: true });
    const paragraphs: string[] = [];
    for (let p = 0; p < 5; p++) {
      const sentence: string[] = [];
      for (let w = 0; w < 60; w++) sentence.push(w % 15 === 14 ? `${pick()}.` : pick());
      paragraphs.push(`${sentence.join(' ')} See [[note-${(i * 7 + p) % count}|the ${pick()} note]] #${pick()}`);
    }
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    fs.writeFileSync(
      path.join(folder, `note-${i}.md`),
      `---\ntitle: Note ${i} about the ${pick()}\ntags: [${pick()}, ${pick()}]\ncreated: ${day}\n---\n# Note ${i}\n\n${paragraphs.join('\n\n')}\n`,
    );
  }
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-bench-'));
const vault = path.join(root, 'vault');
makeVault(vault, notes);
const core = openCore({ dataDir: path.join(root, 'data'), logError: (m, e) => console.error(m, e) });
try {
  const library = getLibrary(core.context, { ...defaultWatchTimings });
  const source = library.add(vault, {}, true);

  let t = performance.now();
  let cpu = process.cpuUsage();
  const [cold] = await library.index(source.id);
  const coldS = (performance.now() - t) / 1000;
  // CPU seconds this process used: on a shared machine wall time mostly measures the neighbours.
  const coldCpuS = cpuSeconds(process.cpuUsage(cpu));
  if (cold.entriesAdded !== notes || cold.errors !== 0) throw new Error(`cold index added ${cold.entriesAdded} entries with ${cold.errors} errors`);

  t = performance.now();
  cpu = process.cpuUsage();
  const [rescan] = await library.index(source.id);
  const rescanS = (performance.now() - t) / 1000;
  const rescanCpuS = cpuSeconds(process.cpuUsage(cpu));
  if (rescan.filesParsed !== 0) throw new Error(`unchanged rescan re-parsed ${rescan.filesParsed} files`);

  library.startWatching([source.id]);
  await library.watcherOf(source.id)?.ready;
  const search = core.context.db.prepare("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?").pluck();
  const latencies: number[] = [];
  for (let k = 0; k < 5; k++) {
    const token = `zebrafinch${k}x${Date.now()}`;
    const started = performance.now();
    fs.writeFileSync(path.join(vault, `area-${k}`, `fresh-${k}.md`), `---\ntags: [bench]\n---\nA new note mentioning ${token} today.\n`);
    while ((search.get(`"${token}"`) as number) === 0) {
      if (performance.now() - started > 30_000) throw new Error('the new note never became searchable');
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 300));
  }
  latencies.sort((a, b) => a - b);
  await library.stopWatching();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  console.log(JSON.stringify({
    notes,
    coldIndexS: round(coldS, 2),
    notesPerS: Math.round(notes / coldS),
    coldIndexCpuS: round(coldCpuS, 2),
    notesPerCpuS: Math.round(notes / coldCpuS),
    unchangedRescanS: round(rescanS, 3),
    unchangedRescanCpuS: round(rescanCpuS, 3),
    writeToSearchableMs: Math.round(latencies[Math.floor(latencies.length / 2)]),
    writeToSearchableMaxMs: Math.round(latencies[latencies.length - 1]),
    peakRssMb: Math.round(peakRss / 1048576),
    cpus: os.cpus().length,
    loadAvg1m: round(os.loadavg()[0], 1),
  }));
} finally {
  clearInterval(sampler);
  await core.close();
  fs.rmSync(root, { recursive: true, force: true });
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
