import { z } from 'zod';

/** Every failure that crosses a process boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'conflict',
  'unsupported',
  'schema_too_new',
  'io',
  /** The disk holding the data directory has no room left; the message says how much is needed. */
  'disk_full',
  /** The data directory cannot be written (read-only disk or no permission); nothing was changed. */
  'read_only',
  /** Another Confidant holds the database; the message names its process. */
  'locked',
  'busy',
  'cancelled',
  'no_gpu',
  'trainer',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Per-field issues for invalid input: `path: message`. */
  issues: z.array(z.string()).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** The one error type of Confidant. `message` says what happened and what to do next. */
export class ConfidantError extends Error {
  readonly code: ErrorCode;
  readonly issues?: string[];
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; issues?: string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfidantError';
    this.code = code;
    if (options?.issues) this.issues = options.issues;
  }

  toPayload(): ErrorPayload {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** Formats zod issues as `path: message`, so a person sees which field is wrong. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}

/** Parses untrusted data; accepts only `unknown` so callers cannot skip validation by accident. */
export function parseUnknown<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw new ConfidantError('invalid_input', `Invalid ${what}: ${issues.join('; ')}`, { issues, cause: parsed.error });
  }
  return parsed.data;
}

export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConfidantError('internal', `Assertion failed: ${message}`);
}

export function missingCaseError(value: never): Error {
  return new ConfidantError('internal', `Unhandled case: ${String(value)}`);
}
