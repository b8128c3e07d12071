import type { z } from 'zod';
import type { CommandDef } from '../core/commands.ts';
import type { Clock } from '../core/clock.ts';
import type { ErasureSummary } from '../core/erasure.ts';
import type { EventOf, EventType } from '../core/events.ts';
import type { CoreMessageKey, Locale, Translator } from '../core/i18n/translator.ts';
import type { ChannelId, CommunityId, MemberId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Outreach } from '../core/outreach.ts';
import type { GroupsView } from '../core/groups.ts';
import type { ChannelUse, CommunityArchive, PortName, Ports } from '../core/ports.ts';
import type { Inline } from '../core/rich-text.ts';
import type { RecognitionView } from '../core/recognition.ts';
import type { HighlightsView } from '../core/highlights.ts';
import type { JobDefinition, Scheduler, TaskHandler } from '../core/scheduler.ts';
import type { MemberDataSection, MemberSettings, MemberView } from '../core/members.ts';
import type { CommunitySettings } from '../config/settings.ts';

export interface CommunityInfo {
  id: CommunityId;
  name: string;
  locale: Locale;
  timezone: string;
}

/** Everything a feature may touch, and nothing else: the ports it declared, its store, its config. */
export interface FeatureContext<N extends PortName, R, C, K extends string = never, O extends PortName = never> {
  community: CommunityInfo;
  ports: Pick<Ports, N>;
  /** Ports the feature can do without (declared in `optional`), when the platform has them. */
  optionalPorts: Partial<Pick<Ports, O>>;
  repo: R;
  /** Core's member records, read-only. */
  members: MemberView;
  /** The member's own choices and milestones that core records (language, DM opt-out, onboarding done). */
  memberSettings: MemberSettings;
  /** Who is in the beta group and the inner circle, read-only (polls, calendar and questions target them). */
  groups: GroupsView;
  /**
   * Writes buffered message metadata now. Message activity is batched for speed; a
   * feature that reads figures from it calls this first, so the figures are complete.
   */
  flushActivity(): void;
  /** Reads a content file named in the config (a calendar post's text), relative to where Foyer runs. */
  readContentFile(path: string): string;
  /** Everything every feature keeps about a member, for the member to see and take away. */
  memberData(member: MemberId): MemberDataSection[];
  /** Erases what every part of Foyer keeps about a member (see core/erasure.ts for what stays and why). */
  eraseMember(member: MemberId): ErasureSummary;
  /** The whole community's data, packed as one file (admins' /export). */
  archive: CommunityArchive;
  /** Levels and thanks, read-only (spotlight and inner-circle candidates read them here). */
  recognition: RecognitionView;
  /** A period's highlights, read-only (the digest, "we missed you" and the newsletter show them). */
  highlights: HighlightsView;
  clock: Clock;
  scheduler: Scheduler;
  config: C;
  logger: Logger;
  /** Messages in the community's locale… */
  t: Translator<K | CoreMessageKey>;
  /** …or in a member's own, when they chose one. */
  translatorFor(member: MemberId): Translator<K | CoreMessageKey>;
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
  /** Runs synchronous store work in one transaction. */
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

export type { MemberDataSection };

/**
 * The stores features ask for, by name. Each feature's store file adds its own entry
 * (`declare module '../define.ts' { interface FeatureStores { triage: TriageStore } }`)
 * and storage implements every entry: the compiler checks both sides meet.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeatureStores {}

/** What a feature's settings may read of the rest of the file, to build its own runtime config. */
export interface SettingsView {
  community: CommunitySettings;
  /** Logical channel names declared under `channels:`. */
  channels: Readonly<Record<string, string>>;
  /**
   * A channel one feature offers others by a role name (`welcome`: where newcomers are
   * greeted, which onboarding and the photo nudge fall back to), so no feature reads
   * another's settings.
   */
  sharedChannel(role: string): string | undefined;
}

/** Checks that need more than one setting; paths are absolute (`['features', 'triage', …]`). */
export interface SettingsChecker extends SettingsView {
  /** Where this feature's settings start: `['features', key]`. */
  at: readonly PropertyKey[];
  /** A channel name that must be given and declared under `channels:`. */
  needChannel(path: readonly PropertyKey[], name: string | undefined, why: string): void;
  /** `atKey` points the error at the key (the setting is missing) rather than its value. */
  error(path: readonly PropertyKey[], message: string, atKey?: boolean): void;
}

/** A feature's section under `features:` in the YAML file. */
export interface FeatureSettings<S, Key extends string = string> {
  key: Key;
  /** The zod schema of the section; it gets its defaults when the section is absent. */
  schema: z.ZodType<S, unknown>;
  check?(settings: S, checker: SettingsChecker): void;
  /** Which logical channels the feature posts to and reads, so adapters can check permissions at start. */
  channelUses?(settings: S, view: SettingsView): { posts?: (string | undefined)[]; reads?: (string | undefined)[] };
  /** Channels the feature offers other features by role name (see `SettingsView.sharedChannel`). */
  sharesChannels?(settings: S): Record<string, string | undefined>;
  /**
   * What the feature asks of the platform beyond posting: where setup problems are reported, how channels are
   * moderated.
   */
  platformNeeds?(settings: S): PlatformNeeds;
}

export interface PlatformNeeds {
  /** A logical channel where the platform's setup problems are reported to moderators. */
  alertChannel?: string;
  /** How the feature moderates channels (crisis mode), so the adapter checks the permissions it needs. */
  channelModeration?: 'lock' | 'slowmode';
}

/** A feature's messages, complete in every locale. */
export type FeatureMessages<K extends string> = Record<Locale, Record<K, string>>;

/**
 * A feature: id, the ports it needs, its settings and messages, its store, and
 * `setup`. Listed explicitly in features/index.ts; config, checks and messages are
 * composed from that list.
 */
export interface FeatureDefinition<
  N extends PortName = PortName,
  R = unknown,
  C = unknown,
  K extends string = string,
  S = unknown,
  O extends PortName = PortName,
  Key extends string = string,
> {
  id: string;
  description: string;
  needs: readonly N[];
  /** Ports used when present; without them the feature runs degraded (e.g. typed votes instead of native polls). */
  optional?: readonly O[];
  settings?: FeatureSettings<S, Key>;
  messages?: FeatureMessages<K>;
  /** The feature's runtime config from its settings, or undefined when it is disabled. */
  config(settings: S, view: SettingsView): C | undefined;
  /** The feature's own store, picked from the stores storage implements. */
  store?(stores: FeatureStores): R;
  /**
   * What the feature keeps about one member, for `/mydata` and its export, with lines in
   * the member's language. Asked even when the feature is disabled: what was kept stays
   * visible to the member.
   */
  memberData?(
    store: R,
    member: MemberId,
    t: Translator<K | CoreMessageKey>,
    community: CommunityInfo,
  ): MemberDataSection | undefined;
  setup(ctx: FeatureContext<N, R, C, K, O>): FeatureInstance;
}

/** Declares a feature with its types inferred; the list keeps the settings and message types for composition. */
export const defineFeature = <
  N extends PortName,
  R,
  C,
  K extends string = never,
  S = undefined,
  O extends PortName = never,
  Key extends string = never,
>(
  def: FeatureDefinition<N, R, C, K, S, O, Key>,
): FeatureDefinition<N, R, C, K, S, O, Key> => def;

/**
 * Any feature, its types erased: what the bot and the compositions take. `any` on
 * purpose: a feature's `setup` wants its own context, which no single type satisfies.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFeature = FeatureDefinition<any, any, any, any, any, any, any>;

/** The settings type of each feature that has settings, by its key under `features:`. */
export type SettingsByKey<Defs extends AnyFeature> = {
  [
    D in Defs as D extends FeatureDefinition<infer _N, infer _R, infer _C, infer _K, infer _S, infer _O, infer Key>
      ? Key
      : never
  ]: D extends FeatureDefinition<infer _N, infer _R, infer _C, infer _K, infer S> ? S : never;
};

/** The message keys of a list of features. */
export type MessageKeyOf<Defs extends AnyFeature> = Defs extends { messages?: FeatureMessages<infer K> } ? K : never;

/** The channel uses of every enabled feature, for the adapters' start-up checks. */
export type { ChannelUse };
