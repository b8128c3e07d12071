import { describe, expect, it } from 'vitest';
import { attempt, fail, ok, type Failure } from '../../src/core/result.ts';

class SdkError extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`sdk error ${code}`);
    this.code = code;
  }
}

const classify = (error: unknown): Failure =>
  error instanceof SdkError && error.code === 403
    ? { kind: 'missing-permission', reason: error.message }
    : { kind: 'unavailable', reason: String(error) };

describe('attempt: SDK exceptions as Results', () => {
  it('passes the work’s own Result through, success or expected failure', async () => {
    expect(await attempt(async () => ok(42), classify)).toEqual({ ok: true, value: 42 });
    expect(await attempt(async () => fail('not-found', 'no such channel'), classify)).toEqual({
      ok: false,
      error: { kind: 'not-found', reason: 'no such channel' },
    });
  });

  it('turns what the work throws, synchronously or not, into the failure kind classify gives', async () => {
    expect(await attempt(async () => Promise.reject(new SdkError(403)), classify)).toEqual({
      ok: false,
      error: { kind: 'missing-permission', reason: 'sdk error 403' },
    });
    expect(
      await attempt(() => {
        throw new Error('disk full');
      }, classify),
    ).toEqual({ ok: false, error: { kind: 'unavailable', reason: 'Error: disk full' } });
  });

  it('lets a bug in classify itself propagate', async () => {
    const broken = (): Failure => {
      throw new TypeError('classify is broken');
    };
    await expect(attempt(async () => Promise.reject(new SdkError(500)), broken)).rejects.toThrow('classify is broken');
  });
});
