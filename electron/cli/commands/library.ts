/**
 * `confidant source add|list|remove`, `index [--watch]`, `entries`, `show`, `search` (issue 3).
 * Progress goes to stderr as a bar on a terminal; results to stdout, human or `--json`.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { EntryDetail, IndexProgress, IndexSummary, SearchHit, Source, EntrySummary } from '../../api/calls/library.ts';
import type { SessionFactory } from '../program.ts';

function parseId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number (see `confidant source list`)');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerLibrary(program: Command, session: SessionFactory): void {
  const source = program.command('source').description('Folders Confidant may read');
  source
    .command('add <dir>')
    .description('Add a folder of notes or journals (it is only ever read)')
    .option('--ignore <pattern>', 'extra gitignore-like pattern to skip (repeatable)', collect, [])
    .option('--notebook-code', 'read Jupyter code cells as text', false)
    .option('--max-file-mb <mb>', 'refuse files above this size', (v) => parseId(v))
    .option('--no-watch', 'do not follow changes in this folder')
    .action(async (dir: string, opts: { ignore: string[]; notebookCode: boolean; maxFileMb?: number; watch: boolean }) => {
      const s = session();
      const added = await s.client().call('library.addSource', {
        path: dir,
        watch: opts.watch,
        options: { ignore: opts.ignore, notebookCode: opts.notebookCode, ...(opts.maxFileMb ? { maxFileMb: opts.maxFileMb } : {}) },
      });
      s.print(added, () => `Added source ${added.id}: ${added.path}\nIndex it with: confidant index --source ${added.id}`);
    });
  source
    .command('list')
    .description('List sources with their entry and error counts')
    .action(async () => {
      const s = session();
      const sources = await s.client().call('library.listSources', {});
      s.print(sources, () => formatSources(sources));
    });
  source
    .command('remove <id>')
    .description('Remove a source: its entries leave the index, your decisions about them are kept')
    .action(async (id: string) => {
      const s = session();
      const removed = await s.client().call('library.removeSource', { id: parseId(id) });
      s.print(removed, () => `Removed source ${removed.id} (${removed.path}). Your decisions are kept: adding it back restores them.`);
    });

  program
    .command('index')
    .description('Index sources incrementally; --watch keeps following changes until Ctrl-C')
    .option('--source <id>', 'only this source', parseId)
    .option('--watch', 'keep watching after the first pass', false)
    .action(async (opts: { source?: number; watch: boolean }) => {
      const s = session();
      const client = s.client();
      const bar = process.stderr.isTTY && !s.json ? new ProgressBar() : null;
      const unsubscribe = client.onEvent((event) => {
        if (event.name === 'library.indexProgress') bar?.update(event.payload);
        if (event.name === 'app.notice') process.stderr.write(`${event.payload.level}: ${event.payload.message}\n`);
      });
      const summaries = await client.call('library.index', opts.source ? { sourceId: opts.source } : {});
      bar?.clear();
      const errors = [];
      const notes = [];
      for (const summary of summaries) {
        for (const e of await client.call('library.listErrors', { sourceId: summary.sourceId })) errors.push({ sourceId: summary.sourceId, ...e });
        for (const n of await client.call('library.listNotes', { sourceId: summary.sourceId })) notes.push({ sourceId: summary.sourceId, ...n });
      }
      const report = { ...totals(summaries), sources: summaries, errorFiles: errors, notes };
      s.print(report, () => formatSummary(report));
      if (!opts.watch) {
        unsubscribe();
        return;
      }
      await client.call('library.setWatching', { enabled: true, ...(opts.source ? { sourceIds: [opts.source] } : {}) });
      if (!s.json) process.stderr.write('Watching for changes. Press Ctrl-C to stop.\n');
      const unsubscribeDone = client.onEvent((event) => {
        if (event.name !== 'library.indexProgress' || event.payload.phase !== 'done') return;
        if (s.json) process.stdout.write(`${JSON.stringify(event.payload)}\n`);
        else process.stderr.write(`Source ${event.payload.sourceId}: ${event.payload.filesDone} file(s) checked, ${event.payload.errors} error(s)\n`);
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      unsubscribeDone();
      unsubscribe();
      await client.call('library.setWatching', { enabled: false });
    });

  program
    .command('entries')
    .description('List entries, newest first')
    .option('--source <id>', 'only this source', parseId)
    .option('--since <date>', 'written on or after this local day (YYYY-MM-DD)')
    .option('--until <date>', 'written on or before this local day (YYYY-MM-DD)')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--limit <n>', 'at most this many', parseId, 200)
    .action(async (opts: { source?: number; since?: string; until?: string; tag?: string; limit: number }) => {
      const s = session();
      const result = await s.client().call('library.listEntries', { sourceId: opts.source, since: opts.since, until: opts.until, tag: opts.tag, limit: opts.limit });
      s.print(result, () => formatEntries(result.entries, result.total));
    });

  program
    .command('show <entry>')
    .description('Show one entry: its text as Confidant extracted it, and its metadata')
    .action(async (entry: string) => {
      const s = session();
      const detail = await s.client().call('library.getEntry', { id: parseId(entry) });
      s.print(detail, () => formatEntry(detail));
    });

  program
    .command('search <query...>')
    .description('Search entries (words; "quoted phrase"; prefix*)')
    .option('--source <id>', 'only this source', parseId)
    .option('--since <date>', 'written on or after this local day (YYYY-MM-DD)')
    .option('--until <date>', 'written on or before this local day (YYYY-MM-DD)')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--limit <n>', 'at most this many', parseId, 20)
    .action(async (query: string[], opts: { source?: number; since?: string; until?: string; tag?: string; limit: number }) => {
      const s = session();
      const result = await s.client().call('library.search', { query: query.join(' '), sourceId: opts.source, since: opts.since, until: opts.until, tag: opts.tag, limit: opts.limit });
      s.print(result, () => formatHits(result.hits, result.total, process.stdout.isTTY === true));
    });
}

function totals(summaries: IndexSummary[]) {
  const sum = (k: keyof IndexSummary) => summaries.reduce((n, s) => n + s[k], 0);
  return { filesSeen: sum('filesSeen'), filesParsed: sum('filesParsed'), entriesAdded: sum('entriesAdded'), entriesChanged: sum('entriesChanged'), entriesRemoved: sum('entriesRemoved'), errors: sum('errors') };
}

function formatSummary(report: ReturnType<typeof totals> & { errorFiles: { sourceId: number; relPath: string; reason: string }[]; notes: { sourceId: number; relPath: string; note: string }[] }): string {
  const lines = [`${report.filesSeen} file(s) seen, ${report.filesParsed} read; entries: ${report.entriesAdded} added, ${report.entriesChanged} changed, ${report.entriesRemoved} removed; ${report.errors} error(s)`];
  for (const e of report.errorFiles) lines.push(`  [source ${e.sourceId}] ${e.relPath}: ${e.reason}`);
  for (const n of report.notes) lines.push(`  note [source ${n.sourceId}] ${n.relPath}: ${n.note}`);
  return lines.join('\n');
}

function formatSources(sources: Source[]): string {
  if (sources.length === 0) return 'No sources yet. Add one with: confidant source add ~/Notes';
  return sources
    .map((s) => `${s.id}  ${s.path}\n   ${s.entries} entries, ${s.errors} error(s), last scan ${s.lastScanAt ?? 'never'}${s.watch ? '' : ', not watched'}${s.options.ignore.length ? `, ignoring ${s.options.ignore.join(' ')}` : ''}`)
    .join('\n');
}

/** The day the entry was written where it was written; an undated note says so instead of passing off its mtime. */
function dayLabel(e: EntrySummary): string {
  return (e.localDay ?? 'undated').padEnd(10);
}

