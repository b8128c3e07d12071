import { describe, expect, it } from 'vitest';
import { checkErasureCode, erasedCount, erasureCode } from '../../../src/features/privacy/privacy.logic.ts';

describe('erasure confirmation codes', () => {
  it('are six characters that cannot be misread (no 0/O, 1/I/L), whatever the random source gives', () => {
    const lowest = erasureCode(() => 0);
    const highest = erasureCode((n) => n - 1);
    expect(lowest).toBe('AAAAAA');
    expect(highest).toBe('999999');
    let i = 0;
    const all = erasureCode((n) => i++ % n) + erasureCode((n) => (i++ * 7) % n);
    expect(all).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
  });

  it('confirm until the end of their validity, then count as none; case and spaces do not matter', () => {
    const pending = { code: 'K7QW2M', expiresAt: new Date('2026-03-02T10:10:00Z') };
    expect(checkErasureCode(pending, ' k7qw2m ', new Date('2026-03-02T10:10:00Z'))).toBe('confirmed');
    expect(checkErasureCode(pending, 'K7QW2M', new Date('2026-03-02T10:10:00.001Z'))).toBe('none');
    expect(checkErasureCode(pending, 'K7QW2N', new Date('2026-03-02T10:00:00Z'))).toBe('wrong');
    expect(checkErasureCode(undefined, 'K7QW2M', new Date('2026-03-02T10:00:00Z'))).toBe('none');
  });

  it('count what was removed and what was made anonymous together', () => {
    expect(erasedCount({ removed: { members: 1, ballots: 2 }, anonymised: { reports: 3 } })).toBe(6);
    expect(erasedCount({ removed: {}, anonymised: {} })).toBe(0);
  });
});
