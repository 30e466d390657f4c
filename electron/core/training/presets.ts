import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfidantError } from '../../api/errors.ts';
import { presetsDir } from './trainer-dir.ts';

/**
 * Presets are the trainer's own config files (`trainer/confidant_trainer/configs/*.yaml`), so the
 * app and `python -m confidant_trainer train --config` share one set of defaults.
 */
export interface Preset {
  name: string;
  file: string;
  config: Record<string, Record<string, unknown>>;
}

export function listPresets(dir = presetsDir()): Preset[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const full = path.join(dir, file);
      const parsed: unknown = YAML.parse(fs.readFileSync(full, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null) {
        throw new ConfidantError('invalid_input', `Preset ${full} does not hold a mapping of sections.`);
      }
      return { name: file.replace(/\.ya?ml$/, ''), file: full, config: parsed as Preset['config'] };
    });
}

export function findPreset(name: string, dir = presetsDir()): Preset {
  const presets = listPresets(dir);
  const preset = presets.find((p) => p.name === name);
  if (!preset) {
    throw new ConfidantError('not_found', `No preset "${name}". Known presets: ${presets.map((p) => p.name).join(', ') || 'none'}.`);
  }
  return preset;
}

/**
 * Applies `section.key=value` overrides the way the trainer does: the value is JSON where it parses
 * (numbers, booleans, lists), else a string. A malformed override names itself.
 */
export function applyOverrides(config: Record<string, Record<string, unknown>>, overrides: string[]): Record<string, Record<string, unknown>> {
  const merged = structuredClone(config);
  for (const item of overrides) {
    const eq = item.indexOf('=');
    const key = eq > 0 ? item.slice(0, eq) : '';
    const dot = key.indexOf('.');
    if (eq <= 0 || dot <= 0 || dot === key.length - 1) {
      throw new ConfidantError('invalid_input', `Override "${item}" is not section.key=value (for example train.lr=1e-4).`);
    }
    const raw = item.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    const section = key.slice(0, dot);
    merged[section] = { ...(merged[section] ?? {}), [key.slice(dot + 1)]: value };
  }
  return merged;
}
