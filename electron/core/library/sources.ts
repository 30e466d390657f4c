/** Picked folders: add, list, remove. Removing one drops its entries; decisions live elsewhere and stay. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfidantError } from '../../api/errors.ts';
import type { Db } from '../db/index.ts';
import { defaultSourceOptions, type SourceOptions } from './importers/index.ts';
import { isWithin } from './scanner.ts';

export interface SourceRow {
  id: number;
  path: string;
  name: string;
  options: SourceOptions;
  watch: boolean;
  addedAt: string;
  lastScanAt: string | null;
}

const StoredOptions = z.object({
  ignore: z.array(z.string()).default([]),
  notebookCode: z.boolean().default(false),
  markdownCode: z.boolean().default(false),
  maxFileMb: z.number().positive().default(defaultSourceOptions.maxFileMb),
});

interface RawSource {
  id: number;
  path: string;
  name: string;
  options: string;
  watch: number;
  added_at: string;
  last_scan_at: string | null;
}

function toSource(raw: RawSource): SourceRow {
  let options: SourceOptions = defaultSourceOptions;
  try {
    options = StoredOptions.parse(JSON.parse(raw.options));
  } catch {
    // A hand-edited options column falls back to defaults instead of hiding the source.
  }
  return { id: raw.id, path: raw.path, name: raw.name, options, watch: raw.watch === 1, addedAt: raw.added_at, lastScanAt: raw.last_scan_at };
}

export function listSources(db: Db): SourceRow[] {
  return (db.prepare('SELECT * FROM source ORDER BY id').all() as RawSource[]).map(toSource);
}

export function getSource(db: Db, id: number): SourceRow {
  const raw = db.prepare('SELECT * FROM source WHERE id = ?').get(id) as RawSource | undefined;
  if (!raw) throw new ConfidantError('not_found', `There is no source with id ${id}. List them with \`confidant source list\`.`);
  return toSource(raw);
}

/**
 * Adds a folder. The path is resolved to its real location so the same folder reached through a
 * link is not added twice. A folder that is, holds or sits inside the data directory is refused,
 * comparing real paths: Confidant would otherwise index its own database, logs and training text.
 */
export function addSource(db: Db, dir: string, options: Partial<SourceOptions>, dataDir: string, watch = true): SourceRow {
  const resolved = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new ConfidantError('not_found', `The folder ${resolved} does not exist. Check the path and try again.`);
  }
  if (!stat.isDirectory()) throw new ConfidantError('invalid_input', `${resolved} is a file, not a folder. Pick the folder that holds your notes.`);
  try {
    fs.accessSync(resolved, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    throw new ConfidantError('io', `Confidant cannot read the folder ${resolved}. Give your user read access to it.`);
  }
  const real = fs.realpathSync(resolved);
  const dataReal = realPathOfMaybeMissing(dataDir);
  if (isWithin(dataReal, real) || isWithin(real, dataReal)) {
    throw new ConfidantError('invalid_input', `${real} overlaps Confidant's data directory (${dataReal}). Pick a folder of notes outside it.`);
  }
  for (const existing of listSources(db)) {
    if (existing.path === real) throw new ConfidantError('conflict', `${real} is already a source (id ${existing.id}).`);
    if (isWithin(existing.path, real) || isWithin(real, existing.path)) {
      throw new ConfidantError('conflict', `${real} overlaps source ${existing.id} (${existing.path}). Remove one of them first, so no note is indexed twice.`);
    }
  }
  const merged = StoredOptions.parse({ ...options });
  const info = db
    .prepare('INSERT INTO source (path, name, options, watch, added_at) VALUES (?, ?, ?, ?, ?)')
    .run(real, path.basename(real) || real, JSON.stringify(merged), watch ? 1 : 0, new Date().toISOString());
  return getSource(db, Number(info.lastInsertRowid));
}

/** Deletes the source, its documents and entries (cascade). Decisions are keyed by path and stay. */
export function removeSource(db: Db, id: number): SourceRow {
  const source = getSource(db, id);
  db.prepare('DELETE FROM source WHERE id = ?').run(id);
  return source;
}

/** The real location of a path that may not exist yet: its nearest existing ancestor, resolved. */
function realPathOfMaybeMissing(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
