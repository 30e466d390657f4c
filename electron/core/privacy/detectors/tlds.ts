/**
 * Top-level domains a person is likely to write without a scheme ("lenaskitchen.com/recipes"):
 * the common generic ones and the country codes of Europe, the Commonwealth and the largest web
 * countries. A closed list, so "e.g." or "v1.2" never look like a host.
 */
export const WEB_TLDS = [
  'com', 'org', 'net', 'edu', 'gov', 'int', 'info', 'biz', 'io', 'co', 'me', 'tv', 'fm', 'xyz', 'online', 'site', 'blog', 'shop', 'store',
  'email', 'page', 'eu', 'uk', 'ie', 'de', 'fr', 'nl', 'be', 'lu', 'ch', 'at', 'li', 'it', 'es', 'pt', 'no', 'se', 'dk', 'fi', 'is', 'pl', 'cz',
  'sk', 'hu', 'ro', 'bg', 'gr', 'hr', 'si', 'ee', 'lv', 'lt', 'ua', 'ru', 'tr', 'ca', 'us', 'mx', 'br', 'ar', 'cl', 'au', 'nz', 'in', 'pk',
  'za', 'ng', 'ke', 'gh', 'jp', 'kr', 'cn', 'tw', 'hk', 'sg', 'my', 'ph', 'id', 'th', 'vn', 'il', 'ae', 'app', 'dev', 'md', 'ai', 'so', 'sh', 'py', 'rs', 'cc', 'ly', 'gg', 'to',
] as const;

/**
 * TLDs that are also common file extensions or product suffixes ("notes.md", "setup.py", "Obsidian.app",
 * "run.sh", "main.rs"): a bare "word.md" is a file name, so these count as links only with "www." or a path.
 */
export const AMBIGUOUS_TLDS: ReadonlySet<string> = new Set(['md', 'py', 'sh', 'rs', 'so', 'app', 'ai', 'cc', 'ly', 'to', 'is', 'it', 'me', 'at', 'in', 'id', 'my', 'tv', 'gg', 'pl', 'page', 'site', 'blog', 'store', 'shop', 'online']);

/** Alternation for a RegExp, longest first so "com" is not cut to "co". */
export const TLD_ALTERNATION = [...WEB_TLDS].sort((a, b) => b.length - a.length).join('|');
