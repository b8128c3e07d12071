import { describe, expect, it } from 'vitest';
import { DAY, FakeClock, HOUR, MINUTE, parseDuration, systemClock } from '../../src/core/clock.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 15 * MINUTE],
    ['2h', 2 * HOUR],
    ['1d', DAY],
    ['1d12h', DAY + 12 * HOUR],
    ['1w', 7 * DAY],
    ['1h 30m', HOUR + 30 * MINUTE],
    [' 2H ', 2 * HOUR],
  ])('reads %j as %i milliseconds', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', '   ', 'ten', '5', '-1h', '1y', 'h', '1.5h', '2h-', 'm15'])('refuses %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('FakeClock', () => {
  it('starts at the given time, from a Date or from milliseconds', () => {
    expect(new FakeClock(new Date('2026-03-01T10:00:00Z')).now().toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(new FakeClock(1_000).now().getTime()).toBe(1_000);
  });

  it('only moves when set, and moves forward to the given time', () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
    expect(clock.now().getTime()).toBe(clock.now().getTime());
    clock.set(new Date('2026-03-01T11:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-03-01T11:00:00.000Z');
  });

  it('accepts being set to the time it already shows', () => {
    const clock = new FakeClock(5_000);
    clock.set(new Date(5_000));
    expect(clock.now().getTime()).toBe(5_000);
  });

  it('refuses to go backwards and keeps its time', () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
    expect(() => clock.set(new Date('2026-03-01T09:59:59Z'))).toThrow(/backwards/);
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('hands out copies, so changing a returned Date does not move the clock', () => {
    const clock = new FakeClock(1_000);
    clock.now().setTime(999_999);
    expect(clock.now().getTime()).toBe(1_000);
  });
});

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
