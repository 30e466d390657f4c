/**
 * The import directions of style.md ("Boundaries") are enforced by eslint.config.js. These probes lint
 * one-line files placed (virtually) inside each folder through ESLint's Node API and expect the rule to
 * fire, so a config edit that silently drops a restriction fails here. Run: npx vitest run tests/lint
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The messages of `no-restricted-imports` for `source` linted as if it were `file` (relative to the repo root). */
async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CONTRACT = 'electron/api/calls/probe.ts';
const CORE = 'electron/core/library/probe.ts';
const RENDERER = 'renderer/src/components/Probe.tsx';

// Each row: the folder a probe sits in, the import it tries, and a word the error message must contain.
const forbidden: [file: string, specifier: string, says: RegExp][] = [
  [CONTRACT, 'node:fs', /Node/],
  [CONTRACT, 'react', /UI/],
  [CONTRACT, '../../core/library/index.js', /core/],
  [CONTRACT, '../../main/main.js', /doors/],
  [CONTRACT, 'electron', /Electron/],
  [CORE, 'electron', /Electron/],
  [CORE, 'electron/main', /Electron/], // Electron's own process-scoped entry, not our folder
  [CORE, '../../main/main.js', /doors/],
  [CORE, '../../cli/index.js', /doors/],
  [CORE, '../../web/serve.js', /doors/],
  [CORE, '../../../renderer/src/App.js', /UI/],
  [CORE, 'react', /UI/],
  [RENDERER, 'node:fs', /Node/],
  [RENDERER, 'node:path', /Node/],
  [RENDERER, 'fs', /Node/], // bare built-in names are Node too
  [RENDERER, 'electron', /Electron/],
  [RENDERER, 'electron/renderer', /Electron/],
  [RENDERER, '../../../electron/core/library/index.js', /electron\/api/],
  [RENDERER, '../../../electron/main/main.js', /electron\/api/],
];

// Imports each folder is meant to make: the rule must stay quiet, or the probes above prove nothing.
const allowed: [file: string, specifier: string][] = [
  [CONTRACT, 'zod'],
  [CONTRACT, '../errors.js'],
  [CORE, 'node:fs'],
  [CORE, '../../api/index.js'],
  [CORE, '../dataset/index.js'],
  [RENDERER, 'react'],
  [RENDERER, '../../../electron/api/index.js'],
];

describe('lint enforces the import directions', () => {
  it.each(forbidden)('%s may not import %s', async (file, specifier, says) => {
    const messages = await restrictedImports(file, `import * as probe from '${specifier}';\nexport { probe };\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(says);
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await restrictedImports(file, `import * as probe from '${specifier}';\nexport { probe };\n`)).toEqual([]);
  });
});
