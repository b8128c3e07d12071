import { describe, expect, it } from 'vitest';
import { quietThreshold, underLimits } from '../../src/features/quiet-questions/quiet-questions.logic.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-04T12:00:00Z');
const askedHoursAgo = (...hours: number[]) => hours.map((h) => ({ postedAt: new Date(NOW.getTime() - h * HOUR) }));

describe('how long a channel must be quiet', () => {
  it('is the configured time after a question that revived the channel, or before any question', () => {
    expect(quietThreshold(4 * HOUR, 2, undefined)).toBe(4 * HOUR);
    expect(quietThreshold(4 * HOUR, 2, { revived: true })).toBe(4 * HOUR);
  });

  it('is longer by the backoff after a question nobody answered, but not while it is still being judged', () => {
    expect(quietThreshold(4 * HOUR, 2.5, { revived: false })).toBe(10 * HOUR);
    expect(quietThreshold(4 * HOUR, 2.5, { revived: null })).toBe(4 * HOUR);
  });
});

describe('daily and weekly limits', () => {
  const limits = { maxPerDay: 1, maxPerWeek: 3 };

  it('allows a question when the last day and the week are under their limits', () => {
    expect(underLimits([], NOW, limits)).toBe(true);
    expect(underLimits(askedHoursAgo(24, 48), NOW, limits)).toBe(true);
  });

  it('refuses one more within 24 hours of the day’s last, and once the week is full', () => {
    expect(underLimits(askedHoursAgo(23), NOW, limits)).toBe(false);
    expect(underLimits(askedHoursAgo(30, 60, 90), NOW, limits)).toBe(false);
  });

  it('never asks when a limit is zero', () => {
    expect(underLimits([], NOW, { maxPerDay: 0, maxPerWeek: 3 })).toBe(false);
    expect(underLimits([], NOW, { maxPerDay: 1, maxPerWeek: 0 })).toBe(false);
  });
});
