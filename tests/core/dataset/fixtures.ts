import path from 'node:path';
import type { Db } from '../../../electron/core/db/index.ts';

/** The shared tiny base (real Mistral tokenizer and chat template), made once per checkout. */
export { tinyMistralDir } from '../../helpers/tiny-model.ts';

export interface TestEntry {
  key: string;
  text: string;
  createdAt?: string | null;
  title?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

/** Inserts entries under one source, as the library's indexer stores them. Returns their ids. */
export function insertEntries(db: Db, sourcePath: string, entries: readonly TestEntry[]): number[] {
  const now = new Date().toISOString();
  db.prepare('INSERT OR IGNORE INTO source (path, name, added_at) VALUES (?, ?, ?)').run(sourcePath, path.basename(sourcePath), now);
  const sourceId = db.prepare('SELECT id FROM source WHERE path = ?').pluck().get(sourcePath) as number;
  const insert = db.prepare(
    `INSERT INTO entry (source_id, key, format, title, created_at, tags, text, text_hash, metadata, updated_at)
     VALUES (?, ?, 'markdown', ?, ?, ?, ?, '', ?, ?)`,
  );
  return db.transaction(() =>
    entries.map((e) => Number(insert.run(sourceId, e.key, e.title ?? '', e.createdAt ?? null, JSON.stringify(e.tags ?? []), e.text, JSON.stringify(e.metadata ?? {}), now).lastInsertRowid)),
  )();
}

const WORDS = 'morning coffee walked river garden sister letter rain quiet train city market bread window evening friend music book tired happy wrote remembered harbour bicycle lamp autumn'.split(' ');

/** Deterministic prose of `words` words in paragraphs, different for each `seed`. */
export function prose(seed: number, words: number, wordsPerParagraph = 60): string {
  let state = (seed + 1) * 2654435761 >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const word = WORDS[state % WORDS.length] + (state % 7 === 0 ? String(state % 97) : '');
    out.push(i % 12 === 11 ? `${word}.` : word);
    if (i % wordsPerParagraph === wordsPerParagraph - 1 && i < words - 1) out.push('\n\n');
  }
  return out.join(' ').replace(/ \n\n /g, '\n\n');
}
