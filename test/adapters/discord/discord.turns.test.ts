// Events that discord.js emits in one turn of the event loop (a burst of joins read at
// once) are handed to Foyer for at most a budget of time per turn, in order, so
// interactions and replies get the event loop in between; a lone event goes at once.
import { describe, expect, it } from 'vitest';
import { eventsInTurns } from '../../../src/adapters/discord/discord.turns.ts';

/** Lets one turn of the event loop go by (the check phase runs the immediates queued before it). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Each event costs `costMs` on a clock the test controls, so budgets are exact. */
function setup(costMs: number, budgetMs = 8) {
  let clock = 0;
  const handled: string[] = [];
  const failed: string[] = [];
  const deliver = eventsInTurns(
    (e: string) => {
      clock += costMs;
      if (e.startsWith('bad')) throw new Error('boom');
      handled.push(e);
    },
    { onError: (error, e) => failed.push(`${e}: ${(error as Error).message}`), budgetMs, now: () => clock },
  );
  return { deliver, handled, failed, pass: (ms: number) => (clock += ms) };
}

describe('events in turns of the event loop', () => {
  it('hands a lone event over at once, and the next lone one in a later turn too', async () => {
    const { deliver, handled } = setup(20);
    deliver('join');
    expect(handled).toEqual(['join']);
    await nextTurn();
    deliver('message');
    expect(handled).toEqual(['join', 'message']);
  });

  it('hands a bunch over within the budget per turn, in order, leaving the turns free in between', async () => {
    const { deliver, handled } = setup(3);
    for (const e of ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'command']) deliver(e);
    // 3 ms each, 8 ms a turn: three fit (0, 3, 6 ms began within the budget).
    expect(handled).toEqual(['j1', 'j2', 'j3']);
    await nextTurn();
    expect(handled).toEqual(['j1', 'j2', 'j3', 'j4', 'j5', 'j6']);
    await nextTurn();
    expect(handled).toEqual(['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'command']);
  });

  it('counts only the handing over against the budget, not the time discord.js takes between events', async () => {
    const { deliver, handled, pass } = setup(1);
    for (const e of ['m1', 'm2', 'm3', 'm4']) {
      pass(5); // discord.js reads and parses the next packet of the bunch
      deliver(e);
    }
    // 24 ms of the turn went by, 4 ms of them handing over: none had to wait for a later turn.
    expect(handled).toEqual(['m1', 'm2', 'm3', 'm4']);
    await nextTurn();
    expect(handled).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('an event arriving while a backlog drains waits behind it, even with budget left', async () => {
    const { deliver, handled, pass } = setup(10);
    deliver('a');
    deliver('b');
    expect(handled).toEqual(['a']);
    pass(-10); // as if 'a' had been quick: the budget is not what holds 'c' back, the order is
    deliver('c');
    expect(handled).toEqual(['a']);
    await nextTurn();
    await nextTurn();
    expect(handled).toEqual(['a', 'b', 'c']);
  });

  it('an event whose hand-over throws is reported and does not stall the ones behind it', async () => {
    const { deliver, handled, failed } = setup(10);
    deliver('bad 1');
    deliver('bad 2');
    deliver('good');
    await nextTurn();
    await nextTurn();
    expect(handled).toEqual(['good']);
    expect(failed).toEqual(['bad 1: boom', 'bad 2: boom']);
  });
});
