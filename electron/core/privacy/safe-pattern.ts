import RE2 from 're2';
import { ConfidantError } from '../../api/errors.ts';

/** Longest user pattern accepted; longer ones are almost always pasted by mistake. */
const MAX_PATTERN_LENGTH = 300;

/**
 * Compiles a regular expression the person typed (a rule) with RE2, which matches in time linear
 * in the text whatever the pattern: `\d+\d+\d+y` on a line of digits, or `(a+)+$`, which make
 * JavaScript's backtracking engine run for minutes, return at once. RE2 has no lookaround and no
 * back-references (they are what makes backtracking necessary), so those are refused with a
 * message; the app's own patterns that need lookbehind stay native, since their shapes are audited.
 */
export function compileUserPattern(source: string, what = 'pattern'): RegExp {
  if (source.trim().length === 0) throw new ConfidantError('invalid_input', `The ${what} is empty: type a word or a regular expression.`);
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new ConfidantError('invalid_input', `The ${what} is ${source.length} characters long; keep it under ${MAX_PATTERN_LENGTH}.`);
  }
  let pattern: RegExp;
  try {
    pattern = new RE2(source, 'giu');
  } catch (error) {
    throw new ConfidantError('invalid_input', describeCompileError(source, what, error), { cause: error });
  }
  if (pattern.test('')) throw new ConfidantError('invalid_input', `The ${what} /${source}/ matches empty text, so it would match every entry. Make it match at least one character.`);
  pattern.lastIndex = 0;
  return pattern;
}

/** RE2's messages ("invalid perl operator: (?<") name its internals; say what to change instead. */
function describeCompileError(source: string, what: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  if (/\(\?<?[=!]/.test(source) && /perl operator|missing argument/i.test(reason)) {
    return `The ${what} /${source}/ uses lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which rules do not support because they can make scanning hang. Match the surrounding text instead, or use a plain word rule.`;
  }
  if (/\\[1-9]|\\k</.test(source) && /escape/i.test(reason)) {
    return `The ${what} /${source}/ uses back-references (\\1, \\k<name>), which rules do not support because they can make scanning hang. Write the repeated part out, or use a plain word rule.`;
  }
  return `The ${what} /${source}/ is not a valid regular expression (${reason}). Fix it, or use a plain word rule instead.`;
}

/** A literal word or phrase, matched case-insensitively at word boundaries. */
export function compileWord(word: string): RegExp {
  const trimmed = word.trim();
  if (trimmed.length === 0) throw new ConfidantError('invalid_input', 'The word is empty: type the word or phrase to redact.');
  // Native, for the lookbehind: the pattern is an escaped literal between boundaries, so it cannot backtrack far.
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'giu');
}
