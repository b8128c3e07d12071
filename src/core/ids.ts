/**
 * IDs are branded and platform-qualified (`discord:123`, `matrix:@ana:example.org`,
 * `console:alice`) so a member id can never be passed where a channel id is expected,
 * and ids from two platforms can never collide.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Platform = 'console' | 'discord' | 'matrix';
export type MemberId = Brand<string, 'MemberId'>;
export type ChannelId = Brand<string, 'ChannelId'>;
export type MessageId = Brand<string, 'MessageId'>;
export type EventId = Brand<string, 'EventId'>;
export type CommunityId = Brand<string, 'CommunityId'>;

const qualify = (platform: Platform, raw: string): string =>
  raw.startsWith(`${platform}:`) ? raw : `${platform}:${raw}`;

export const memberId = (platform: Platform, raw: string) => qualify(platform, raw) as MemberId;
export const channelId = (platform: Platform, raw: string) => qualify(platform, raw) as ChannelId;
export const messageId = (platform: Platform, raw: string) => qualify(platform, raw) as MessageId;
export const eventId = (platform: Platform, raw: string) => qualify(platform, raw) as EventId;
export const communityId = (raw: string) => raw as CommunityId;

/** The platform-local part of a qualified id, for adapters talking to their SDK. */
export const localPart = (id: string): string => id.slice(id.indexOf(':') + 1);

/**
 * A member as typed in a command: a platform mention (`<@123>` on Discord), a Matrix id
 * (`@ana:example.org`), a qualified id, or a console name. Undefined when it cannot be one.
 */
export function parseMemberReference(platform: Platform, typed: string): MemberId | undefined {
  const value = typed.trim();
  if (value.startsWith(`${platform}:`)) return value as MemberId;
  if (platform === 'discord') {
    const id = /^<@!?(\d{15,21})>$/.exec(value)?.[1] ?? (/^\d{15,21}$/.test(value) ? value : undefined);
    return id ? memberId('discord', id) : undefined;
  }
  if (platform === 'matrix') return /^@[^:\s]+:\S+$/.test(value) ? memberId('matrix', value) : undefined;
  const name = value.replace(/^@/, '').toLowerCase();
  return /^[\p{L}\p{N}_.-]{1,64}$/u.test(name) ? memberId('console', name) : undefined;
}
