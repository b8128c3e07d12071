import type { CommandDef } from '../core/commands.ts';
import type { Clock } from '../core/clock.ts';
import type { EventOf, EventType } from '../core/events.ts';
import type { Locale, Translator } from '../core/i18n/translator.ts';
import type { ChannelId, CommunityId, MemberId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Outreach } from '../core/outreach.ts';
import type { PortName, Ports } from '../core/ports.ts';
import type { Inline } from '../core/rich-text.ts';
import type { JobDefinition, Scheduler, TaskHandler } from '../core/scheduler.ts';
import type { FoyerConfig } from '../config/schema.ts';
import type { MemberRecord, Storage } from '../storage/index.ts';

export interface CommunityInfo {
  id: CommunityId;
  name: string;
  locale: Locale;
  timezone: string;
}

/** Everything a feature may touch, and nothing else: the ports it declared, its repository, its config. */
export interface FeatureContext<N extends PortName, R, C> {
  community: CommunityInfo;
  ports: Pick<Ports, N>;
  /** Ports the feature can do without (declared in `optional`), when the platform has them. */
  optionalPorts: Partial<Ports>;
  repo: R;
  /** Core's member records, read-only. */
  members: { get(member: MemberId): MemberRecord | undefined; countJoinsSince(since: Date): number };
  clock: Clock;
  scheduler: Scheduler;
  config: C;
  logger: Logger;
  /** Messages in the community's locale… */
  t: Translator;
  /** …or in a member's own, when they chose one. */
  translatorFor(member: MemberId): Translator;
  outreach: Outreach;
  /** A logical channel name from config, as a platform channel id. */
  channel(name: string): ChannelId | undefined;
  /** A channel as typed in a command argument (config name, platform mention, room id or alias, raw id). */
  parseChannel(typed: string): ChannelId | undefined;
  /** A channel as the platform shows it in a message (`<#id>` on Discord, `#name` on the console). */
  channelMention(channel: ChannelId): Inline;
  /** How to type the channel in a command Foyer suggests, so that it works as shown. */
  channelArgument(channel: ChannelId): string;
  /** A member as typed in a command argument (mention, platform id or console name). */
  parseMember(typed: string): MemberId | undefined;
  /** How members type a command on this platform (`/onboarding`, `!onboarding`). */
  commandLabel(name: string): string;
  /** Runs synchronous repository work in one transaction. */
  atomically<T>(work: () => T): T;
}

export type EventHandlers = { [T in EventType]?: (event: EventOf<T>) => Promise<void> };

/** What a started feature offers the bot. */
export interface FeatureInstance {
  commands?: CommandDef[];
  on?: EventHandlers;
  jobs?: JobDefinition[];
  tasks?: TaskHandler[];
  /** Called once the scheduler has started: reconcile anything left from before a restart. */
  ready?(): Promise<void>;
  stop?(): Promise<void> | void;
}

/**
 * A feature: id, the ports it needs, its config slice (undefined = disabled), its
 * repository, and `setup`. Listed explicitly in features/index.ts.
 */
export interface FeatureDefinition<N extends PortName = PortName, R = unknown, C = unknown> {
  id: string;
  description: string;
  needs: readonly N[];
  /** Ports used when present; without them the feature runs degraded (e.g. typed votes instead of native polls). */
  optional?: readonly PortName[];
  config(config: FoyerConfig): C | undefined;
  repository(storage: Storage): R;
  setup(ctx: FeatureContext<N, R, C>): FeatureInstance;
}

/** Declares a feature with its types inferred, then erases them for the feature list. */
export const defineFeature = <N extends PortName, R, C>(def: FeatureDefinition<N, R, C>): FeatureDefinition =>
  def as unknown as FeatureDefinition;
