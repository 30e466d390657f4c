import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfidantError } from '../../api/errors.ts';
import type { FindingKind, Rule, RuleType } from '../../api/calls/privacy.ts';
import type { CliSession } from '../session.ts';
import type { SessionFactory } from '../program.ts';

/**
 * Privacy review from a terminal (issue #4): `confidant privacy scan|findings|rules|export|import`,
 * `confidant exclude|include`, `confidant redact`, `confidant people`, `confidant preview`.
 */
const KINDS = ['email', 'phone', 'url', 'ip', 'card', 'iban', 'ssn', 'address', 'dob', 'person', 'place', 'custom'];
const collect = (value: string, previous: string[]) => [...previous, value];

interface MatchOptions { tag?: string; folder?: string; before?: string; after?: string; search?: string; regex?: string }

function matchesOf(options: MatchOptions): { type: RuleType; value: string }[] {
  const out: { type: RuleType; value: string }[] = [];
  for (const type of ['tag', 'folder', 'before', 'after', 'search', 'regex'] as const) {
    const value = options[type];
    if (value !== undefined) out.push({ type, value });
  }
  return out;
}

function withMatchOptions(command: Command): Command {
  return command
    .option('--tag <tag>', 'every entry with this tag')
    .option('--folder <folder>', 'every entry in this folder (relative to its source, or a full path)')
    .option('--before <date>', 'every entry written before this date (YYYY-MM-DD)')
    .option('--after <date>', 'every entry written after this date (YYYY-MM-DD)')
    .option('--search <query>', 'every entry matching this search')
    .option('--regex <pattern>', 'every entry whose text matches this regular expression');
}

async function entryIdOf(s: CliSession, ref: string): Promise<number> {
  return (await s.client().call('privacy.findEntry', { ref })).entryId;
}

