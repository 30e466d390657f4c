import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { ConfidantError, parseUnknown } from '../../api/errors.ts';
import type { DataPaths } from '../paths.ts';

/**
 * The llama.cpp source that node-llama-cpp was built from, checked out once from the git bundle the
 * package ships (`llama/gitRelease.bundle`, facts.md). The trainer runs its converters from here, so
 * the GGUF writer always matches the llama.cpp that loads the file; nothing is copied into the repo.
 */
export interface LlamaCppSource {
  /** The checkout, `<toolsDir>/llama.cpp-<tag>`. */
  readonly dir: string;
  /** The llama.cpp release node-llama-cpp names in `llama/llama.cpp.info.json` (or the binaries' release). */
  readonly tag: string;
  readonly convertHfScript: string;
  readonly convertLoraScript: string;
  /** Put on PYTHONPATH so the converter imports its own gguf-py, not whatever is installed. */
  readonly ggufPyDir: string;
  /** Declares `llama_model_quantize_params`; quantize.ts's struct must match it. */
  readonly llamaHeader: string;
}

export interface NodeLlamaCppPackage {
  /** The package root (holds package.json and llama/). */
  readonly root: string;
  readonly version: string;
  readonly bundle: string;
  readonly tag: string;
}

// Not named `require`: the bundle banner (vite.main.config.ts) declares that name in every chunk.
const requireHere = createRequire(import.meta.url);

/** Finds the installed node-llama-cpp package and the llama.cpp release it carries. */
export function findNodeLlamaCppPackage(): NodeLlamaCppPackage {
  let entry: string;
  try {
    entry = requireHere.resolve('node-llama-cpp');
  } catch (cause) {
    throw new ConfidantError('not_found', 'node-llama-cpp is not installed. Run `npm install` in the app folder.', { cause });
  }
  let root = path.dirname(entry);
  while (!fs.existsSync(path.join(root, 'llama', 'llama.cpp.info.json'))) {
    const parent = path.dirname(root);
    if (parent === root) throw new ConfidantError('not_found', `node-llama-cpp at ${entry} has no llama/ folder. Reinstall it with \`npm install\`.`);
    root = parent;
  }
  const infoFile = path.join(root, 'llama', 'llama.cpp.info.json');
  const { version } = parseUnknown(PackageJson, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')), 'node-llama-cpp package.json');
  const { tag } = parseUnknown(LlamaCppInfo, JSON.parse(fs.readFileSync(infoFile, 'utf8')), `${infoFile} (reinstall node-llama-cpp)`);
  const bundle = path.join(root, 'llama', 'gitRelease.bundle');
  return { root, version, bundle, tag };
}

const PackageJson = z.object({ version: z.string() });
// The tag becomes part of a folder name, so it must be a plain release name.
const LlamaCppInfo = z.object({ tag: z.string().regex(/^[\w.-]+$/) });

function sourceAt(dir: string, tag: string): LlamaCppSource {
  return {
    dir,
    tag,
    convertHfScript: path.join(dir, 'convert_hf_to_gguf.py'),
    convertLoraScript: path.join(dir, 'convert_lora_to_gguf.py'),
    ggufPyDir: path.join(dir, 'gguf-py'),
    llamaHeader: path.join(dir, 'include', 'llama.h'),
  };
}

function isComplete(source: LlamaCppSource): boolean {
  return [source.convertHfScript, source.convertLoraScript, path.join(source.ggufPyDir, 'gguf'), source.llamaHeader].every((p) =>
    fs.existsSync(p),
  );
}

/** Where the app keeps the checkout: `<data dir>/tools` (deleting the data dir removes it too). */
export function llamaCppToolsDir(paths: DataPaths): string {
  return path.join(paths.root, 'tools');
}

/** The checkout if it already exists; does not create it. */
export function findLlamaCppSource(toolsDir: string, pkg: NodeLlamaCppPackage = findNodeLlamaCppPackage()): LlamaCppSource | undefined {
  const source = sourceAt(path.join(toolsDir, `llama.cpp-${pkg.tag}`), pkg.tag);
  return isComplete(source) ? source : undefined;
}

/**
 * Returns the checkout under `toolsDir`, cloning the bundle first if needed. The clone goes to a
 * private temporary folder that is renamed into place, so a crash or a second process never leaves a
 * half-written checkout behind under the final name; the loser of a race just uses the winner's.
 */
export async function ensureLlamaCppSource(toolsDir: string, pkg: NodeLlamaCppPackage = findNodeLlamaCppPackage()): Promise<LlamaCppSource> {
  const existing = findLlamaCppSource(toolsDir, pkg);
  if (existing) return existing;
  const finalDir = path.join(toolsDir, `llama.cpp-${pkg.tag}`);
  if (fs.existsSync(finalDir)) {
    throw new ConfidantError('io', `${finalDir} exists but is not a complete llama.cpp checkout. Delete that folder and try again.`);
  }
  if (!fs.existsSync(pkg.bundle)) {
    throw new ConfidantError('not_found', `node-llama-cpp ${pkg.version} has no llama.cpp source bundle at ${pkg.bundle}. Reinstall it with \`npm install\`.`);
  }
  fs.mkdirSync(toolsDir, { recursive: true });
  const tempDir = fs.mkdtempSync(path.join(toolsDir, `.llama.cpp-${pkg.tag}-`));
  try {
    await runGit(['clone', '--quiet', '--no-hardlinks', pkg.bundle, tempDir]);
    if (!isComplete(sourceAt(tempDir, pkg.tag))) {
      throw new ConfidantError('io', `The llama.cpp bundle ${pkg.bundle} lacks the converters. Reinstall node-llama-cpp.`);
    }
    try {
      fs.renameSync(tempDir, finalDir);
    } catch (cause) {
      const winner = findLlamaCppSource(toolsDir, pkg);
      if (winner) return winner;
      throw new ConfidantError('io', `Could not move the llama.cpp checkout into ${finalDir}. Check that the folder is writable.`, { cause });
    }
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
  return sourceAt(finalDir, pkg.tag);
}

/** Overridable for tests that prove the message when git is missing. */
export const gitCommand = { path: 'git' };

function runGit(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(gitCommand.path, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', (cause: NodeJS.ErrnoException) => {
      if (cause.code === 'ENOENT') {
        reject(
          new ConfidantError(
            'not_found',
            'git is not installed, and Confidant needs it once to unpack the llama.cpp converter that ships with the app. Install git (https://git-scm.com/downloads) and try again.',
            { cause },
          ),
        );
      } else {
        reject(new ConfidantError('io', `Could not run git: ${cause.message}`, { cause }));
      }
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new ConfidantError('io', `git ${args[0]} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
