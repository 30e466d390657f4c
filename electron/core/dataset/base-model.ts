/**
 * The base model as the dataset sees it: its tokenizer (to count tokens the way training will) and
 * its own chat template (to show examples exactly as the model will read them).
 *
 * A base is a local folder holding `tokenizer.json` + `tokenizer_config.json` and a chat template
 * (`chat_template.jinja` or `chat_template` in the config), as `save_pretrained` writes them. A name
 * that is not a folder resolves to `<data dir>/models/bases/<name>/`. Nothing is ever downloaded here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { ConfidantError } from '../../api/errors.ts';
import { createTemplateRenderer, createTokenCounter } from './token-count.ts';
import type { DataPaths } from '../paths.ts';

/** The default base (issue 5: "the Mistral tokenizer for the default"). */
export const DEFAULT_BASE = 'mistral-7b-instruct-v0.2';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface BaseModel {
  /** What the person chose: a registered name or a folder. */
  name: string;
  dir: string;
  bosToken: string;
  eosToken: string;
  /** Tokens in `text` as the model's tokenizer splits it (special tokens in the text count as one). */
  countTokens(text: string): number;
  /** Tokens in `rendered`, which holds `parts` verbatim and in order with their counts known (see token-count.ts). */
  countTokensAround(rendered: string, parts: readonly { text: string; tokens: number }[]): number;
  /** The conversation rendered by the base's own chat template: the exact string training reads. */
  renderChat(messages: readonly ChatMessage[]): string;
  /** A raw-text example as the model reads it. */
  renderRaw(text: string): string;
}

export function basesDir(paths: DataPaths): string {
  return path.join(paths.models, 'bases');
}

/** The folder a base name or path points at; a clear error when it holds no usable tokenizer. */
export function resolveBaseDir(paths: DataPaths, base: string = DEFAULT_BASE): string {
  const looksLikePath = path.isAbsolute(base) || base.startsWith('.') || base.includes('/') || base.includes(path.sep);
  const dir = looksLikePath ? path.resolve(base) : path.join(basesDir(paths), base);
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    const hint = fs.existsSync(path.join(dir, 'tokenizer.model'))
      ? 'It has only a SentencePiece tokenizer.model: save the tokenizer with transformers (save_pretrained) to add tokenizer.json.'
      : looksLikePath
        ? 'Choose a folder that holds the base model\'s tokenizer.json and tokenizer_config.json.'
        : `Add the base model under ${basesDir(paths)}, or pass --base with the folder of a downloaded base model.`;
    throw new ConfidantError('not_found', `No tokenizer found for base model "${base}" (looked for ${path.join(dir, 'tokenizer.json')}). ${hint}`);
  }
  return dir;
}

/** Bases registered in the data directory (folders under models/bases holding a tokenizer). */
export function listBaseNames(paths: DataPaths): string[] {
  const dir = basesDir(paths);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'tokenizer.json')))
    .map((d) => d.name)
    .sort();
}

const loaded = new Map<string, BaseModel>();

/** Loads (once per folder and process) the tokenizer and chat template of a base. */
export function loadBaseModel(paths: DataPaths, base: string = DEFAULT_BASE): BaseModel {
  const dir = resolveBaseDir(paths, base);
  const cacheKey = `${dir}\u0000${fs.statSync(path.join(dir, 'tokenizer.json')).mtimeMs}`;
  const cached = loaded.get(cacheKey);
  if (cached) return { ...cached, name: base };
  const tokenizerJson = readJson(path.join(dir, 'tokenizer.json'));
  const configPath = path.join(dir, 'tokenizer_config.json');
  const config = fs.existsSync(configPath) ? readJson(configPath) : {};
  const template = readChatTemplate(dir, config);
  const bosToken = tokenString(config, 'bos_token') ?? '<s>';
  const eosToken = tokenString(config, 'eos_token') ?? '</s>';
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, config);
  } catch (error) {
    throw new ConfidantError('unsupported', `The tokenizer of base model "${base}" (${dir}) could not be loaded: ${(error as Error).message}`, { cause: error });
  }
  const counter = createTokenCounter(tokenizer);
  const model: BaseModel = {
    name: base,
    dir,
    bosToken,
    eosToken,
    countTokens: counter.count,
    countTokensAround: counter.countAround,
    renderChat: createTemplateRenderer((messages) => template.render({ messages, bos_token: bosToken, eos_token: eosToken, add_generation_prompt: false })),
    renderRaw: (text) => `${bosToken}${text}${eosToken}`,
  };
  loaded.set(cacheKey, model);
  return model;
}

function readChatTemplate(dir: string, config: Record<string, unknown>): Template {
  const file = path.join(dir, 'chat_template.jinja');
  const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : typeof config.chat_template === 'string' ? config.chat_template : undefined;
  if (source === undefined) {
    throw new ConfidantError('unsupported', `Base model folder ${dir} has no chat template (chat_template.jinja or chat_template in tokenizer_config.json). Use an instruct model's folder.`);
  }
  try {
    return new Template(source);
  } catch (error) {
    throw new ConfidantError('unsupported', `The chat template in ${dir} could not be parsed: ${(error as Error).message}`, { cause: error });
  }
}

function tokenString(config: Record<string, unknown>, key: string): string | undefined {
  const value = config[key];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'content' in value && typeof value.content === 'string') return value.content;
  return undefined;
}

function readJson(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new ConfidantError('unsupported', `${file} is not a readable tokenizer file: ${(error as Error).message}`, { cause: error });
  }
}