export function registerPrivacy(program: Command, session: SessionFactory): void {
  const privacy = program.command('privacy').description('Find personal data and decide what the model may see');

  privacy.command('scan')
    .description('Scan entries for personal data (only what changed since the last scan)')
    .option('--force', 'scan every entry again', false)
    .action(async (options: { force: boolean }) => {
      const s = session();
      const result = await s.client().call('privacy.scan', { force: options.force });
      s.print(result, () => `Scanned ${result.scanned} entries (${result.unchanged} unchanged) in ${result.durationMs} ms: ${result.findings} findings.` +
        (result.flagged > 0 ? `\n${result.flagged} earlier decisions are about text that is no longer there: review them with \`confidant privacy findings\`.` : ''));
    });

  privacy.command('findings')
    .description('List findings with the action that applies to each')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(KINDS))
    .option('--entry <entry>', 'only this entry (number or key)')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 500)
    .action(async (options: { kind?: FindingKind; entry?: string; limit: number }) => {
      const s = session();
      const entryId = options.entry === undefined ? undefined : await entryIdOf(s, options.entry);
      const result = await s.client().call('privacy.listFindings', { kind: options.kind, entryId, limit: options.limit });
      s.print(result, () => {
        if (result.findings.length === 0) return 'No findings.';
        const lines = result.findings.map((f) => `#${f.id}  entry ${f.entryId}  ${f.kind.padEnd(7)} ${JSON.stringify(f.value)}  ${f.action} (${f.actionBy === 'kind' ? `${f.kind} default` : f.actionBy}, ${f.style})  ${f.detector} ${f.confidence.toFixed(2)}`);
        return `${lines.join('\n')}\n${result.findings.length} of ${result.total} findings shown.`;
      });
    });

  privacy.command('rules')
    .description('List rules with how many entries each affects')
    .action(async () => {
      const s = session();
      const { rules } = await s.client().call('privacy.listRules', {});
      s.print({ rules }, () => (rules.length === 0 ? 'No rules.' : rules.map((r) => `#${r.id}  ${r.enabled ? 'on ' : 'off'}  ${r.description}  (${r.affected} entries)`).join('\n')));
    });

  privacy.command('rule-remove <id>')
    .description('Remove a rule')
    .action(async (id: string) => {
      const s = session();
      const result = await s.client().call('privacy.removeRule', { id: Number(id) });
      s.print(result, () => `Removed rule ${id}.`);
    });

  privacy.command('export <file>')
    .description('Write every decision, rule and listed name to a JSON file (a backup)')
    .action(async (file: string) => {
      const s = session();
      const { document } = await s.client().call('privacy.exportDecisions', {});
      fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      s.print({ file: path.resolve(file) }, () => `Wrote decisions to ${path.resolve(file)}.`);
    });

  privacy.command('import <file>')
    .description('Restore decisions from a JSON file written by `privacy export`')
    .action(async (file: string) => {
      const s = session();
      let document: unknown;
      try {
        document = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ConfidantError('invalid_input', `Cannot read ${file} as JSON (${(error as Error).message}). Give a file written by \`confidant privacy export\`.`, { cause: error });
      }
      const result = await s.client().call('privacy.importDecisions', { document, fileName: path.basename(file) });
      s.print(result, () => `Imported ${result.entries} entry decisions, ${result.findings} finding decisions, ${result.rules} rules, ${result.names} names.`);
    });

  for (const decision of ['exclude', 'include'] as const) {
    withMatchOptions(program.command(`${decision} [entry]`))
      .description(decision === 'exclude'
        ? 'Exclude an entry (number or key), or add a rule excluding every entry matching --tag/--folder/--before/--after/--search/--regex'
        : 'Include an entry (number or key), or every entry matching --tag/--folder/--before/--after/--search/--regex (overrides rules)')
      .action(async (entry: string | undefined, options: MatchOptions) => {
        const s = session();
        const matches = matchesOf(options);
        if ((entry === undefined) === (matches.length === 0)) {
          throw new ConfidantError('invalid_input', `Give either an entry or at least one of --tag, --folder, --before, --after, --search, --regex (for example \`confidant ${decision} --tag health\`).`);
        }
        if (entry !== undefined) {
          const entryId = await entryIdOf(s, entry);
          const result = await s.client().call('privacy.setEntryDecision', { entryIds: [entryId], decision });
          s.print(result, () => `${decision === 'exclude' ? 'Excluded' : 'Included'} entry ${entryId}.`);
          return;
        }
        if (decision === 'exclude') {
          const rules: Rule[] = [];
          for (const m of matches) rules.push(await s.client().call('privacy.addRule', m));
          s.print({ rules }, () => rules.map((r) => `Rule #${r.id}: exclude entries ${r.description} (${r.affected} entries).`).join('\n'));
        } else {
          let changed = 0;
          for (const m of matches) changed += (await s.client().call('privacy.setEntryDecision', { match: m, decision: 'include' })).changed;
          s.print({ changed }, () => `Included ${changed} entries.`);
        }
      });
  }

  program.command('redact')
    .description('Set how a kind is redacted (--kind K --style S), or always redact a word (--word W)')
    .addOption(new Option('--kind <kind>', 'the kind of finding').choices(KINDS))
    .addOption(new Option('--style <style>', 'pseudonym: a consistent stand-in; placeholder: [EMAIL]; drop: remove the sentence').choices(['pseudonym', 'placeholder', 'drop']))
    .option('--keep', 'keep this kind unless you redact a finding yourself', false)
    .option('--word <word>', 'always redact this word or phrase')
    .option('--pattern <regex>', 'always redact text matching this regular expression')
    .action(async (options: { kind?: FindingKind; style?: 'pseudonym' | 'placeholder' | 'drop'; keep: boolean; word?: string; pattern?: string }) => {
      const s = session();
      if (options.word !== undefined || options.pattern !== undefined) {
        const rule = await s.client().call('privacy.addRule', options.word !== undefined ? { type: 'redact_word', value: options.word } : { type: 'redact_regex', value: options.pattern ?? '' });
        s.print(rule, () => `Rule #${rule.id}: ${rule.description} (found in ${rule.affected} entries).`);
        return;
      }
      if (!options.kind) throw new ConfidantError('invalid_input', 'Give --kind (for example `confidant redact --kind email --style placeholder`) or --word.');
      const policy = await s.client().call('privacy.setKindPolicy', { kind: options.kind, action: options.keep ? 'keep' : 'redact', ...(options.style ? { style: options.style } : {}) });
      s.print(policy, () => `${policy.kind}: ${policy.action === 'keep' ? 'kept by default' : `redacted by default as ${policy.style}`}.`);
    });

  const people = program.command('people').description('The people and places in your life, matched in every entry');
  people.command('add <name>')
    .description('Add a person (or --place) with aliases and nicknames')
    .option('--alias <alias>', 'another name or nickname (repeatable)', collect, [])
    .option('--place', 'a place rather than a person', false)
    .action(async (name: string, options: { alias: string[]; place: boolean }) => {
      const s = session();
      const added = await s.client().call('privacy.addName', { name, kind: options.place ? 'place' : 'person', aliases: options.alias });
      s.print(added, () => `#${added.id} ${added.name} (${added.kind})${added.aliases.length > 0 ? `, also ${added.aliases.join(', ')}` : ''}. Run \`confidant privacy scan\` to find them.`);
    });
  people.command('list')
    .description('List people and places')
    .action(async () => {
      const s = session();
      const { names } = await s.client().call('privacy.listNames', {});
      s.print({ names }, () => (names.length === 0 ? 'Nobody on the list yet: `confidant people add "Anna Berg" --alias Anna`.' : names.map((n) => `#${n.id}  ${n.name} (${n.kind})${n.aliases.length > 0 ? `: ${n.aliases.join(', ')}` : ''}`).join('\n')));
    });
  people.command('remove <id>')
    .description('Remove a person or place from the list')
    .action(async (id: string) => {
      const s = session();
      const result = await s.client().call('privacy.removeName', { id: Number(id) });
      s.print(result, () => `Removed #${id}.`);
    });

  program.command('preview <entry>')
    .description('Show exactly the text that would be trained on for an entry (number or key)')
    .action(async (entry: string) => {
      const s = session();
      const entryId = await entryIdOf(s, entry);
      const view = await s.client().call('privacy.preview', { entryId });
      s.print(view, () => (view.included ? `${view.text}\n\n-- ${view.reason} ${view.redactions} redactions applied.` : `(nothing: not trained on)\n\n-- ${view.reason}`));
    });
}
