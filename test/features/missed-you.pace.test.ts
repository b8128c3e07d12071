import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/features/missed-you/missed-you.pace.ts';

/** A hand-driven clock and event loop: `turn()` runs what was handed to the next turn, in order. */
function fakeLoop() {
  let ms = 0;
  let queued: (() => void)[] = [];
  return {
    now: () => ms,
    spend: (d: number) => void (ms += d),
    later: (resume: () => void) => void queued.push(resume),
    get queued() {
      return queued.length;
    },
    async turn() {
      const run = queued;
      queued = [];
      for (const f of run) f();
      await Promise.resolve();
    },
  };
}

describe('the pacer of the daily look', () => {
  it('lets work run on while the turn is within budget, then hands the loop back once it is spent', async () => {
    const loop = fakeLoop();
    const pace = createPacer({ budgetMs: 4, now: loop.now, later: loop.later });
    expect(pace()).toBeUndefined(); // the turn begins
    loop.spend(3);
    expect(pace()).toBeUndefined();
    loop.spend(1);
    const handedBack = pace();
    expect(handedBack).toBeInstanceOf(Promise);
    let resumed = false;
    void handedBack!.then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);
    await loop.turn();
    expect(resumed).toBe(true);
    // A fresh turn: a fresh budget.
    expect(pace()).toBeUndefined();
    loop.spend(3);
    expect(pace()).toBeUndefined();
  });

  it('starts a fresh budget when the loop turned meanwhile for another reason (real I/O awaited)', async () => {
    const loop = fakeLoop();
    const pace = createPacer({ budgetMs: 4, now: loop.now, later: loop.later });
    pace();
    loop.spend(2);
    await loop.turn(); // the work awaited a network reply: other events ran
    loop.spend(3);
    expect(pace()).toBeUndefined();
    loop.spend(4);
    expect(pace()).toBeInstanceOf(Promise);
  });
});
