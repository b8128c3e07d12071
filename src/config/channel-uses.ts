import type { ChannelUse } from '../core/ports.ts';
import type { PlatformNeeds } from '../features/define.ts';
import { FEATURES } from '../features/index.ts';
import type { FoyerConfig } from './schema.ts';
import { settingsView } from './semantics.ts';

/** One feature's parsed settings, by its key: typed by the feature that reads them. */
const settingsOf = (config: FoyerConfig, key: string): never =>
  (config.features as Record<string, unknown>)[key] as never;

/**
 * What each configured channel is for, read from the features' settings, so an adapter
 * can tell at start which feature a missing permission or an unsuitable channel type
 * breaks. A channel no feature names is still listed: Foyer reads it as activity.
 */
export function channelUses(config: FoyerConfig): ChannelUse[] {
  const view = settingsView(config);
  const posts = new Map<string, Set<string>>();
  const reads = new Map<string, Set<string>>();
  const add = (into: Map<string, Set<string>>, channel: string | undefined, feature: string) => {
    if (channel !== undefined) (into.get(channel) ?? into.set(channel, new Set()).get(channel)!).add(feature);
  };
  for (const { settings } of FEATURES) {
    const uses = settings?.channelUses?.(settingsOf(config, settings.key), view);
    for (const channel of uses?.posts ?? []) add(posts, channel, settings!.key);
    for (const channel of uses?.reads ?? []) add(reads, channel, settings!.key);
  }
  return Object.entries(config.channels).map(([name, id]) => ({
    name,
    id,
    postedBy: [...(posts.get(name) ?? [])],
    readBy: [...(reads.get(name) ?? [])],
  }));
}

/** What the enabled features ask of the platform, with channel names resolved to platform ids. */
export function platformNeeds(config: FoyerConfig): { alertChannel?: string; channelModeration?: 'lock' | 'slowmode' } {
  const needs: PlatformNeeds = {};
  for (const { settings } of FEATURES)
    if (settings) Object.assign(needs, settings.platformNeeds?.(settingsOf(config, settings.key)));
  const alertChannel = needs.alertChannel === undefined ? undefined : config.channels[needs.alertChannel];
  return {
    ...(alertChannel ? { alertChannel } : {}),
    ...(needs.channelModeration ? { channelModeration: needs.channelModeration } : {}),
  };
}

/** The Discord adapter's names for the same needs. */
export function discordNeeds(config: FoyerConfig): { alertChannel?: string; crisisAction?: 'lock' | 'slowmode' } {
  const { alertChannel, channelModeration } = platformNeeds(config);
  return {
    ...(alertChannel ? { alertChannel } : {}),
    ...(alertChannel && channelModeration ? { crisisAction: channelModeration } : {}),
  };
}
