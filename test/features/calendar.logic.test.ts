import { describe, expect, it } from 'vitest';
import { isRefusal, nextSlot, parseWhen, slotsWithin } from '../../src/features/calendar/calendar.logic.ts';

// Monday 2 March 2026, 09:00 UTC (10:00 in Paris).
const NOW = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;

describe('the next publication slot', () => {
  const once = { at: new Date('2026-03-03T09:00:00Z'), cron: null, timezone: 'Europe/Paris' };

  it('of a one-off entry is its time, strictly after the moment asked about', () => {
    expect(nextSlot(once, NOW)).toEqual(once.at);
    expect(nextSlot(once, once.at)).toBeUndefined();
  });

  it('of a recurring entry is its next cron time, in the entry’s timezone', () => {
    const weekly = { at: null, cron: '0 9 * * 1', timezone: 'Europe/Paris' };
    expect(nextSlot(weekly, NOW)).toEqual(new Date('2026-03-09T08:00:00Z'));
    expect(nextSlot({ ...weekly, timezone: 'UTC' }, new Date('2026-03-02T08:00:00Z'))).toEqual(NOW);
  });

  it('does not exist for an entry with neither a time nor a schedule', () => {
    expect(nextSlot({ at: null, cron: null, timezone: 'UTC' }, NOW)).toBeUndefined();
  });
});

describe('the slots in a period', () => {
  it('lists every slot of every entry up to the end, soonest first', () => {
    const daily = { name: 'daily', at: null, cron: '0 8 * * *', timezone: 'UTC' };
    const once = { name: 'once', at: new Date('2026-03-03T08:30:00Z'), cron: null, timezone: 'UTC' };
    const later = { name: 'later', at: new Date('2026-03-10T08:30:00Z'), cron: null, timezone: 'UTC' };
    const slots = slotsWithin([later, once, daily], NOW, new Date(NOW.getTime() + 2 * DAY));
    expect(slots.map(({ at, e }) => `${at.toISOString()} ${e.name}`)).toEqual([
      '2026-03-03T08:00:00.000Z daily',
      '2026-03-03T08:30:00.000Z once',
      '2026-03-04T08:00:00.000Z daily',
    ]);
  });

  it('includes a slot exactly at the end of the period', () => {
    const end = new Date('2026-03-03T08:00:00Z');
    expect(slotsWithin([{ at: end, cron: null, timezone: 'UTC' }], NOW, end)).toHaveLength(1);
  });
});

describe('reading WHEN', () => {
  it('tells a refusal from a time or a schedule', () => {
    expect(isRefusal(parseWhen('2026-03-05T10:00', 'Europe/Paris', NOW))).toBe(false);
    expect(isRefusal(parseWhen('0 9 * * 1 @UTC', 'Europe/Paris', NOW))).toBe(false);
    expect(isRefusal(parseWhen('2026-03-01T10:00', 'Europe/Paris', NOW))).toBe(true);
    expect(isRefusal(parseWhen('tomorrow', 'Europe/Paris', NOW))).toBe(true);
  });
});
