/**
 * The kinds of personal data Confidant looks for, how sensitive each is (for the review queue's
 * risk order), and what happens to each kind until the person decides otherwise (issue #4).
 */
export const FINDING_KINDS = [
  'email',
  'phone',
  'url',
  'ip',
  'card',
  'iban',
  'ssn',
  'address',
  'dob',
  'person',
  'place',
  'custom',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const REDACTION_STYLES = ['pseudonym', 'placeholder', 'drop'] as const;
export type RedactionStyle = (typeof REDACTION_STYLES)[number];

export type FindingAction = 'redact' | 'keep';

/** Structured kinds are validated beyond a pattern (checksums, number plans); the rest are text. */
export const STRUCTURED_KINDS: readonly FindingKind[] = ['email', 'phone', 'url', 'ip', 'card', 'iban', 'ssn', 'address', 'dob'];

/** Weight of one finding in an entry's risk score: a card number outweighs a town's name. */
export const KIND_SENSITIVITY: Record<FindingKind, number> = {
  card: 10,
  iban: 10,
  ssn: 10,
  dob: 6,
  address: 6,
  phone: 5,
  email: 5,
  ip: 3,
  person: 3,
  custom: 3,
  url: 1,
  place: 1,
};

export interface KindPolicy {
  kind: FindingKind;
  action: FindingAction;
  style: RedactionStyle;
}

/**
 * Defaults chosen so that a person who reviews nothing still trains on a dataset without contact
 * details, money or identity numbers, while public places (cities, countries) stay readable.
 */
export const DEFAULT_KIND_POLICIES: Record<FindingKind, Omit<KindPolicy, 'kind'>> = {
  email: { action: 'redact', style: 'placeholder' },
  phone: { action: 'redact', style: 'placeholder' },
  url: { action: 'redact', style: 'placeholder' },
  ip: { action: 'redact', style: 'placeholder' },
  card: { action: 'redact', style: 'placeholder' },
  iban: { action: 'redact', style: 'placeholder' },
  ssn: { action: 'redact', style: 'placeholder' },
  address: { action: 'redact', style: 'placeholder' },
  dob: { action: 'redact', style: 'placeholder' },
  person: { action: 'redact', style: 'pseudonym' },
  place: { action: 'keep', style: 'pseudonym' },
  custom: { action: 'redact', style: 'placeholder' },
};

/**
 * Findings at or above this confidence follow their kind's default (validated structured data,
 * the person's list, honorific names). Below it a finding is "to review": a guess that may be a
 * product, a UI label or a sentence-initial word, which a default must not rewrite into an
 * invented person. Raising it sends more findings to review.
 */
export const CONFIDENT = 0.8;

export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}
