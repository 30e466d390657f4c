/**
 * Day One exports, `Journal.json` or the export `.zip` (read entry by entry, never unpacked to disk):
 * one entry per `entries[]` item keyed by `uuid`. `text` is Markdown with Day One's backslash
 * escapes, so it goes through the same Markdown extraction as notes; `dayone-moment://` photo links
 * and U+FFFC placeholders go; the entry's day is the one on the calendar where it was written
 * (`timeZone`); location and weather stay metadata, never text; an entry without text is skipped.
 */
import yauzl from 'yauzl';
import { z } from 'zod';
import { parseJson } from './jupyter.ts';
import { mdastToText, parseMarkdown } from './markdown-text.ts';
import { dayInZone, decodeText, normaliseNewlines, normaliseTags, tidyBlocks, toIsoDate } from './text.ts';
import { ImportError, type ImportedEntry, type ImportedFile, type Importer, type NotThisFormat } from './types.ts';

const DayOneEntry = z.object({
  uuid: z.string().min(1),
  creationDate: z.string(),
  modifiedDate: z.string().optional(),
  timeZone: z.string().optional(),
  text: z.string().optional(),
  tags: z.array(z.string()).optional(),
  starred: z.boolean().optional(),
  location: z.unknown().optional(),
  weather: z.unknown().optional(),
  photos: z.array(z.unknown()).optional(),
}).passthrough();

const DayOneJournal = z.object({ metadata: z.unknown().optional(), entries: z.array(z.unknown()) });

/** A JSON file is Day One's only when it has `entries`: other JSON in a vault is not an error. */
export function isDayOneShape(value: unknown): boolean {
  return DayOneJournal.safeParse(value).success;
}

export function dayOneEntries(value: unknown, journal: string): ImportedFile {
  const journalParsed = DayOneJournal.safeParse(value);
  if (!journalParsed.success) throw new ImportError(`${journal} has no "entries" list: it is not a Day One export.`);
  const entries: ImportedEntry[] = [];
  const empty: string[] = [];
  journalParsed.data.entries.forEach((raw, i) => {
    const parsed = DayOneEntry.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportError(`${journal}: entries[${i}].${issue.path.join('.')}: ${issue.message}. Re-export the journal from Day One.`);
    }
    const e = parsed.data;
    const createdAt = toIsoDate(e.creationDate);
    if (!createdAt) throw new ImportError(`${journal}: entries[${i}].creationDate "${e.creationDate}" is not a date. Re-export the journal from Day One.`);
    const text = dayOneText(e.text ?? '');
    if (text === '') {
      empty.push(e.uuid);
      return;
    }
    const metadata: Record<string, unknown> = { journal, starred: e.starred ?? false };
    if (e.timeZone) {
      metadata.timeZone = e.timeZone;
      const local = localTime(createdAt, e.timeZone);
      if (local) metadata.localTime = local;
    }
    if (e.location !== undefined) metadata.location = e.location;
    if (e.weather !== undefined) metadata.weather = e.weather;
    if (e.photos) metadata.photoCount = e.photos.length;
    entries.push({
      key: `dayone:${e.uuid}`,
      title: titleOf(text),
      createdAt,
      createdFrom: 'dayone',
      // Without a zone (very old exports) this computer's zone is the best guess.
      localDay: dayInZone(createdAt, e.timeZone) ?? dayInZone(createdAt, undefined),
      modifiedAt: toIsoDate(e.modifiedDate) ?? createdAt,
      tags: normaliseTags(e.tags ?? []),
      text,
      metadata,
    });
  });
  const notes = empty.length === 0 ? [] : [`${journal}: ${empty.length} ${empty.length === 1 ? 'entry has' : 'entries have'} no text and ${empty.length === 1 ? 'was' : 'were'} skipped (${empty.slice(0, 5).join(', ')}${empty.length > 5 ? ', ...' : ''}).`];
  return { entries, notes };
}

