/**
 * Finding code in Markdown before it is parsed, so that rewrites of Obsidian syntax (`%%comments%%`,
 * `[[links]]`, `![[embeds]]`) leave code alone: inside backticks or a fence, those characters are
 * literal text the person wrote (a `%%` in a code span once swallowed a heading, a paragraph and
 * a callout up to the next `%%`).
 */

export interface MaskOptions {
  /** Drop `%%...%%` found outside code (an unclosed `%%` hides the rest of the note, as Obsidian does). */
  stripComments: boolean;
}

const fenceOpen = /^([ \t>]*)(`{3,}|~{3,})/;

/** Applies `rewrite` to every stretch of prose; code spans and fenced blocks pass through verbatim. */
export function maskCode(body: string, rewrite: (prose: string) => string, options: MaskOptions): string {
  let out = '';
  let prose = '';
  let i = 0;
  const flush = () => {
    out += rewrite(prose);
    prose = '';
  };
  while (i < body.length) {
    const atLineStart = i === 0 || body[i - 1] === '\n';
    if (atLineStart) {
      const lineEnd = body.indexOf('\n', i);
      const line = body.slice(i, lineEnd === -1 ? body.length : lineEnd);
      const fence = fenceOpen.exec(line);
      if (fence) {
        const end = closingFence(body, lineEnd, fence[2]);
        flush();
        out += body.slice(i, end);
        i = end;
        continue;
      }
    }
    const c = body[i];
    if (c === '`') {
      const run = runLength(body, i, '`');
      const close = closingRun(body, i + run, run);
      if (close !== -1) {
        flush();
        out += body.slice(i, close + run);
        i = close + run;
      } else {
        prose += body.slice(i, i + run);
        i += run;
      }
      continue;
    }
    if (options.stripComments && c === '%' && body[i + 1] === '%') {
      const close = body.indexOf('%%', i + 2);
      i = close === -1 ? body.length : close + 2;
      // `a %%note%% b` reads `a b`, not `a  b`.
      if (/[ \t]$/.test(prose)) while (body[i] === ' ' || body[i] === '\t') i++;
      continue;
    }
    prose += c;
    i++;
  }
  flush();
  return out;
}

function runLength(text: string, at: number, char: string): number {
  let n = 0;
  while (text[at + n] === char) n++;
  return n;
}

/** A code span closes at the next run of exactly as many backticks, never across a blank line. */
function closingRun(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\n' && /^\n[ \t>]*\n/.test(text.slice(i, i + 64))) return -1;
    if (text[i] === '`') {
      const n = runLength(text, i, '`');
      if (n === length) return i;
      i += n;
      continue;
    }
    i++;
  }
  return -1;
}

/** The offset just past the fence that closes one opened with `marker`, or the end of the text. */
function closingFence(text: string, lineEnd: number, marker: string): number {
  if (lineEnd === -1) return text.length;
  const closing = new RegExp(`^[ \\t>]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  let i = lineEnd + 1;
  while (i < text.length) {
    const end = text.indexOf('\n', i);
    const line = text.slice(i, end === -1 ? text.length : end);
    if (closing.test(line)) return end === -1 ? text.length : end;
    if (end === -1) return text.length;
    i = end + 1;
  }
  return text.length;
}
