import { parseDuration } from '../../core/clock.ts';
import type { PollPublisher } from '../../core/ports.ts';
import type { PollMode } from './polls.store.ts';

export interface PollSpec {
  question: string;
  options: string[];
  durationMs: number;
  multiple: boolean;
  anonymous: boolean;
  /** Post one reminder this long before the close (undefined: none). */
  remindBeforeMs?: number;
}

export const MIN_DURATION = 5 * 60_000;
export const MAX_DURATION = 30 * 86_400_000;
export const DEFAULT_DURATION = 86_400_000;

/**
 * Reads `Question? | option | option … [| for 2d] [| multiple] [| anonymous]`. Returns
 * the poll, or a sentence saying what is wrong (nothing is created then).
 */
export function parsePollSpec(spec: string): PollSpec | string {
  const parts = spec
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const [question, ...rest] = parts;
  if (!question) return 'Write the question first, then the options, separated by |.';
  if (question.length > 300) return 'The question is too long (300 characters at most).';
  const options: string[] = [];
  let durationMs = DEFAULT_DURATION;
  let multiple = false;
  let anonymous = false;
  let remindBeforeMs: number | undefined;
  for (const part of rest) {
    const remind = /^remind\s+(.+)$/i.exec(part);
    const duration = /^for\s+(.+)$/i.exec(part);
    if (remind) {
      const ms = parseDuration(remind[1]!);
      if (ms === undefined || ms <= 0) return `"${remind[1]}" is not a duration (try 30m, 2h, 3d).`;
      remindBeforeMs = ms;
    } else if (duration) {
      const ms = parseDuration(duration[1]!);
      if (ms === undefined) return `"${duration[1]}" is not a duration (try 30m, 2h, 3d).`;
      if (ms < MIN_DURATION || ms > MAX_DURATION) return 'A poll runs between 5 minutes and 30 days.';
      durationMs = ms;
    } else if (/^multi(ple)?$/i.test(part)) multiple = true;
    else if (/^anon(ymous)?$/i.test(part)) anonymous = true;
    else if (part.length > 200) return 'An option is too long (200 characters at most).';
    else options.push(part);
  }
  if (options.length < 2 || options.length > 10) return `A poll needs 2 to 10 options (got ${options.length}).`;
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) return 'Two options are the same.';
  if (remindBeforeMs !== undefined && remindBeforeMs >= durationMs)
    return 'The reminder must come before the poll closes.';
  return {
    question,
    options,
    durationMs,
    multiple,
    anonymous,
    ...(remindBeforeMs !== undefined ? { remindBeforeMs } : {}),
  };
}

/** Whether the platform's native polls can carry this poll (they show voters, so never anonymous ones). */
export function fitsNative(limits: PollPublisher['limits'], poll: PollSpec): boolean {
  const hours = Math.ceil(poll.durationMs / 3_600_000);
  return (
    !poll.anonymous &&
    poll.options.length <= limits.maxAnswers &&
    poll.options.every((o) => o.length <= limits.maxAnswerLength) &&
    poll.question.length <= limits.maxQuestionLength &&
    hours >= limits.minHours &&
    hours <= limits.maxHours
  );
}

/** A ballot after a vote: single choice replaces, multiple choice toggles. */
export function applyVote(current: readonly number[], answer: number, multiple: boolean, added = true): number[] {
  if (!multiple) return added ? [answer] : current.filter((c) => c !== answer);
  const set = new Set(current);
  if (added && !set.has(answer)) set.add(answer);
  else if (!added || set.has(answer)) set.delete(answer);
  return [...set].sort((a, b) => a - b);
}

export interface Tally {
  /** Votes per option, in option order. */
  counts: number[];
  voters: number;
}

/** Counts the ballots; a choice that names no option (1-based) is not counted, its voter is. */
export function tally(optionCount: number, ballots: readonly (readonly number[])[]): Tally {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const choices of ballots) for (const c of choices) if (c >= 1 && c <= optionCount) counts[c - 1]!++;
  return { counts, voters: ballots.length };
}

/** The best way to run a poll here: natively when the platform's polls can carry it, else buttons, else typed votes. */
export function pollMode(native: PollPublisher['limits'] | undefined, hasButtons: boolean, poll: PollSpec): PollMode {
  if (native && fitsNative(native, poll)) return 'native';
  return hasButtons ? 'buttons' : 'text';
}
