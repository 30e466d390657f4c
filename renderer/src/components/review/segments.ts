import type { Finding } from '../../../../electron/api/calls/privacy.ts';

export interface Segment {
  text: string;
  finding?: Finding;
}

/** Splits an entry's text into plain runs and findings, in order; overlapping findings keep the first. */
export function toSegments(text: string, findings: readonly Finding[]): Segment[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const f of sorted) {
    if (f.start < cursor || f.end > text.length) continue;
    if (f.start > cursor) segments.push({ text: text.slice(cursor, f.start) });
    segments.push({ text: text.slice(f.start, f.end), finding: f });
    cursor = f.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor) });
  return segments;
}

export const KIND_LABELS: Record<Finding['kind'], string> = {
  email: 'Email', phone: 'Phone', url: 'Link', ip: 'IP address', card: 'Card number', iban: 'IBAN', ssn: 'SSN',
  address: 'Address', dob: 'Date of birth', person: 'Person', place: 'Place', custom: 'Always-redact word',
};

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