/**
 * The words of a Day One entry. Its Markdown escapes punctuation it did not mean as markup (`\.`,
 * `\-`, `\/`), which the Markdown parser undoes; photo links and U+FFFC placeholders (where an
 * attachment sat inline) are not words.
 */
export function dayOneText(text: string): string {
  const markdown = normaliseNewlines(text)
    .replace(/!\[[^\]]*\]\(dayone-moment:[^)]*\)/g, '')
    .replace(/dayone-moment:\/\/?\S*/g, '')
    .replace(/\uFFFC/g, '');
  return tidyBlocks(mdastToText(parseMarkdown(markdown), { keepCode: false }));
}

function titleOf(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.trim().slice(0, 120);
}

/** The wall-clock time where the entry was written, as the person saw it. */
function localTime(iso: string, timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  } catch {
    return null;
  }
}

export const dayOneJsonImporter: Importer = {
  format: 'dayone',
  version: 2,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes }): ImportedFile | NotThisFormat {
    if (!bytes) throw new ImportError('internal: Day One JSON needs the file bytes');
    const value = parseJson(decodeText(bytes, false).text);
    if (!isDayOneShape(value)) return { notThisFormat: 'JSON without Day One "entries"' };
    return dayOneEntries(value, relPath.split('/').pop() ?? relPath);
  },
};

/** Zip members above this are refused: a journal JSON of 512 MB is already far beyond any real one. */
const maxMemberBytes = 512 * 1024 * 1024;

export const dayOneZipImporter: Importer = {
  format: 'dayone',
  version: 2,
  streams: true,
  maxBytes: () => 8 * 1024 * 1024 * 1024,
  async importFile({ absPath }): Promise<ImportedFile | NotThisFormat> {
    const members = await readJsonMembers(absPath);
    const journals = members.filter((m) => isDayOneShape(m.value));
    if (journals.length === 0) return { notThisFormat: 'zip without a Day One journal' };
    const files = journals.map((m) => dayOneEntries(m.value, m.name));
    return { entries: files.flatMap((f) => f.entries), notes: files.flatMap((f) => f.notes) };
  },
};

function readJsonMembers(absPath: string): Promise<{ name: string; value: unknown }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(absPath, { lazyEntries: true, autoClose: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(new ImportError(`This .zip cannot be opened (${openError?.message ?? 'unknown reason'}). Re-export it from Day One.`));
        return;
      }
      const found: { name: string; value: unknown }[] = [];
      zip.on('error', (error: Error) => reject(new ImportError(`This .zip is damaged: ${error.message}. Re-export it from Day One.`)));
      zip.on('end', () => resolve(found));
      zip.on('entry', (member: yauzl.Entry) => {
        // Day One puts journals at the top level and media in photos/, videos/, audios/.
        if (!/^[^/]+\.json$/i.test(member.fileName)) {
          zip.readEntry();
          return;
        }
        if (member.uncompressedSize > maxMemberBytes) {
          reject(new ImportError(`${member.fileName} in this .zip is ${Math.round(member.uncompressedSize / 1048576)} MB, above the ${maxMemberBytes / 1048576} MB limit.`));
          zip.close();
          return;
        }
        zip.openReadStream(member, (streamError, stream) => {
          if (streamError || !stream) {
            reject(new ImportError(`${member.fileName} in this .zip cannot be read: ${streamError?.message ?? 'unknown reason'}`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', (error) => reject(new ImportError(`${member.fileName} in this .zip is damaged: ${error.message}`)));
          stream.on('end', () => {
            try {
              found.push({ name: member.fileName, value: parseJson(decodeText(Buffer.concat(chunks), false).text) });
              zip.readEntry();
            } catch (error) {
              reject(error instanceof ImportError ? new ImportError(`${member.fileName} in this .zip: ${error.message}`) : error);
            }
          });
        });
      });
      zip.readEntry();
    });
  });
}
