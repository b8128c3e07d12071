/**
 * Expected outcomes (member left, DMs closed, missing permission, rate limited) are
 * values, so callers must look at them; bugs throw and are caught per handler.
 */
export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

/** The expected failures a port may report. `reason` is for logs, never for members. */
export interface Failure {
  kind:
    | 'dm-closed'
    | 'member-gone'
    | 'missing-permission'
    | 'rate-limited'
    | 'not-found'
    | 'unsupported'
    | 'invalid'
    | 'unavailable';
  reason: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (kind: Failure['kind'], reason: string): Result<never, Failure> => ({
  ok: false,
  error: { kind, reason },
});
