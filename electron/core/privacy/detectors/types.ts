import type { FindingKind } from '../kinds.ts';
import type { LibraryContext } from './library-context.ts';

/** One span a detector believes is personal data. Offsets are UTF-16 indices into the entry text. */
export interface DetectedSpan {
  kind: FindingKind;
  start: number;
  end: number;
  /** Which detector found it (stored with the finding, shown in review). */
  detector: string;
  /** 0..1: validated structured data and the person's own list are near 1; guesses are lower. */
  confidence: number;
  /** For matches from the person's list: which listed name, so every alias gets one pseudonym. */
  nameId?: number;
}

/** A name or place from the person's list, with the aliases and nicknames it goes by. */
export interface ListedName {
  id: number;
  name: string;
  kind: 'person' | 'place';
  aliases: readonly string[];
}

/** What a detector may use besides the text: the person's list, "always redact" words, their regions, the library. */
export interface DetectContext {
  names: readonly ListedName[];
  /** Literal words or validated patterns from "always redact" rules. */
  redactPatterns: readonly RegExp[];
  /** ISO 3166 codes of the countries whose national phone formats the person writes ("NO", "ES"); see home-regions.ts. */
  homeRegions?: readonly string[];
  /** What the whole library says about capitalised terms (products, labels); absent when scanning one text alone. */
  library?: LibraryContext;
}

/**
 * Every detector is a plain object with this shape, so a model-based detector (a local GGUF
 * through node-llama-cpp) can be added to the list in `detectors/index.ts` without touching the
 * scanner, the decisions or the review UI. Detectors must not keep state between calls; the
 * `prepare` hook lets one build matchers once per scan (for example, from the person's list).
 */
export interface Detector {
  readonly id: string;
  readonly kinds: readonly FindingKind[];
  prepare?(ctx: DetectContext): PreparedDetector;
  detect?(text: string): DetectedSpan[];
}

export interface PreparedDetector {
  detect(text: string): DetectedSpan[];
}

/** Runs `pattern` (which must have the g flag) and yields every match; patterns are audited for backtracking. */
export function* matchAll(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    yield m;
  }
}

const NEGATIVE_CONTEXT = /\b(?:order|tracking|invoice|ref(?:erence)?|confirmation|booking|isbn|serial|version|ver|v|build|ticket|case|model|part|sku|receipt|#)\W{0,3}$/i;

/**
 * True when the few characters before a number say it is a reference, not personal data
 * ("order #4839201755", "version 10.0.1.2"): look-alikes are the main source of false positives.
 */
export function hasNegativeContext(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  return NEGATIVE_CONTEXT.test(before);
}
