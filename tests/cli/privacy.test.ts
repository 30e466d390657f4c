import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/confidant.js');

function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: <T>() => JSON.parse(r.stdout) as T };
}

function journal(): string {
  const dir = tempDir('confidant-notes-');
  fs.mkdirSync(path.join(dir, 'daily'));
  fs.mkdirSync(path.join(dir, 'work'));
  fs.writeFileSync(path.join(dir, 'daily', '2024-03-01.md'), '# Friday\n\nLunch with Annie. Her email is anna.berg@example.org and my card is 4111 1111 1111 1111. The soup was good.\n');
  fs.writeFileSync(path.join(dir, 'daily', '2024-03-02.md'), '---\ntags: [health]\n---\n# Saturday\n\nThe doctor said to rest.\n');
  fs.writeFileSync(path.join(dir, 'work', '2024-03-04.md'), '# Monday\n\nBudget meeting ran long.\n');
  return dir;
}

describe('confidant privacy', () => {
  it('scans, lists findings, redacts by kind, previews, and includes and excludes entries', () => {
    const data = tempDir('confidant-cli-');
    expect(cli(data, 'source', 'add', journal()).code).toBe(0);
    expect(cli(data, 'index').code).toBe(0);
    expect(cli(data, 'people', 'add', 'Anna Berg', '--alias', 'Anna', '--alias', 'Annie').stdout).toContain('Anna Berg (person), also Anna, Annie');

    const scan = cli(data, '--json', 'privacy', 'scan');
    expect(scan.code).toBe(0);
    expect(scan.json<{ scanned: number; findings: number }>()).toMatchObject({ scanned: 3, findings: 3 });

    const cards = cli(data, '--json', 'privacy', 'findings', '--kind', 'card').json<{ findings: { value: string; action: string; entryId: number }[] }>();
    expect(cards.findings).toEqual([expect.objectContaining({ value: '4111 1111 1111 1111', action: 'redact' })]);
    const friday = cards.findings[0]!.entryId;

    expect(cli(data, 'redact', '--kind', 'card', '--style', 'drop').stdout).toContain('card: redacted by default as drop');
    // The whole example: the prompt from the date and title, the answer with each stand-in marked.
    const preview = cli(data, 'preview', 'daily/2024-03-01.md').stdout;
    expect(preview).toMatch(/^Prompt:\nWrite my journal entry for Friday 1 March 2024/);
    expect(preview).toContain('Lunch with ⟦Clara⟧.⟦sentence dropped (card)⟧ The soup was good.');
    expect(cli(data, 'privacy', 'preview', 'daily/2024-03-01.md').stdout).toBe(preview);

    expect(cli(data, 'exclude', String(friday)).stdout).toContain(`Excluded entry ${friday}`);
    expect(cli(data, 'preview', String(friday)).stdout).toContain('(nothing: not trained on)');
    expect(cli(data, 'include', 'daily/2024-03-01.md').code).toBe(0);
    expect(cli(data, '--json', 'preview', String(friday)).json<{ included: boolean }>().included).toBe(true);

    const rules = cli(data, 'exclude', '--tag', 'health', '--folder', 'work');
    expect(rules.stdout).toContain('exclude entries tag #health (1 entries)');
    expect(rules.stdout).toContain('exclude entries folder "work" (1 entries)');
    expect(cli(data, 'preview', 'work/2024-03-04.md').stdout).toMatch(/not trained on[\s\S]*folder "work"/);
    expect(cli(data, 'privacy', 'rules').stdout).toContain('#1  on   tag #health  (1 entries)');
    expect(cli(data, 'include', '--folder', 'work').stdout).toContain('Included 1 entries');
  }, 900_000);

  it('refuses bad input with a clear message and exit code 2', () => {
    const data = tempDir('confidant-cli-');
    const empty = cli(data, 'exclude', '--regex', 'x*');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('matches empty text');
    const badValue = cli(data, 'privacy', 'value', 'Obsidian', 'maybe');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('"maybe" is not a decision: choose person, place, not-personal, each or undo');
    const nothing = cli(data, 'exclude');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Give either an entry or at least one of --tag');
    const missing = cli(data, 'preview', 'no/such/entry.md');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No entry has the number or key "no/such/entry.md"');
  }, 600_000);

  it('groups unlisted names by value and decides each value once', () => {
    const dir = tempDir('confidant-notes-');
    for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(dir, `2024-04-0${i}.md`), `Coffee with Brannoch after work. Later Brannoch called about the boat.\n`);
    fs.writeFileSync(path.join(dir, '2024-04-05.md'), 'Lunch with Tomasz Wrona at the market.\n');
    const data = tempDir('confidant-cli-');
    cli(data, 'source', 'add', dir);
    cli(data, 'index');
    // Each of the four notes mentions the friend once or twice, depending on what the detectors catch.
    const values = cli(data, 'privacy', 'values').stdout;
    const head = /^Brannoch: (\d+) mentions in 4 entries \(person\?, (\d+) to review\)$/m.exec(values.split('\n')[0] ?? '');
    expect(head).not.toBeNull();
    const mentions = Number(head?.[1]);
    expect(mentions).toBeGreaterThanOrEqual(4);
    expect(Number(head?.[2])).toBe(mentions);
    expect(values).toContain('Tomasz Wrona: 1 mention in 1 entry');
    expect(values).toContain('Coffee with Brannoch after work');

    expect(cli(data, 'privacy', 'value', 'Brannoch', 'not-personal').stdout).toBe(`Brannoch: not personal: never flagged again (${mentions} mentions in 4 entries).\n`);
    const decided = cli(data, 'privacy', 'values', '--decided').stdout;
    expect(decided).toContain('Brannoch: 0 mentions in 0 entries (not personal: never flagged again)');
    expect(cli(data, 'preview', '2024-04-01.md').stdout).toContain('Coffee with Brannoch after work. Later Brannoch called about the boat.');
  }, 600_000);

  it('exports decisions to a file and imports them into another data directory', () => {
    const notes = journal();
    const first = tempDir('confidant-cli-');
    cli(first, 'source', 'add', notes);
    cli(first, 'index');
    cli(first, 'exclude', 'daily/2024-03-02.md');
    cli(first, 'redact', '--word', 'budget');
    const file = path.join(tempDir(), 'decisions.json');
    expect(cli(first, 'privacy', 'export', file).code).toBe(0);

    const second = tempDir('confidant-cli-');
    cli(second, 'source', 'add', notes);
    cli(second, 'index');
    expect(cli(second, 'privacy', 'import', file).stdout).toContain('Imported 1 entry decisions, 0 finding decisions, 1 rules');
    expect(cli(second, 'preview', 'daily/2024-03-02.md').stdout).toContain('You excluded this entry.');
    expect(cli(second, 'preview', 'work/2024-03-04.md').stdout).toContain('⟦[REDACTED]⟧ meeting ran long.');
  }, 900_000);
});
