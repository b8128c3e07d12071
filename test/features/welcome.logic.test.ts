import { describe, expect, it } from 'vitest';
import {
  isBurst,
  joinStillStands,
  nextWelcomeSlot,
  welcomeBackDue,
  welcomeKey,
} from '../../src/features/welcome/welcome.logic.ts';

const at = (iso: string) => new Date(iso);

describe('welcome rules', () => {
  it('a burst is more joins in the window than the threshold, not as many', () => {
    expect(isBurst(5, 5)).toBe(false);
    expect(isBurst(6, 5)).toBe(true);
  });

  it('the next welcome message may go at once, unless the last went out less than the pace ago', () => {
    const t = Date.parse('2026-03-02T09:00:00Z');
    expect(nextWelcomeSlot(undefined, t, 5_000)).toBe(t);
    expect(nextWelcomeSlot(t - 5_000, t, 5_000)).toBe(t);
    expect(nextWelcomeSlot(t - 4_999, t, 5_000)).toBe(t + 1);
    expect(nextWelcomeSlot(t, t, 5_000)).toBe(t + 5_000);
  });

  it('a welcome back is due when none was sent, or the last is at least a period old', () => {
    const now = at('2026-03-10T12:00:00Z');
    const week = 7 * 86_400_000;
    expect(welcomeBackDue(undefined, now, week)).toBe(true);
    expect(welcomeBackDue(at('2026-03-03T12:00:00Z'), now, week)).toBe(true);
    expect(welcomeBackDue(at('2026-03-03T12:00:01Z'), now, week)).toBe(false);
  });

  it('a welcome is keyed by community, member and join time, so a redelivered join has the same key', () => {
    const joined = at('2026-03-02T09:00:00Z');
    const key = (when: Date) => welcomeKey('garden', 'console:ana', when);
    expect(key(joined)).toBe(`welcome:garden:console:ana:${joined.getTime()}`);
    expect(key(new Date(joined.getTime()))).toBe(key(joined));
    expect(key(new Date(joined.getTime() + 1))).not.toBe(key(joined));
  });

  describe('whether a queued join still stands when the grouped welcome goes out', () => {
    const joined = at('2026-03-02T09:00:00Z');
    it('stands while the member is still there from that join', () => {
      expect(joinStillStands(joined, { joinedAt: joined, leftAt: null })).toBe(true);
      expect(joinStillStands(joined, undefined)).toBe(true);
    });
    it('falls when the member left since, even at the same instant', () => {
      expect(joinStillStands(joined, { joinedAt: joined, leftAt: at('2026-03-02T09:00:30Z') })).toBe(false);
      expect(joinStillStands(joined, { joinedAt: joined, leftAt: joined })).toBe(false);
    });
    it('stands when the only leave is from before this join', () => {
      expect(joinStillStands(joined, { joinedAt: joined, leftAt: at('2026-03-01T09:00:00Z') })).toBe(true);
    });
    it('falls when the member joined again later: that join has its own welcome', () => {
      expect(joinStillStands(joined, { joinedAt: at('2026-03-02T09:01:00Z'), leftAt: null })).toBe(false);
    });
  });
});
