/**
 * Day One exports, `Journal.json` or the export `.zip` (read entry by entry, never unpacked to disk):
 * one entry per `entries[]` item keyed by `uuid`; backslash escapes undone; `dayone-moment://`
 * photo links removed; location and weather kept as metadata, never in the text.
 */
import yauzl from 'yauzl';
import { z } from 'zod';
import { parseJson } from './jupyter.ts';
import { decodeText, normaliseNewlines, normaliseTags, tidyBlocks, toIsoDate } from './text.ts';
import { ImportError, type ImportedEntry, type Importer, type NotThisFormat } from './types.ts';

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

export function dayOneEntries(value: unknown, journal: string): ImportedEntry[] {
  const journalParsed = DayOneJournal.safeParse(value);
  if (!journalParsed.success) throw new ImportError(`${journal} has no "entries" list: it is not a Day One export.`);
  return journalParsed.data.entries.map((raw, i) => {
    const parsed = DayOneEntry.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportError(`${journal}: entries[${i}].${issue.path.join('.')}: ${issue.message}. Re-export the journal from Day One.`);
    }
    const e = parsed.data;
    const createdAt = toIsoDate(e.creationDate);
    if (!createdAt) throw new ImportError(`${journal}: entries[${i}].creationDate "${e.creationDate}" is not a date. Re-export the journal from Day One.`);
    const text = tidyBlocks(cleanDayOneText(e.text ?? ''));
    const metadata: Record<string, unknown> = { journal, starred: e.starred ?? false };
    if (e.timeZone) {
      metadata.timeZone = e.timeZone;
      const local = localTime(createdAt, e.timeZone);
      if (local) metadata.localTime = local;
    }
    if (e.location !== undefined) metadata.location = e.location;
    if (e.weather !== undefined) metadata.weather = e.weather;
    if (e.photos) metadata.photoCount = e.photos.length;
    return {
      key: `dayone:${e.uuid}`,
      title: titleOf(text),
      createdAt,
      createdFrom: 'dayone',
      modifiedAt: toIsoDate(e.modifiedDate) ?? createdAt,
      tags: normaliseTags(e.tags ?? []),
      text,
      metadata,
    };
  });
}

/** Day One escapes Markdown punctuation it did not mean as markup (`\.`, `\-`, `\!`); the person typed the bare character. */
export function cleanDayOneText(text: string): string {
  return normaliseNewlines(text)
    .replace(/!\[[^\]]*\]\(dayone-moment:[^)]*\)/g, '')
    .replace(/dayone-moment:\/\/?\S*/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~<])/g, '$1');
}

function titleOf(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.replace(/^#+\s*/, '').trim().slice(0, 120);
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
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes }): ImportedEntry[] | NotThisFormat {
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
  streams: true,
  maxBytes: () => 8 * 1024 * 1024 * 1024,
  async importFile({ absPath }): Promise<ImportedEntry[] | NotThisFormat> {
    const members = await readJsonMembers(absPath);
    const journals = members.filter((m) => isDayOneShape(m.value));
    if (journals.length === 0) return { notThisFormat: 'zip without a Day One journal' };
    return journals.flatMap((m) => dayOneEntries(m.value, m.name));
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
