import { describe, expect, it } from 'vitest';
import {
  checklist,
  completionKey,
  isComplete,
  matchInterests,
  shareOf,
} from '../../src/features/onboarding/onboarding.logic.ts';

const INTERESTS = ['design', 'development', 'events', 'écriture'];

describe('onboarding rules', () => {
  it('the checklist follows the configured steps and their order, whatever else is done', () => {
    expect(checklist(['photo', 'code-of-conduct'], new Set(['code-of-conduct', 'interests']))).toEqual([
      { step: 'photo', done: false },
      { step: 'code-of-conduct', done: true },
    ]);
  });

  it('onboarding is complete when every configured step is done, steps not configured aside', () => {
    expect(isComplete(['code-of-conduct', 'photo'], new Set(['code-of-conduct', 'photo']))).toBe(true);
    expect(isComplete(['code-of-conduct', 'photo'], new Set(['code-of-conduct', 'interests']))).toBe(false);
  });

  it('interests match forgiving case, accents and spaces, and come back with their configured names once', () => {
    const matched = matchInterests([' Design ', 'ECRITURE', 'design'], INTERESTS);
    expect(matched).toEqual({ picked: ['design', 'écriture'], unknown: [] });
  });

  it('what matches nothing is reported as typed (trimmed), and blank words are ignored', () => {
    const matched = matchInterests(['knitting ', ' ', 'events'], INTERESTS);
    expect(matched).toEqual({ picked: ['events'], unknown: ['knitting'] });
  });

  it('completion is keyed per community and member, so it is congratulated once', () => {
    expect(completionKey('garden', 'console:ana')).toBe('onboarding-complete:garden:console:ana');
  });

  it('a share of newcomers is the part of those who joined, and none when nobody joined', () => {
    expect(shareOf(1, 4)).toBe(0.25);
    expect(shareOf(0, 4)).toBe(0);
    expect(shareOf(0, 0)).toBeUndefined();
  });
});
