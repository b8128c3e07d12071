import { describe, expect, it } from 'vitest';
import { pollMode, tally, type PollSpec } from '../../src/features/polls/polls.logic.ts';

const LIMITS = { maxAnswers: 10, maxAnswerLength: 55, maxQuestionLength: 300, minHours: 1, maxHours: 768 };
const poll: PollSpec = {
  question: 'Which day?',
  options: ['Monday', 'Friday'],
  durationMs: 86_400_000,
  multiple: false,
  anonymous: false,
};

describe('counting ballots', () => {
  it('counts each choice for its option and each ballot as one voter', () => {
    expect(tally(3, [[1], [1, 3], [3]])).toEqual({ counts: [2, 0, 2], voters: 3 });
  });

  it('ignores a choice that names no option, but still counts its voter', () => {
    expect(tally(2, [[0], [3], [2]])).toEqual({ counts: [0, 1], voters: 3 });
  });

  it('has a zero for every option when nobody voted', () => {
    expect(tally(4, [])).toEqual({ counts: [0, 0, 0, 0], voters: 0 });
  });
});

describe('how a poll is run', () => {
  it('natively when the platform has polls that can carry it', () => {
    expect(pollMode(LIMITS, true, poll)).toBe('native');
  });

  it('with buttons when native polls cannot carry it (anonymous, too many options) or do not exist', () => {
    expect(pollMode(LIMITS, true, { ...poll, anonymous: true })).toBe('buttons');
    expect(pollMode({ ...LIMITS, maxAnswers: 1 }, true, poll)).toBe('buttons');
    expect(pollMode(undefined, true, poll)).toBe('buttons');
  });

  it('with typed votes when there is neither', () => {
    expect(pollMode(undefined, false, poll)).toBe('text');
    expect(pollMode(LIMITS, false, { ...poll, anonymous: true })).toBe('text');
  });
});
