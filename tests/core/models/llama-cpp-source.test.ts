import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfidantError } from '../../../electron/api/errors.ts';
import { ensureLlamaCppSource, findLlamaCppSource, findNodeLlamaCppPackage, gitCommand } from '../../../electron/core/models/llama-cpp-source.ts';
import { tempDir } from '../../helpers/tmp.ts';

/** The converter checkout made from node-llama-cpp's bundle (each test clones into a fresh folder). */

afterEach(() => {
  gitCommand.path = 'git';
});

describe('llama.cpp source from the node-llama-cpp bundle', () => {
  it('checks out the release node-llama-cpp was built from, once, with the converters in it', async () => {
    const tools = tempDir();
    const pkg = findNodeLlamaCppPackage();
    expect(findLlamaCppSource(tools, pkg)).toBeUndefined();
    const source = await ensureLlamaCppSource(tools, pkg);
    expect(source.dir).toBe(path.join(tools, `llama.cpp-${pkg.tag}`));
    for (const file of [source.convertHfScript, source.convertLoraScript, source.llamaHeader, path.join(source.ggufPyDir, 'gguf', '__init__.py')]) {
      expect(fs.existsSync(file)).toBe(true);
    }
    // Only the final folder: the temporary clone was renamed, not left beside it.
    expect(fs.readdirSync(tools)).toEqual([`llama.cpp-${pkg.tag}`]);
    const marker = path.join(source.dir, 'marker');
    fs.writeFileSync(marker, 'kept');
    expect(await ensureLlamaCppSource(tools, pkg)).toEqual(source);
    expect(fs.readFileSync(marker, 'utf8')).toBe('kept');
  }, 300_000);

  it('gives two racing callers the same complete checkout', async () => {
    const tools = tempDir();
    const [a, b] = await Promise.all([ensureLlamaCppSource(tools), ensureLlamaCppSource(tools)]);
    expect(a.dir).toBe(b.dir);
    expect(fs.existsSync(a.convertHfScript)).toBe(true);
    expect(fs.readdirSync(tools)).toHaveLength(1);
  }, 300_000);

  it('says to install git when git is missing, and leaves nothing behind', async () => {
    const tools = tempDir();
    gitCommand.path = path.join(tools, 'no-such-git');
    const error = await ensureLlamaCppSource(tools).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfidantError);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/git is not installed.*Install git/) });
    expect(fs.readdirSync(tools)).toEqual([]);
  });

  it('refuses a half-made checkout under the final name instead of using it', async () => {
    const tools = tempDir();
    const { tag } = findNodeLlamaCppPackage();
    fs.mkdirSync(path.join(tools, `llama.cpp-${tag}`));
    await expect(ensureLlamaCppSource(tools)).rejects.toThrow(/not a complete llama.cpp checkout. Delete that folder/);
  });
});
