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

/**
 * Runs SDK work whose expected failures arrive as exceptions, and returns them as a
 * failed Result instead: `classify` says which of Foyer's failure kinds the SDK's error
 * is (each adapter has its own, e.g. Discord's JSON error codes). Errors `classify`
 * itself throws still propagate: they are bugs.
 */
export async function attempt<T, E = Failure>(
  work: () => Result<T, E> | Promise<Result<T, E>>,
  classify: (error: unknown) => E,
): Promise<Result<T, E>> {
  try {
    return await work();
  } catch (error) {
    return { ok: false, error: classify(error) };
  }
}
