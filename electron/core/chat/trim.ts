/**
 * Fitting a conversation into the model's context: the oldest turns go first, then (if the new
 * message alone is too long) the start of that message. Each cut is reported as a notice, so the
 * person knows the model did not see everything.
 */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface FitInput<T> {
  systemPrompt: string;
  /** Earlier turns, then the new user message last. */
  turns: Turn[];
  /** Tokens the prompt may take (context size minus the room kept for the answer). */
  budget: number;
  countTokens: (systemPrompt: string, turns: Turn[]) => number;
  tokenize: (text: string) => readonly T[];
  detokenize: (tokens: readonly T[]) => string;
}

export interface FitResult {
  systemPrompt: string;
  turns: Turn[];
  droppedTurns: number;
  notices: string[];
}

export function fitToContext<T>(input: FitInput<T>): FitResult {
  let turns = [...input.turns];
  let dropped = 0;
  const notices: string[] = [];
  // Keep at least the newest message; drop whole older turns from the front.
  while (turns.length > 1 && input.countTokens(input.systemPrompt, turns) > input.budget) {
    turns = turns.slice(1);
    dropped += 1;
  }
  // A history that now starts with an answer would read as the model speaking first.
  while (turns.length > 1 && turns[0]?.role === 'assistant') {
    turns = turns.slice(1);
    dropped += 1;
  }
  if (dropped > 0) {
    notices.push(`The conversation was longer than the model's context (${input.budget} tokens for the prompt): the oldest ${dropped} message${dropped === 1 ? ' was' : 's were'} left out of this answer.`);
  }
  const total = input.countTokens(input.systemPrompt, turns);
  const last = turns[turns.length - 1];
  if (total > input.budget && last !== undefined) {
    const tokens = input.tokenize(last.text);
    const keep = Math.max(1, tokens.length - (total - input.budget) - 8);
    const kept = input.detokenize(tokens.slice(tokens.length - keep));
    turns = [...turns.slice(0, -1), { role: last.role, text: kept }];
    notices.push(`Your message was longer than the model's context: only its last ${keep} of ${tokens.length} tokens were used.`);
  }
  return { systemPrompt: input.systemPrompt, turns, droppedTurns: dropped, notices };
}
