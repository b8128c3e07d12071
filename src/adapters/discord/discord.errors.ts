import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { Failure } from '../../core/result.ts';

/** Discord's JSON error codes that are expected outcomes, not bugs (Discord API docs, Opcodes and Status Codes). */
const FAILURE_BY_CODE: ReadonlyMap<number, Failure['kind']> = new Map([
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'dm-closed'],
  [RESTJSONErrorCodes.MissingAccess, 'missing-permission'],
  [RESTJSONErrorCodes.MissingPermissions, 'missing-permission'],
  [RESTJSONErrorCodes.UnknownMember, 'member-gone'],
  [RESTJSONErrorCodes.UnknownUser, 'member-gone'],
  [RESTJSONErrorCodes.UnknownChannel, 'not-found'],
]);

const TOO_MANY_REQUESTS = 429;

/** Which of Foyer's failure kinds an error from discord.js is: the `classify` of `attempt` for Discord. */
export function classifyDiscordError(error: unknown): Failure {
  if (!(error instanceof DiscordAPIError))
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  const known = FAILURE_BY_CODE.get(Number(error.code));
  if (known) return { kind: known, reason: error.message };
  if (error.status === TOO_MANY_REQUESTS) return { kind: 'rate-limited', reason: error.message };
  return { kind: 'invalid', reason: `${error.status} ${error.message}` };
}
