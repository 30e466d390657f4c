/**
 * Dataset build speed (issue 5): 10,000 indexed entries of about 300 words, with dedup and token
 * counting, in a real SQLite file. Prints figures; it is not a test. Target: <= 15 s on 2 cores.
 * Run: `npm run bench:dataset [-- --entries N --words W --style raw|instruct|both --base DIR]`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../electron/core/db/index.ts';
import { dataPaths, ensureDataDir } from '../electron/core/paths.ts';
import { scanEntries } from '../electron/core/privacy/index.ts';
import { DEFAULT_SETTINGS, loadBaseModel, planDataset, writeDataset, type Style } from '../electron/core/dataset/index.ts';

const repo = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '10000' },
    words: { type: 'string', default: '300' },
    style: { type: 'string', default: 'both' },
    base: { type: 'string' },
  },
});
const entryCount = Number(values.entries);
const wordsPerEntry = Number(values.words);
const style = values.style as Style;

function tinyBase(): string {
  const dir = path.join(repo, '.cache', 'tiny-mistral-base');
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    execFileSync(path.join(repo, '.venv/bin/python'), ['-m', 'confidant_trainer.testing.tiny_model', dir], { cwd: path.join(repo, 'trainer'), stdio: 'inherit' });
  }
  return dir;
}

/** A Zipf-distributed vocabulary of made-up words, so token-count caching meets a realistic spread. */
function makeVocabulary(size: number, next: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'an', 'is', 'un', 'der', 'bri', 'mo', 'ste', 'qua', 'li', 'ne', 'por'];
  const common = 'the a and I to of in was it my we had but that with for on at as so went felt today'.split(' ');
  const words = [...common];
  while (words.length < size) {
    const n = 1 + Math.floor(next() * 3);
    words.push(Array.from({ length: n }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  }
  return words;
}

function makeRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function makeEntry(vocab: string[], next: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < wordsPerEntry; i += 1) {
    // Zipf-like: index ~ size^u concentrates on common words.
    const word = vocab[Math.min(vocab.length - 1, Math.floor(vocab.length ** next()) - 1)];
    out.push(i % 14 === 13 ? `${word}.` : i % 9 === 8 ? `${word},` : word);
    if (i % 60 === 59 && i < wordsPerEntry - 1) out.push('\n\n');
  }
  return out.join(' ').replace(/ \n\n /g, '\n\n');
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-bench-dataset-'));
try {
  const paths = dataPaths(root);
  ensureDataDir(paths);
  const db = openDatabase(paths.database);
  const next = makeRandom(42);
  const vocab = makeVocabulary(20_000, next);
  const t0 = performance.now();
  db.prepare("INSERT INTO source (path, name, added_at) VALUES ('/bench/journal', 'journal', ?)").run(new Date().toISOString());
  const insert = db.prepare(
    `INSERT INTO entry (source_id, key, format, title, created_at, tags, text, text_hash, metadata, updated_at)
     VALUES (1, ?, 'markdown', ?, ?, ?, ?, '', '{}', ?)`,
  );
  const texts: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < entryCount; i += 1) {
      // 2% exact copies and 2% lightly edited copies of earlier entries, as journals that were
      // exported twice or pasted into two apps have.
      let text: string;
      if (i > 100 && i % 50 === 0) text = texts[i - 77];
      else if (i > 100 && i % 50 === 25) text = texts[i - 33].replace(/\b(\w+)\./, 'edited.');
      else text = makeEntry(vocab, next);
      texts.push(text);
      const day = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString();
      insert.run(`daily/${day.slice(0, 10)}.md`, i % 3 === 0 ? `Note ${i}` : '', day, JSON.stringify(i % 5 === 0 ? ['travel'] : []), text, day);
    }
  })();
  const indexSeconds = (performance.now() - t0) / 1000;
  // The app scans for personal data right after indexing; the build then finds every scan fresh.
  const tScan = performance.now();
  scanEntries(db);
  const scanSeconds = (performance.now() - tScan) / 1000;
  const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0);

  const base = values.base ?? tinyBase();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  loadBaseModel(paths, base);
  const loadSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const plan = planDataset(db, paths, { ...DEFAULT_SETTINGS, style, base });
  const planSeconds = (performance.now() - t2) / 1000;
  const t3 = performance.now();
  const manifest = writeDataset(db, paths, plan);
  const writeSeconds = (performance.now() - t3) / 1000;
  const s = plan.summary;
  const examples = s.splits.train.examples + s.splits.val.examples + s.splits.test.examples;
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  const total = loadSeconds + planSeconds + writeSeconds;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const [load1] = os.loadavg();
  console.log(`Dataset build benchmark (${os.cpus().length} CPUs, Node ${process.version})`);
  console.log(`  corpus:        ${entryCount} entries, ${words} words (inserted in ${indexSeconds.toFixed(2)} s, privacy scan ${scanSeconds.toFixed(2)} s, both before the build)`);
  console.log(`  style:         ${style}, max ${DEFAULT_SETTINGS.maxTokens} tokens, dedup threshold ${DEFAULT_SETTINGS.dedupThreshold}`);
  console.log(`  dedup:         ${s.exactDuplicates} exact + ${s.nearDuplicates} near duplicates removed, ${s.used} entries used`);
  console.log(`  output:        ${examples} examples, ${s.totalTokens} tokens, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`  tokenizer load ${loadSeconds.toFixed(2)} s`);
  console.log(`  plan           ${planSeconds.toFixed(2)} s (training view, dedup, split, examples, token counts)`);
  console.log(`  write          ${writeSeconds.toFixed(2)} s`);
  console.log(`  total build    ${total.toFixed(2)} s (target <= 15 s): ${total <= 15 ? 'met' : 'NOT met'}`);
  console.log(`  CPU time       ${cpuSeconds.toFixed(2)} s of this process during the build (load average ${load1.toFixed(1)} when it ended)`);
  console.log(`  throughput     ${Math.round(s.totalTokens / total)} tokens/s counted and written`);
  db.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