function formatEntries(entries: EntrySummary[], total: number): string {
  const lines = entries.map((e) => `${String(e.id).padStart(6)}  ${dayLabel(e)}  ${e.title}${e.tags.length ? `  #${e.tags.join(' #')}` : ''}`);
  lines.push(`${entries.length} of ${total} entries`);
  return lines.join('\n');
}

function formatEntry(e: EntryDetail): string {
  return [
    `# ${e.title}`,
    `id ${e.id} · source ${e.sourceId} · ${e.format} · ${e.relPath ?? e.key}`,
    `${e.localDay ? `written ${e.localDay}` : `undated (file modified ${(e.createdAt ?? e.modifiedAt ?? 'unknown').slice(0, 10)})`} · created ${e.createdAt ?? 'unknown'} (from ${e.createdFrom ?? 'nowhere'}) · modified ${e.modifiedAt ?? 'unknown'}`,
    e.tags.length ? `tags: ${e.tags.join(', ')}` : 'tags: none',
    e.removed ? 'REMOVED: the file is gone; decisions about it are kept' : '',
    `metadata: ${JSON.stringify(e.metadata)}`,
    '',
    e.text,
  ].filter((line, i) => line !== '' || i === 6).join('\n');
}

function formatHits(hits: SearchHit[], total: number, isTty: boolean): string {
  if (hits.length === 0) return 'No matches.';
  const mark = (t: string) => (isTty ? `\u001b[1;33m${t}\u001b[0m` : `[${t}]`);
  const lines = hits.map((h) => `${String(h.id).padStart(6)}  ${dayLabel(h)}  ${h.title}\n        ${h.snippet.map((p) => (p.hit ? mark(p.text) : p.text)).join('').replace(/\s+/g, ' ')}`);
  lines.push(`${hits.length} of ${total} matches`);
  return lines.join('\n');
}

/** One line, redrawn in place on stderr; only used when stderr is a terminal. */
class ProgressBar {
  private last = 0;
  update(p: IndexProgress): void {
    const now = Date.now();
    if (p.phase !== 'done' && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const ratio = p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
    const filled = Math.round(ratio * width);
    const label = p.phase === 'scanning' ? 'scanning…' : `${p.filesDone}/${p.filesTotal} files`;
    process.stderr.write(`\r\u001b[2Ksource ${p.sourceId} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${label}${p.errors ? `, ${p.errors} error(s)` : ''}`);
  }
  clear(): void {
    process.stderr.write('\r\u001b[2K');
  }
}
