/**
 * Plain-text diaries (.txt and extensionless files): encoding detected (BOM, UTF-8, Windows-1252
 * for old editors), CRLF normalised, dated from the file name when it carries a date.
 */
import { baseTitle, dateFromFileName, decodeText, normaliseNewlines, tidyBlocks } from './text.ts';
import { ImportError, type Importer } from './types.ts';

export const plaintextImporter: Importer = {
  format: 'plaintext',
  version: 1,
  streams: false,
  maxBytes: (options) => options.maxFileMb * 1024 * 1024,
  importFile({ relPath, bytes, mtimeMs }) {
    if (!bytes) throw new ImportError('internal: plain text needs the file bytes');
    const { text, encoding } = decodeText(bytes, true);
    const nameDate = dateFromFileName(relPath);
    return [
      {
        key: relPath,
        title: baseTitle(relPath),
        createdAt: nameDate ?? new Date(mtimeMs).toISOString(),
        createdFrom: nameDate ? 'file-name' : 'mtime',
        localDay: nameDate,
        modifiedAt: new Date(mtimeMs).toISOString(),
        tags: [],
        text: tidyBlocks(normaliseNewlines(text)),
        metadata: { encoding },
      },
    ];
  },
};
