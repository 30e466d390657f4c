/**
 * The GGUF files a person can chat with (chat_model). Adding one checks the file is a whole GGUF
 * (readGgufMeta from models/) so a bad file is refused with a clear message at the door, not
 * when the first message is sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfidantError } from '../../api/errors.ts';
import type { ChatModel } from '../../api/calls/chat.ts';
import type { Db } from '../db/index.ts';
import { readGgufMeta } from '../models/gguf-meta.ts';

export interface ModelRow {
  id: number;
  name: string;
  path: string;
  adapterPath: string | null;
  architecture: string;
  sizeBytes: number;
  hasChatTemplate: boolean;
  addedAt: string;
}

interface ModelRaw {
  id: number;
  name: string;
  path: string;
  adapter_path: string | null;
  architecture: string;
  size_bytes: number;
  has_chat_template: number;
  added_at: string;
}

function toRow(raw: ModelRaw): ModelRow {
  return {
    id: raw.id,
    name: raw.name,
    path: raw.path,
    adapterPath: raw.adapter_path,
    architecture: raw.architecture,
    sizeBytes: raw.size_bytes,
    hasChatTemplate: raw.has_chat_template === 1,
    addedAt: raw.added_at,
  };
}

export function isModelAvailable(row: Pick<ModelRow, 'path' | 'adapterPath'>): boolean {
  return fs.existsSync(row.path) && (row.adapterPath === null || fs.existsSync(row.adapterPath));
}

export function toChatModel(row: ModelRow): ChatModel {
  return { ...row, isAvailable: isModelAvailable(row) };
}

export function listModels(db: Db): ModelRow[] {
  return (db.prepare('SELECT * FROM chat_model ORDER BY added_at DESC, id DESC').all() as ModelRaw[]).map(toRow);
}

export function getModel(db: Db, modelId: number): ModelRow {
  const raw = db.prepare('SELECT * FROM chat_model WHERE id = ?').get(modelId) as ModelRaw | undefined;
  if (!raw) throw new ConfidantError('not_found', `There is no chat model ${modelId}. Add the GGUF file again or pick another model.`);
  return toRow(raw);
}

/**
 * Registers a GGUF (and optional LoRA adapter GGUF), or returns the existing registration of the
 * same pair.
 *
 * @throws ConfidantError `not_found` / `invalid_input` naming the file that is missing, truncated or not GGUF.
 */
/** `origin`: `training` for a model the export pipeline made, `user` for a file the person added. */
export async function addModel(db: Db, input: { path: string; adapterPath?: string; name?: string; origin?: 'user' | 'training' }): Promise<ModelRow> {
  const file = path.resolve(input.path);
  const adapter = input.adapterPath === undefined ? null : path.resolve(input.adapterPath);
  const meta = await readGgufMeta(file);
  if (meta.type === 'adapter') {
    throw new ConfidantError('invalid_input', `${file} is a LoRA adapter, not a model. Add the base model GGUF and pass this file as its adapter.`);
  }
  if (adapter !== null) {
    const adapterMeta = await readGgufMeta(adapter);
    if (adapterMeta.type !== 'adapter') {
      throw new ConfidantError('invalid_input', `${adapter} is not a LoRA adapter GGUF (general.type is "${adapterMeta.type}"). Convert the adapter with convert_lora_to_gguf.py.`);
    }
  }
  const existing = db
    .prepare('SELECT * FROM chat_model WHERE path = ? AND adapter_path IS ?')
    .get(file, adapter) as ModelRaw | undefined;
  if (existing) return toRow(existing);
  const name = input.name ?? (adapter ? `${path.basename(file, '.gguf')} + ${path.basename(adapter, '.gguf')}` : path.basename(file, '.gguf'));
  const result = db
    .prepare(
      `INSERT INTO chat_model (name, path, adapter_path, architecture, size_bytes, has_chat_template, origin, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(name, file, adapter, meta.architecture, meta.bytes, meta.chatTemplate ? 1 : 0, input.origin ?? 'user', new Date().toISOString());
  return getModel(db, Number(result.lastInsertRowid));
}

/** Forgets the model; conversations keep its name and path (ON DELETE SET NULL). */
export function removeModel(db: Db, modelId: number): boolean {
  return db.prepare('DELETE FROM chat_model WHERE id = ?').run(modelId).changes > 0;
}
