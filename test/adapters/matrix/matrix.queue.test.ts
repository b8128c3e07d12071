import { describe, expect, it } from 'vitest';
import { createSendQueue, rateLimitWait } from '../../../src/adapters/matrix/matrix.queue.ts';

/** Waits the test releases by hand: nothing sleeps. */
function manualWaits() {
  const pending: { ms: number; release: () => void }[] = [];
  return {
    pending,
    wait: (ms: number) => new Promise<void>((release) => pending.push({ ms, release })),
    releaseNext() {
      const next = pending.shift();
      if (!next) throw new Error('no wait pending');
      next.release();
    },
  };
}

const rateLimited = (ms: number) =>
  Object.assign(new Error('limited'), { errcode: 'M_LIMIT_EXCEEDED', httpStatus: 429, data: { retry_after_ms: ms } });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Matrix send queue', () => {
  it('an answer queued while a welcome waits out a rate limit is sent before that welcome', async () => {
    const waits = manualWaits();
    const queue = createSendQueue({ wait: waits.wait });
    const calls: string[] = [];
    let limitedOnce = false;
    const request = (name: string) => async () => {
      calls.push(name);
      if (name === 'welcome 1' && !limitedOnce) {
        limitedOnce = true;
        throw rateLimited(4_000);
      }
      return name;
    };
    const welcome1 = queue.run('broadcast', request('welcome 1'));
    const welcome2 = queue.run('broadcast', request('welcome 2'));
    await flush();
    expect(waits.pending.map((w) => w.ms)).toEqual([4_000]);
    const answer = queue.run('answer', request('answer'));
    waits.releaseNext();
    expect(await Promise.all([welcome1, welcome2, answer])).toEqual(['welcome 1', 'welcome 2', 'answer']);
    expect(calls).toEqual(['welcome 1', 'answer', 'welcome 1', 'welcome 2']);
  });

  it('answers go first, and each lane keeps its order', async () => {
    const queue = createSendQueue({ wait: () => Promise.resolve() });
    const calls: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run('broadcast', () =>
      new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => calls.push('b0')),
    );
    const rest = [
      queue.run('broadcast', async () => calls.push('b1')),
      queue.run('answer', async () => calls.push('a1')),
      queue.run('broadcast', async () => calls.push('b2')),
      queue.run('answer', async () => calls.push('a2')),
    ];
    expect(queue.waiting).toEqual({ answer: 2, broadcast: 2 });
    releaseFirst();
    await Promise.all([first, ...rest]);
    expect(calls).toEqual(['b0', 'a1', 'a2', 'b1', 'b2']);
    expect(queue.waiting).toEqual({ answer: 0, broadcast: 0 });
  });

  it('with answersFirst off, answers wait in the same first-in, first-out lane (the SDK scheduler’s order)', async () => {
    const queue = createSendQueue({ wait: () => Promise.resolve(), answersFirst: false });
    const calls: string[] = [];
    await Promise.all([
      queue.run('broadcast', async () => calls.push('b1')),
      queue.run('answer', async () => calls.push('a1')),
      queue.run('broadcast', async () => calls.push('b2')),
    ]);
    expect(calls).toEqual(['b1', 'a1', 'b2']);
  });

  it('a wait longer than a request may hold the queue for sends it back to its caller, and the others go on', async () => {
    const waits = manualWaits();
    const queue = createSendQueue({ wait: waits.wait });
    const creation = queue.run('answer', () => Promise.reject(rateLimited(50_000)), { longestWaitInQueueMs: 10_000 });
    const message = queue.run('broadcast', async () => 'sent');
    await expect(creation).rejects.toMatchObject({ errcode: 'M_LIMIT_EXCEEDED' });
    expect(await message).toBe('sent');
    expect(waits.pending).toHaveLength(0);
  });

  it('a send rate-limited many times in a row is still sent (the SDK gave up after five attempts, 429s included)', async () => {
    const waits: number[] = [];
    const queue = createSendQueue({ wait: async (ms) => void waits.push(ms) });
    let attempts = 0;
    const sent = await queue.run('broadcast', async () => {
      if (++attempts <= 8) throw rateLimited(5_000);
      return 'a grouped welcome for ten newcomers';
    });
    expect(sent).toBe('a grouped welcome for ten newcomers');
    expect(attempts).toBe(9);
    expect(waits).toEqual(Array(8).fill(5_000));
  });

  it('a refusal (4xx) is not retried; a network failure is, five attempts in all', async () => {
    const waits: number[] = [];
    const queue = createSendQueue({ wait: async (ms) => void waits.push(ms) });
    let refusals = 0;
    const forbidden = Object.assign(new Error('forbidden'), { errcode: 'M_FORBIDDEN', httpStatus: 403 });
    await expect(queue.run('answer', async () => (refusals++, Promise.reject(forbidden)))).rejects.toBe(forbidden);
    expect(refusals).toBe(1);
    let attempts = 0;
    const down = Object.assign(new Error('down'), { name: 'ConnectionError' });
    await expect(queue.run('broadcast', async () => (attempts++, Promise.reject(down)))).rejects.toBe(down);
    expect(attempts).toBe(5);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('reads the wait the server asks for, within bounds', () => {
    expect(rateLimitWait(rateLimited(2_500))).toBe(2_500);
    expect(rateLimitWait(rateLimited(10_000_000))).toBe(60_000);
    expect(rateLimitWait({ errcode: 'M_LIMIT_EXCEEDED' })).toBe(1_000);
    expect(rateLimitWait({ errcode: 'M_FORBIDDEN', httpStatus: 403 })).toBeUndefined();
  });
});
