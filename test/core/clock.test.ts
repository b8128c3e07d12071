import { describe, expect, it } from 'vitest';
import {
  DAY,
  FakeClock,
  HOUR,
  MINUTE,
  parseDuration,
  parseLocalDateTime,
  parseTimeOfDay,
  systemClock,
  zonedTimeToUtc,
} from '../../src/core/clock.ts';

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

describe('parseDuration bounds', () => {
  it('reads zero as zero, so the config can say where zero makes no sense', () => {
    expect(parseDuration('0m')).toBe(0);
  });

  it.each(['99999999999999999999d', `${'9'.repeat(400)}s`, '1000w'])(
    'refuses %j, which no date can be that far from now',
    (input) => {
      expect(parseDuration(input)).toBeUndefined();
    },
  );
});

describe('parseLocalDateTime', () => {
  it('reads a real local date and time, leap days included', () => {
    expect(parseLocalDateTime('2028-02-29T23:59')).toEqual({
      ok: true,
      value: { year: 2028, month: 2, day: 29, hour: 23, minute: 59 },
    });
    expect(parseLocalDateTime('2030-01-01 00:00')).toEqual({
      ok: true,
      value: { year: 2030, month: 1, day: 1, hour: 0, minute: 0 },
    });
  });

  it.each([
    ['2030-02-30T10:00', { kind: 'day', year: 2030, month: 2, day: 30, days: 28 }],
    ['2030-04-31T10:00', { kind: 'day', year: 2030, month: 4, day: 31, days: 30 }],
    ['2030-01-00T10:00', { kind: 'day', year: 2030, month: 1, day: 0, days: 31 }],
    ['2030-13-45T99:99', { kind: 'month', month: 13 }],
    ['2030-01-01T25:00', { kind: 'hour', hour: 25 }],
    ['2030-01-01T24:00', { kind: 'hour', hour: 24 }],
    ['2030-01-01T10:61', { kind: 'minute', minute: 61 }],
    ['tomorrow', { kind: 'format' }],
    ['2030-1-1T10:00', { kind: 'format' }],
  ])('refuses %j and says why', (input, problem) => {
    expect(parseLocalDateTime(input)).toEqual({ ok: false, problem });
  });
});

describe('parseTimeOfDay', () => {
  it('reads a time of day from 00:00 to 23:59', () => {
    expect(parseTimeOfDay('00:00')).toEqual({ ok: true, value: { hour: 0, minute: 0 } });
    expect(parseTimeOfDay('23:59')).toEqual({ ok: true, value: { hour: 23, minute: 59 } });
  });

  it.each([
    ['25:00', { kind: 'hour', hour: 25 }],
    ['24:00', { kind: 'hour', hour: 24 }],
    ['10:61', { kind: 'minute', minute: 61 }],
    ['9am', { kind: 'format' }],
    ['9:00', { kind: 'format' }],
  ])('refuses %j and says why', (input, problem) => {
    expect(parseTimeOfDay(input)).toEqual({ ok: false, problem });
  });
});

describe('zonedTimeToUtc', () => {
  it('converts a local time in a timezone to its instant', () => {
    expect(zonedTimeToUtc('2026-03-02T10:00', 'Europe/Paris')?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it.each(['2030-02-30T10:00', '2030-13-45T99:99', '2030-01-01T25:00', '2030-01-01T10:61'])(
    'has no instant for the impossible %j (it never rolls over)',
    (input) => {
      expect(zonedTimeToUtc(input, 'UTC')).toBeUndefined();
    },
  );
});
