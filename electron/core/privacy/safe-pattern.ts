import { ConfidantError } from '../../api/errors.ts';

/** Longest user pattern accepted; longer ones are almost always pasted by mistake. */
const MAX_PATTERN_LENGTH = 300;

/**
 * Compiles a regular expression the person typed (a rule), refusing any that could hang the
 * scanner. JavaScript regexes backtrack, so a repeated group that itself repeats or branches,
 * like `(a+)+` or `(a|ab)*`, can take exponential time on a crafted entry; back-references are
 * refused for the same reason. Refusing is safer than a timeout, which JavaScript cannot enforce
 * on a running regex.
 */
export function compileUserPattern(source: string, what = 'pattern'): RegExp {
  if (source.trim().length === 0) throw new ConfidantError('invalid_input', `The ${what} is empty: type a word or a regular expression.`);
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new ConfidantError('invalid_input', `The ${what} is ${source.length} characters long; keep it under ${MAX_PATTERN_LENGTH}.`);
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'giu');
  } catch (error) {
    throw new ConfidantError('invalid_input', `The ${what} /${source}/ is not a valid regular expression (${(error as Error).message}). Fix it, or use a plain word rule instead.`, { cause: error });
  }
  const problem = findBacktrackingRisk(source);
  if (problem) {
    throw new ConfidantError('invalid_input', `The ${what} /${source}/ could make scanning hang: ${problem}. Rewrite it without that, or use a plain word rule instead.`);
  }
  if (pattern.test('')) throw new ConfidantError('invalid_input', `The ${what} /${source}/ matches empty text, so it would match every entry. Make it match at least one character.`);
  pattern.lastIndex = 0;
  return pattern;
}

/** A literal word or phrase, matched case-insensitively at word boundaries. */
export function compileWord(word: string): RegExp {
  const trimmed = word.trim();
  if (trimmed.length === 0) throw new ConfidantError('invalid_input', 'The word is empty: type the word or phrase to redact.');
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'giu');
}

interface GroupState {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Walks the pattern once, tracking groups; returns why it is risky, or undefined. */
export function findBacktrackingRisk(source: string): string | undefined {
  const stack: GroupState[] = [{ hasQuantifier: false, hasAlternation: false }];
  let closed: GroupState | undefined;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return 'back-references (\\1) are not allowed';
      if (!inClass && next === 'k') return 'named back-references (\\k<name>) are not allowed';
      i++;
      closed = undefined;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    const top = stack[stack.length - 1] as GroupState;
    if (ch === '[') {
      inClass = true;
      closed = undefined;
    } else if (ch === '(') {
      stack.push({ hasQuantifier: false, hasAlternation: false });
      closed = undefined;
    } else if (ch === ')') {
      closed = stack.pop();
      if (stack.length === 0) return 'a bracket ) has no opening (';
      const parent = stack[stack.length - 1] as GroupState;
      if (closed?.hasQuantifier) parent.hasQuantifier = true;
      continue;
    } else if (ch === '|') {
      top.hasAlternation = true;
      closed = undefined;
    } else if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      const isRepeat = ch !== '?' || source[i - 1] === ')';
      const unbounded = ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\}/.test(source.slice(i)));
      if (closed && (ch !== '?') && (closed.hasQuantifier || closed.hasAlternation) && (unbounded || ch === '{')) {
        return 'a repeated group contains its own repetition or alternatives, as in (a+)+ or (a|b)*';
      }
      if (isRepeat) top.hasQuantifier = true;
      if (ch === '{') {
        const end = source.indexOf('}', i);
        if (end > i) i = end;
      }
      closed = undefined;
      continue;
    } else {
      closed = undefined;
    }
  }
  return undefined;
}
