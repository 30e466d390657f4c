import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfidantError } from '../../api/errors.ts';
import type { FindingKind, MarkedSegment, Rule, RuleType, ValueDecision, ValueGroup } from '../../api/calls/privacy.ts';
import type { CliSession } from '../session.ts';
import type { SessionFactory } from '../program.ts';

/**
 * Privacy review from a terminal: `confidant privacy scan|findings|values|value|preview|rules|export|import`,
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

/** Stand-ins in ⟦ ⟧; those still to review as ⟦? ⟧, since a build asks before redacting them. */
export function formatMarked(segments: readonly MarkedSegment[]): string {
  return segments.map((seg) => {
    if (seg.state === undefined) return seg.text;
    // A dropped sentence leaves an empty stand-in where it was.
    const shown = seg.text === '' ? `sentence dropped (${seg.kind ?? 'redacted'})` : seg.text;
    return seg.state === 'review' ? `⟦?${shown}⟧` : `⟦${shown}⟧`;
  }).join('');
}

const VALUE_CHOICES: Record<string, ValueDecision | null> = { person: 'person', place: 'place', 'not-personal': 'not_personal', each: 'each', undo: null };

function describeValueDecision(decision: ValueDecision | null): string {
  switch (decision) {
    case 'person': return 'a person: every mention is redacted';
    case 'place': return 'a place: every mention follows the place default';
    case 'not_personal': return 'not personal: never flagged again';
    case 'each': return 'decided one by one';
    case null: return 'undecided again';
  }
}

function formatValueGroup(g: ValueGroup): string {
  const head = `${g.value}: ${g.mentions} ${g.mentions === 1 ? 'mention' : 'mentions'} in ${g.entries} ${g.entries === 1 ? 'entry' : 'entries'}`;
  const state = g.decision !== null ? ` (${describeValueDecision(g.decision)})` : ` (${g.kind}?${g.toReview > 0 ? `, ${g.toReview} to review` : ''})`;
  return [head + state, ...g.samples.map((x) => `    entry ${x.entryId} ${JSON.stringify(x.title)}: ${x.snippet}`)].join('\n');
}

async function printPreview(s: CliSession, ref: string): Promise<void> {
  const entryId = await entryIdOf(s, ref);
  const view = await s.client().call('privacy.preview', { entryId });
  s.print(view, () => {
    if (!view.included) return `(nothing: not trained on)\n\n-- ${view.reason}`;
    const review = view.toReview > 0 ? ` ${view.toReview} still to review (⟦?…⟧): \`confidant privacy values\`.` : '';
    return `Prompt:\n${formatMarked(view.prompt)}\n\nAnswer:\n${formatMarked(view.answer)}\n\n-- ${view.reason} ${view.redactions} redactions applied (⟦…⟧ marks each).${review}`;
  });
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
        const lines = result.findings.map((f) => `#${f.id}  entry ${f.entryId}  ${f.field === 'text' ? '' : `${f.field}: `}${f.kind.padEnd(7)} ${JSON.stringify(f.value)}  ${f.toReview ? 'to review' : f.action} (${f.actionBy === 'kind' ? `${f.kind} default` : f.actionBy}, ${f.style})  ${f.detector} ${f.confidence.toFixed(2)}`);
        return `${lines.join('\n')}\n${result.findings.length} of ${result.total} findings shown.`;
      });
    });

  privacy.command('values')
    .description('Unlisted names and places grouped by value, the ones a decision settles most first')
    .option('--decided', 'list the values you have decided instead', false)
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 20)
    .action(async (options: { decided: boolean; limit: number }) => {
      const s = session();
      const result = await s.client().call('privacy.listValues', { state: options.decided ? 'decided' : 'open', limit: options.limit });
      s.print(result, () => {
        if (result.values.length === 0) return options.decided ? 'No value decided yet.' : 'No unlisted names or places wait for a decision.';
        const footer = options.decided
          ? `${result.values.length} of ${result.total} decided values shown. Undo one with \`confidant privacy value "<value>" undo\`.`
          : `${result.values.length} of ${result.total} values shown; ${result.toReview} mentions to review in all.\nDecide one with \`confidant privacy value "<value>" person|place|not-personal|each\`.`;
        return `${result.values.map(formatValueGroup).join('\n')}\n${footer}`;
      });
    });

  privacy.command('value <value> <decision>')
    .description('Decide every unlisted mention of a value: person, place, not-personal (never flag again), each (one by one) or undo')
    .action(async (value: string, decision: string) => {
      if (!(decision in VALUE_CHOICES)) {
        throw new ConfidantError('invalid_input', `"${decision}" is not a decision: choose person, place, not-personal, each or undo (for example \`confidant privacy value Obsidian not-personal\`).`);
      }
      const s = session();
      const result = await s.client().call('privacy.decideValue', { value, decision: VALUE_CHOICES[decision] ?? null });
      s.print(result, () => `${result.value}: ${describeValueDecision(result.decision)} (${result.mentions} mentions in ${result.entries} entries).`);
    });

  privacy.command('preview <entry>')
    .description('Show the whole training example of an entry (number or key): prompt and answer, redactions marked')
    .action(async (entry: string) => printPreview(session(), entry));

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
      s.print(result, () => `Imported ${result.entries} entry decisions, ${result.findings} finding decisions, ${result.rules} rules, ${result.names} names, ${result.values} value decisions.`);
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

  program.command('regions [codes...]')
    .description('Show or set the home regions whose national phone formats are found (two-letter codes, e.g. NO ES IN)')
    .action(async (codes: string[]) => {
      const s = session();
      const result = codes.length === 0 ? await s.client().call('privacy.getHomeRegions', {}) : await s.client().call('privacy.setHomeRegions', { regions: codes });
      s.print(result, () => `Home regions: ${result.regions.join(', ') || 'none'}${result.isDefault ? ' (from the system locale; set them with `confidant regions NO ES`)' : ''}.`);
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
    .description('Show the whole training example of an entry (number or key): prompt and answer, redactions marked')
    .action(async (entry: string) => printPreview(session(), entry));
}
