import { describe, expect, it } from 'vitest';
import {
  checklist,
  completionKey,
  isComplete,
  matchInterests,
  shareOf,
  stepsDoneSummary,
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

  it('shares of newcomers are rounded percentages, and a dash when nobody joined', () => {
    expect(shareOf(1, 3)).toBe('33%');
    expect(shareOf(2, 3)).toBe('67%');
    expect(shareOf(0, 4)).toBe('0%');
    expect(shareOf(0, 0)).toBe('–');
  });

  it('the steps a member did read with their choice where a step carries one, or none', () => {
    const doneAt = new Date(0);
    const steps = [
      { step: 'code-of-conduct', doneAt, detail: null },
      { step: 'interests', doneAt, detail: 'design, events' },
    ];
    expect(stepsDoneSummary(steps)).toBe('code-of-conduct, interests (design, events)');
    expect(stepsDoneSummary([])).toBe('none');
  });
});
