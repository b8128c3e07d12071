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
