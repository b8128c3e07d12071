import { GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';

/**
 * The gateway intents Foyer asks for, and why (also in the README):
 * - Guilds: the guild, its channels and roles (required by discord.js to work at all).
 * - GuildMembers (privileged): member joins, leaves and profile changes — the welcome,
 *   onboarding and photo nudge depend on them.
 * - GuildMessages: that a message was posted, where and by whom (activity, activation,
 *   the intro step). Not MessageContent: Foyer never needs message bodies on Discord.
 * - GuildMessageReactions: that a member reacted to a message (activity for the health
 *   figures). Not privileged.
 */
export const FOYER_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
];

/**
 * Caches kept small for large guilds: Foyer reads member data from each event, so it
 * keeps no member, user, message or presence caches beyond a few entries (the bot's own
 * member and user are always kept), and sweeps what remains.
 */
export function foyerClientOptions(rest?: { api: string }, extra: { polls?: boolean } = {}): ClientOptions {
  const keepSelf = (entry: { id: string; client: { user: { id: string } | null } }) =>
    entry.id === entry.client.user?.id;
  return {
    // GuildMessagePolls only when a feature runs native polls: their votes arrive as events.
    intents: extra.polls ? [...FOYER_INTENTS, GatewayIntentBits.GuildMessagePolls] : FOYER_INTENTS,
    partials: [Partials.GuildMember, Partials.User, Partials.Channel, Partials.Message],
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      GuildMemberManager: { maxSize: 100, keepOverLimit: keepSelf },
      UserManager: { maxSize: 100, keepOverLimit: keepSelf },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      VoiceStateManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      StageInstanceManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 600, filter: () => (user) => user.id !== user.client.user?.id },
      guildMembers: { interval: 600, filter: () => (member) => member.id !== member.client.user?.id },
    },
    // Nothing is parsed from text, ever: only explicit mentions ping (see discord.render.ts).
    allowedMentions: { parse: [], repliedUser: false },
    ...(rest ? { rest: { api: rest.api } } : {}),
  };
}
