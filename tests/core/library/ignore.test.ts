import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher } from '../../../electron/core/library/ignore.ts';

describe('ignore rules follow gitignore semantics', () => {
  // Each row: patterns, path, is it a folder, ignored?
  const cases: [string[], string, boolean, boolean][] = [
    [['*.[Tt]mp'], 'notes/draft.tmp', false, true], // character class, lower case
    [['*.[Tt]mp'], 'draft.Tmp', false, true], // character class, capital
    [['*.[Tt]mp'], 'draft.txt', false, false],
    [['*.md', '!keep.md'], 'keep.md', false, false], // negation re-includes
    [['*.md', '!keep.md'], 'other.md', false, true],
    [['drafts/', '!drafts/'], 'drafts', true, false], // a later negation wins
    [['drafts/'], 'drafts', true, true], // trailing slash: folders only
    [['drafts/'], 'drafts', false, false],
    [['/top.txt'], 'top.txt', false, true], // leading slash anchors to the source root
    [['/top.txt'], 'sub/top.txt', false, false],
    [['archive/**/*.txt'], 'archive/2019/may/day.txt', false, true],
    [['# a comment', ''], 'a comment', false, false],
    [['\\#hash.txt'], '#hash.txt', false, true], // escaped leading hash is a name
    [['Private'], 'journal/private', true, true], // case-insensitive, as on macOS and Windows
  ];
  it.each(cases)('%j on %s (folder: %s) -> ignored %s', (patterns, relPath, isDir, expected) => {
    expect(createIgnoreMatcher(patterns).isIgnored(relPath, isDir)).toBe(expected);
  });

  it('keeps the built-in rules whatever the patterns say', () => {
    const matcher = createIgnoreMatcher(['!.obsidian/']);
    expect(matcher.isIgnored('.obsidian', true)).toBe(true);
    expect(matcher.isIgnored('node_modules', true)).toBe(true);
    expect(matcher.isIgnored('note.sync-conflict-20240101-101010-ABC.md', false)).toBe(true);
  });

  it('skips a pattern the matcher cannot parse instead of failing the whole source', () => {
    expect(() => createIgnoreMatcher(['[', '*.log']).isIgnored('a.log', false)).not.toThrow();
    expect(createIgnoreMatcher(['[', '*.log']).isIgnored('a.log', false)).toBe(true);
  });
});
