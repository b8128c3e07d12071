import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/core/recent-ids.ts';

describe('RecentIds', () => {
  it('remembers at least the last `capacity` ids, whatever came before', () => {
    const recent = new RecentIds(100);
    for (let i = 0; i < 1_050; i++) recent.add(`m${i}`);
    for (let i = 1_050 - 100; i < 1_050; i++) expect(recent.has(`m${i}`)).toBe(true);
  });

  it('forgets ids more than twice `capacity` old, so it stays bounded', () => {
    const recent = new RecentIds(100);
    for (let i = 0; i < 1_000; i++) recent.add(`m${i}`);
    expect(recent.has('m0')).toBe(false);
    expect(recent.has('m899')).toBe(false);
    expect(recent.has('m900')).toBe(true);
  });

  it('does not know an id it was never given', () => {
    const recent = new RecentIds(10);
    recent.add('a');
    expect(recent.has('a')).toBe(true);
    expect(recent.has('b')).toBe(false);
  });
});
