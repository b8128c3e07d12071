import { MatrixError } from './matrix.sdk.ts';
import { attempt, type Failure, type Result } from '../../core/result.ts';

/** Matrix errcodes that are expected outcomes, not bugs (Matrix client-server API, "Standard error response"). */
const FAILURE_BY_ERRCODE: ReadonlyMap<string, Failure['kind']> = new Map([
  ['M_LIMIT_EXCEEDED', 'rate-limited'],
  ['M_FORBIDDEN', 'missing-permission'],
  ['M_NOT_FOUND', 'not-found'],
  ['M_UNKNOWN_TOKEN', 'not-found'],
]);

/** For a refusal without an errcode (a proxy in front of the homeserver, say), the HTTP status is all there is. */
const FAILURE_BY_STATUS: ReadonlyMap<number, Failure['kind']> = new Map([
  [429, 'rate-limited'],
  [404, 'not-found'],
]);

function classifyRefusal(error: MatrixError): Failure {
  const known = error.errcode
    ? FAILURE_BY_ERRCODE.get(error.errcode)
    : error.httpStatus === undefined
      ? undefined
      : FAILURE_BY_STATUS.get(error.httpStatus);
  if (known) return { kind: known, reason: error.message };
  return { kind: 'invalid', reason: `${error.errcode ?? error.httpStatus}: ${error.message}` };
}

/**
 * Which of Foyer's failure kinds an error from matrix-js-sdk is: the `classify` of `attempt` for Matrix. Anything the
 * homeserver did not answer (a ConnectionError, a gateway's HTTPError) means the server is out of reach.
 */
export function classifyMatrixError(error: unknown): Failure {
  if (error instanceof MatrixError) return classifyRefusal(error);
  return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
}

/** Runs matrix-js-sdk calls, returning the homeserver's expected refusals as a failed Result. */
export const withMatrix = <T>(work: () => Promise<Result<T>>): Promise<Result<T>> => attempt(work, classifyMatrixError);
