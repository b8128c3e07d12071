import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { classifyDiscordError } from '../../../src/adapters/discord/discord.errors.ts';

const apiError = (code: number, status: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', {
    body: undefined,
  });

describe('Discord errors as Foyer failure kinds', () => {
  it('maps Discord’s JSON error codes to the expected outcomes features act on', () => {
    expect(classifyDiscordError(apiError(50007, 403, 'Cannot send messages to this user'))).toEqual({
      kind: 'dm-closed',
      reason: 'Cannot send messages to this user',
    });
    expect(classifyDiscordError(apiError(50001, 403, 'Missing Access')).kind).toBe('missing-permission');
    expect(classifyDiscordError(apiError(50013, 403, 'Missing Permissions')).kind).toBe('missing-permission');
    expect(classifyDiscordError(apiError(10007, 404, 'Unknown Member')).kind).toBe('member-gone');
    expect(classifyDiscordError(apiError(10013, 404, 'Unknown User')).kind).toBe('member-gone');
    expect(classifyDiscordError(apiError(10003, 404, 'Unknown Channel')).kind).toBe('not-found');
  });

  it('a rate limit is rate-limited; any other refusal is invalid, with its status for the logs', () => {
    expect(classifyDiscordError(apiError(0, 429, 'You are being rate limited.')).kind).toBe('rate-limited');
    expect(classifyDiscordError(apiError(50035, 400, 'Invalid Form Body'))).toEqual({
      kind: 'invalid',
      reason: '400 Invalid Form Body',
    });
  });

  it('anything that is not an answer from Discord (network, timeout) is unavailable', () => {
    expect(classifyDiscordError(new Error('connect ECONNREFUSED'))).toEqual({
      kind: 'unavailable',
      reason: 'connect ECONNREFUSED',
    });
    expect(classifyDiscordError('aborted')).toEqual({ kind: 'unavailable', reason: 'aborted' });
  });
});
