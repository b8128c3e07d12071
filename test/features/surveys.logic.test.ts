import { describe, expect, it } from 'vitest';
import { parseSample, scoreOf, shuffled } from '../../src/features/surveys/surveys.logic.ts';

describe('survey rules', () => {
  it('reads a sample as a number of members or a share of the eligible, rounded up', () => {
    expect(parseSample('20', 300)).toBe(20);
    expect(parseSample('20%', 31)).toBe(7);
    expect(parseSample('0.1', 31)).toBe(4);
    expect(parseSample('100%', 9)).toBe(9);
    for (const bad of ['0', '0%', '150%', 'lots', '-3', '']) expect(parseSample(bad, 10)).toBeUndefined();
  });

  it('scores satisfaction as the mean and recommendation as % promoters minus % detractors', () => {
    expect(scoreOf('satisfaction', [5, 4, 4, 3, 5])).toMatchObject({
      answers: 5,
      mean: 4.2,
      distribution: [0, 0, 1, 2, 2],
    });
    const nps = scoreOf('recommendation', [10, 9, 8, 6, 3, 10]);
    expect(nps).toMatchObject({ nps: 17, promoters: 3, passives: 1, detractors: 2 });
    expect(nps.distribution).toHaveLength(11);
    expect(scoreOf('recommendation', [0, 0, 7])).toMatchObject({ nps: -67 });
  });

  it('shuffles into every order: each member is first about as often as any other', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 6_000; i++) {
      const first = shuffled(['a', 'b', 'c'])[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const name of ['a', 'b', 'c']) {
      expect(firsts.get(name)).toBeGreaterThan(1_700);
      expect(firsts.get(name)).toBeLessThan(2_300);
    }
    expect(shuffled(['a', 'b', 'c']).sort()).toEqual(['a', 'b', 'c']);
  });
});
