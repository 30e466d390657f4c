import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/confidant.js');

function cli(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('confidant regions shows the locale default, refuses an unknown code by name, and keeps what the person sets', () => {
  const data = tempDir('confidant-cli-');
  const norway = { LC_ALL: '', LC_TELEPHONE: '', LANG: 'nb_NO.UTF-8' };
  expect(cli(data, norway, 'regions').stdout).toContain('Home regions: NO (from the system locale');
  const bad = cli(data, norway, 'regions', 'ES', 'QQ');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('Unknown region "QQ"');
  expect(cli(data, norway, 'regions', 'es', 'in').stdout).toContain('Home regions: ES, IN.');
  expect(cli(data, norway, 'regions').stdout.trim()).toBe('Home regions: ES, IN.');
});
