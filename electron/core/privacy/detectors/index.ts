import { addressDetector } from './address.ts';
import { cardDetector } from './card.ts';
import { dobDetector } from './dob.ts';
import { emailDetector } from './email.ts';
import { ibanDetector } from './iban.ts';
import { ipDetector } from './ip.ts';
import { namesDetector } from './names.ts';
import { peopleListDetector, redactWordsDetector } from './people-list.ts';
import { phoneDetector } from './phone.ts';
import { ssnDetector } from './ssn.ts';
import type { DetectContext, DetectedSpan, Detector, PreparedDetector } from './types.ts';
import { urlDetector } from './url.ts';

export type { DetectContext, DetectedSpan, Detector, ListedName, PreparedDetector } from './types.ts';
export { buildLibraryContext, EMPTY_LIBRARY, type LibraryContext } from './library-context.ts';
export { createPhoneMatcher, DEFAULT_PHONE_REGIONS, toPhoneRegions } from './phone.ts';
export { passesLuhn } from './card.ts';
export { passesIbanChecksum } from './iban.ts';

/** Every detector, in no particular order: overlaps are settled by `resolveOverlaps`. */
export const DEFAULT_DETECTORS: readonly Detector[] = [
  emailDetector,
  urlDetector,
  phoneDetector,
  ipDetector,
  cardDetector,
  ibanDetector,
  ssnDetector,
  addressDetector,
  dobDetector,
  peopleListDetector,
  namesDetector,
  redactWordsDetector,
];

/** Detectors bound to one scan's context (the person's list, the always-redact words). */
export interface Scanner {
  detect(text: string): DetectedSpan[];
}

export function createScanner(ctx: DetectContext, detectors: readonly Detector[] = DEFAULT_DETECTORS): Scanner {
  const prepared: PreparedDetector[] = detectors.map((d) => {
    if (d.prepare) return d.prepare(ctx);
    const detect = d.detect;
    if (!detect) throw new Error(`Detector ${d.id} has neither prepare nor detect`);
    return { detect };
  });
  return {
    detect(text) {
      return resolveOverlaps(prepared.flatMap((d) => d.detect(text)));
    },
  };
}

/**
 * One finding per stretch of text: a span that contains another wins (an email address holds a
 * name, an address holds a city), otherwise the more confident one does. The person's
 * "always redact" words are kept even inside other findings' neighbours, since they asked.
 */
export function resolveOverlaps(spans: DetectedSpan[]): DetectedSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || b.confidence - a.confidence);
  const kept: DetectedSpan[] = [];
  for (const span of sorted) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) {
      kept.push(span);
      continue;
    }
    const lastContains = last.start <= span.start && last.end >= span.end;
    if (lastContains) {
      // Same stretch, same kind: keep the list's identity so every alias gets one pseudonym.
      if (span.nameId !== undefined && last.nameId === undefined && span.kind === last.kind && span.start === last.start && span.end === last.end) {
        kept[kept.length - 1] = span;
      }
      continue;
    }
    if (span.confidence > last.confidence) kept[kept.length - 1] = span;
  }
  return kept;
}
