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
  /** `beta`: only the beta group gets the poll and may vote (undefined: everyone). */
  audience?: 'beta';
  /** The inner circle gets the poll this long before it opens to everyone (undefined: no preview). */
  previewMs?: number;
}

export const MIN_DURATION = 5 * 60_000;
export const MAX_DURATION = 30 * 86_400_000;
export const DEFAULT_DURATION = 86_400_000;

/** Why a typed poll was refused, for a reply in the moderator's language. */
export type PollSpecRefusal =
  | { kind: 'noQuestion' }
  | { kind: 'questionTooLong'; max: number }
  | { kind: 'optionTooLong'; max: number }
  | { kind: 'notDuration'; typed: string }
  | { kind: 'durationRange' }
  | { kind: 'optionCount'; count: number }
  | { kind: 'sameOptions' }
  | { kind: 'reminderTooLate' }
  | { kind: 'previewForBeta' };

export const isPollRefusal = (spec: PollSpec | PollSpecRefusal): spec is PollSpecRefusal => 'kind' in spec;

export const MAX_QUESTION_LENGTH = 300;
export const MAX_OPTION_LENGTH = 200;

// The options a poll takes, in English and in French: a moderator types those of the help they read.
const REMIND = /^(?:remind|rappel)\s+(.+)$/i;
const DURATION = /^(?:for|pour)\s+(.+)$/i;
const MULTIPLE = /^(?:multi(?:ple)?|plusieurs)$/i;
const ANONYMOUS = /^(?:anon(?:ymous)?|anonyme)$/i;
const BETA = /^(?:beta|bêta)$/i;
const PREVIEW = /^(?:preview|aperçu|apercu)\s+(.+)$/i;

/** A duration as typed, French days (`2j`) included. */
const typedDuration = (typed: string): number | undefined => parseDuration(typed.replace(/(\d+)\s*j\b/gi, '$1d'));

/**
 * Reads `Question? | option | option … [| for 2d] [| multiple] [| anonymous] [| remind 1h]
 * [| beta] [| preview 1d]` (or the French `pour`, `plusieurs`, `anonyme`, `rappel`, `bêta`, `aperçu`). Returns the poll, or why it
 * is refused (nothing is created then).
 */
export function parsePollSpec(spec: string): PollSpec | PollSpecRefusal {
  const parts = spec
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const [question, ...rest] = spec.trim().startsWith('|') ? ['', ...parts] : parts;
  if (!question) return { kind: 'noQuestion' };
  if (question.length > MAX_QUESTION_LENGTH) return { kind: 'questionTooLong', max: MAX_QUESTION_LENGTH };
  const options: string[] = [];
  let durationMs = DEFAULT_DURATION;
  let multiple = false;
  let anonymous = false;
  let remindBeforeMs: number | undefined;
  let beta = false;
  let previewMs: number | undefined;
  for (const part of rest) {
    const remind = REMIND.exec(part);
    const preview = PREVIEW.exec(part);
    const duration = DURATION.exec(part);
    if (remind) {
      const ms = typedDuration(remind[1]!);
      if (ms === undefined || ms <= 0) return { kind: 'notDuration', typed: remind[1]! };
      remindBeforeMs = ms;
    } else if (preview) {
      const ms = typedDuration(preview[1]!);
      if (ms === undefined || ms <= 0) return { kind: 'notDuration', typed: preview[1]! };
      if (ms > MAX_DURATION) return { kind: 'durationRange' };
      previewMs = ms;
    } else if (BETA.test(part)) beta = true;
    else if (duration) {
      const ms = typedDuration(duration[1]!);
      if (ms === undefined) return { kind: 'notDuration', typed: duration[1]! };
      if (ms < MIN_DURATION || ms > MAX_DURATION) return { kind: 'durationRange' };
      durationMs = ms;
    } else if (MULTIPLE.test(part)) multiple = true;
    else if (ANONYMOUS.test(part)) anonymous = true;
    else if (part.length > MAX_OPTION_LENGTH) return { kind: 'optionTooLong', max: MAX_OPTION_LENGTH };
    else options.push(part);
  }
  if (options.length < 2 || options.length > 10) return { kind: 'optionCount', count: options.length };
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) return { kind: 'sameOptions' };
  if (remindBeforeMs !== undefined && remindBeforeMs >= durationMs) return { kind: 'reminderTooLate' };
  // A beta poll is already a preview for a few; the circle's preview is of polls for everyone.
  if (beta && previewMs !== undefined) return { kind: 'previewForBeta' };
  return {
    question,
    options,
    durationMs,
    multiple,
    anonymous,
    ...(remindBeforeMs !== undefined ? { remindBeforeMs } : {}),
    ...(beta ? { audience: 'beta' as const } : {}),
    ...(previewMs !== undefined ? { previewMs } : {}),
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
