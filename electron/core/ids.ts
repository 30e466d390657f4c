/**
 * Identifiers that arrive from outside (a front door, a config, a manifest) and end up in a path.
 * Each is checked against the shape Confidant gives its own ids before any `path.join`, so `..`,
 * a slash or an absolute path can never walk out of the folder the id is meant to name.
 */
import { ConfidantError } from '../api/errors.ts';

/** Ours look like `20240203-081500-a1b2c3` (datasets), `run-…` and `export-…` (runs): letters, digits, `-`, `_`. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const listCommand = { dataset: 'confidant dataset list', run: 'confidant runs', model: 'confidant models' } as const;

export type IdKind = keyof typeof listCommand;

/** Returns `id` unchanged when it has the shape of a Confidant id; otherwise refuses it by name. */
export function checkedId(kind: IdKind, id: string): string {
  if (!idPattern.test(id)) {
    throw new ConfidantError('invalid_input', `"${id}" is not a ${kind} id (letters, digits, "-" and "_" only). Run \`${listCommand[kind]}\` to see them.`);
  }
  return id;
}
