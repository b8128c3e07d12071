import { describe, expect, it } from 'vitest';
import { postingRate, postingRatio } from '../../src/features/photo-nudge/photo-nudge.logic.ts';

describe('photo nudge figures', () => {
  it('the posting rate is messages per member, and zero for a group with nobody in it', () => {
    expect(postingRate(9, 4)).toBe(2.25);
    expect(postingRate(0, 0)).toBe(0);
  });

  it('the ratio says how many times as much members with a photo post, to one decimal', () => {
    expect(postingRatio(3, 1.5)).toEqual({ kind: 'times', value: 2 });
    expect(postingRatio(1, 4)).toEqual({ kind: 'times', value: 0.25 });
  });

  it('without posts from members without a photo there is no ratio: nobody posted, or only members with a photo', () => {
    expect(postingRatio(0, 0)).toEqual({ kind: 'nobodyPosted' });
    expect(postingRatio(2, 0)).toEqual({ kind: 'onlyWithPhoto' });
  });
});
