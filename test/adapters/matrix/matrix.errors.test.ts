import { ConnectionError, HTTPError, MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { classifyMatrixError, withMatrix } from '../../../src/adapters/matrix/matrix.errors.ts';
import { ok } from '../../../src/core/result.ts';

const matrixError = (errcode: string | undefined, httpStatus: number, error = 'refused') =>
  new MatrixError(errcode === undefined ? { error } : { errcode, error }, httpStatus);

describe('classifyMatrixError', () => {
  it.each([
    ['M_LIMIT_EXCEEDED', 429, 'rate-limited'],
    ['M_FORBIDDEN', 403, 'missing-permission'],
    ['M_NOT_FOUND', 404, 'not-found'],
    ['M_UNKNOWN_TOKEN', 401, 'not-found'],
  ] as const)('maps the errcode %s to %s', (errcode, status, kind) => {
    expect(classifyMatrixError(matrixError(errcode, status))).toEqual({ kind, reason: expect.any(String) });
  });

  it('falls back on the HTTP status when the server sent no errcode', () => {
    expect(classifyMatrixError(matrixError(undefined, 429)).kind).toBe('rate-limited');
    expect(classifyMatrixError(matrixError(undefined, 404)).kind).toBe('not-found');
  });

  it('calls any other server refusal invalid, naming its errcode for the logs', () => {
    expect(classifyMatrixError(matrixError('M_TOO_LARGE', 413, 'event too large'))).toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('M_TOO_LARGE'),
    });
  });

  it('calls a network failure or a non-Matrix error unavailable', () => {
    expect(classifyMatrixError(new ConnectionError('fetch failed'))).toEqual({
      kind: 'unavailable',
      reason: 'fetch failed',
    });
    expect(classifyMatrixError(new HTTPError('bad gateway', 502)).kind).toBe('unavailable');
    expect(classifyMatrixError('socket hang up')).toEqual({ kind: 'unavailable', reason: 'socket hang up' });
  });
});

describe('withMatrix', () => {
  it('returns the work’s result, or its thrown SDK error as a failed Result', async () => {
    await expect(withMatrix(async () => ok(1))).resolves.toEqual(ok(1));
    await expect(
      withMatrix(async () => {
        throw matrixError('M_FORBIDDEN', 403);
      }),
    ).resolves.toMatchObject({ ok: false, error: { kind: 'missing-permission' } });
  });
});
