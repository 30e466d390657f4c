import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { gemmaPath } from '../core/chat/chat-fixtures.ts';
import { cliRunner } from '../helpers/cli.ts';

const repo = path.resolve(import.meta.dirname, '../..');
// CPU, one thread, small context: see useTestChatEnv in chat-fixtures.ts.
const env = { ...process.env, CONFIDANT_CHAT_GPU: 'cpu', CONFIDANT_CHAT_THREADS: '1', CONFIDANT_CHAT_MAX_CONTEXT: '1024' };
let gemma: string;

beforeAll(() => {
  gemma = gemmaPath();
});

const confidant = cliRunner({ env });

function withStdin(dataDir: string, input: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/confidant.js'), '--data-dir', dataDir, ...args], { cwd: repo, env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    child.stdin.end(input);
  });
}

describe('confidant chat', () => {
  it('answers one prompt as JSON, registering the GGUF, and keeps the conversation', async () => {
    const dataDir = tempDir();
    const result = await confidant(dataDir, '--json', 'chat', '--model', gemma, '--prompt', 'Say hello.', '--max-tokens', '5');
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { status: string; stopReason: string; tokenCount: number; text: string; model: string };
    expect(answer).toMatchObject({ status: 'done', model: 'gemma-3-270m-q4_k_m' });
    expect(answer.tokenCount).toBeLessThanOrEqual(5);
    expect(answer.text.length).toBeGreaterThan(0);
    // The model is remembered: id 1 works next time, without the path.
    const again = await confidant(dataDir, '--json', 'chat', '--model', '1', '--prompt', 'And goodbye.', '--max-tokens', '3');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'done', model: 'gemma-3-270m-q4_k_m' });
  }, 300_000);

  it('takes one message per stdin line when not on a terminal, answering each in turn', async () => {
    const dataDir = tempDir();
    const result = await withStdin(dataDir, 'Hello there\n\nWhat is the sea like?\n', '--json', 'chat', '--model', gemma, '--max-tokens', '4', '--system', 'Be brief.');
    expect(result.code).toBe(0);
    const answers = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; sessionId: number });
    expect(answers).toHaveLength(2);
    expect(answers.every((a) => a.status === 'done')).toBe(true);
    expect(answers[0]?.sessionId).toBe(answers[1]?.sessionId);
  }, 300_000);

  it('compares two models on one prompt', async () => {
    const dataDir = tempDir();
    const copy = path.join(tempDir(), 'second.gguf');
    fs.copyFileSync(gemma, copy);
    const result = await confidant(dataDir, 'chat', '--compare', gemma, copy, '--prompt', 'Hi', '--max-tokens', '4');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('── gemma-3-270m-q4_k_m ──');
    expect(result.stdout).toContain('── second ──');
  }, 300_000);

  it('refuses a file that is not a GGUF with a message naming it', async () => {
    const dataDir = tempDir();
    const bad = path.join(tempDir(), 'diary.gguf');
    fs.writeFileSync(bad, 'not a model');
    const result = await confidant(dataDir, 'chat', '--model', bad, '--prompt', 'Hi');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${bad} is not a GGUF file`);
    const compareOne = await confidant(dataDir, 'chat', '--compare', gemma, '--prompt', 'Hi');
    expect(compareOne.code).toBe(2);
    expect(compareOne.stderr).toContain('--compare takes exactly two models');
  }, 120_000);
});
