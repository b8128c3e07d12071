import type { ChannelUse } from '../core/ports.ts';
import type { FoyerConfig } from './schema.ts';

/**
 * What each configured channel is for, read from the features' settings, so an adapter
 * can tell at start which feature a missing permission or an unsuitable channel type
 * breaks. A channel no feature names is still listed: Foyer reads it as activity.
 */
export function channelUses(config: FoyerConfig): ChannelUse[] {
  const f = config.features;
  const posts = new Map<string, Set<string>>();
  const reads = new Map<string, Set<string>>();
  const add = (into: Map<string, Set<string>>, channel: string | undefined, feature: string) => {
    if (channel !== undefined) (into.get(channel) ?? into.set(channel, new Set()).get(channel)!).add(feature);
  };
  if (f.welcome.enabled) add(posts, f.welcome.channel, 'welcome');
  if (f.onboarding.enabled) {
    add(reads, f.onboarding.introChannel, 'onboarding');
    if (f.onboarding.congratulate === 'channel') add(posts, f.welcome.channel, 'onboarding');
  }
  if (f.photoNudge.enabled && f.photoNudge.delivery === 'mention') add(posts, f.photoNudge.channel ?? f.welcome.channel, 'photoNudge');
  if (f.quietQuestions.enabled)
    for (const channel of f.quietQuestions.channels) {
      add(posts, channel, 'quietQuestions');
      add(reads, channel, 'quietQuestions');
    }
  if (f.calendar.enabled) {
    for (const entry of f.calendar.entries) add(posts, entry.channel, 'calendar');
    add(posts, f.calendar.reportChannel, 'calendar');
  }
  if (f.triage.enabled) add(posts, f.triage.moderatorsChannel, 'triage');
  return Object.entries(config.channels).map(([name, id]) => ({ name, id, postedBy: [...(posts.get(name) ?? [])], readBy: [...(reads.get(name) ?? [])] }));
}
