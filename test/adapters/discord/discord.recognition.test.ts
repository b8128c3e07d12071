import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { snowflakeAt, type FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GENERAL, GUILD, MOD_ROLE, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const LEVEL_ROLE = snowflakeAt('2021-03-04T10:00:09Z');

const reaction = (type: 'MESSAGE_REACTION_ADD' | 'MESSAGE_REACTION_REMOVE', userId: string, messageId: string) => ({
  type,
  payload: {
    user_id: userId,
    channel_id: GENERAL,
    message_id: messageId,
    guild_id: GUILD,
    ...(type === 'MESSAGE_REACTION_ADD'
      ? { member: { user: { id: userId, username: 'alice' }, nick: null, roles: [] } }
      : {}),
    emoji: { id: null, name: '🙏' },
    type: 0,
    burst: false,
  },
});

describe('thanks and levels on Discord (real discord.js against the fake Discord)', () => {
  it('a 🙏 reaction thanks the message’s author, and MESSAGE_REACTION_REMOVE takes it back', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    const bob = discord.addMember({ username: 'bob' });
    const tip = discord.postMessage({ channelId: GENERAL, authorId: bob.user.id, content: 'try restarting it' });
    await foyer.waitForLogs(
      (r) => r.message === 'member activated: first message' && r.fields?.['member'] === `discord:${bob.user.id}`,
    );
    const thanksOfBob = () =>
      foyer!.storage.stores.thanks
        .ofMember('demo-garden', `discord:${bob.user.id}` as never)
        .filter((e) => e.receiver === `discord:${bob.user.id}`);
    const add = reaction('MESSAGE_REACTION_ADD', alice.user.id, tip.id);
    discord.dispatch(add.type, add.payload);
    await foyer.waitForLogs((r) => r.message === 'a reaction counted as a thanks');
    expect(thanksOfBob().map((e) => [e.giver, e.via, e.emoji])).toEqual([
      [`discord:${alice.user.id}`, 'reaction', '🙏'],
    ]);
    const remove = reaction('MESSAGE_REACTION_REMOVE', alice.user.id, tip.id);
    discord.dispatch(remove.type, remove.payload);
    await foyer.waitForLogs((r) => r.message === 'a thanks was taken back with its reaction');
    expect(thanksOfBob()).toEqual([]);
  });

  it('a level mapped to a role: Foyer gives the role with Manage Roles, and discord.js sees it', async () => {
    discord = await startDiscord({
      roles: [
        { id: MOD_ROLE, name: 'Moderators' },
        { id: LEVEL_ROLE, name: 'Participating' },
      ],
    });
    foyer = await DiscordFoyer.start(discord, {
      features: {
        levels: {
          windowDays: 7,
          levels: [
            { id: 'exploring', activeDays: 0, thanksFrom: 0 },
            { id: 'participating', activeDays: 1, thanksFrom: 0, role: LEVEL_ROLE },
          ],
        },
      },
    });
    const bob = discord.addMember({ username: 'bob' });
    discord.postMessage({ channelId: GENERAL, authorId: bob.user.id, content: 'hello' });
    await foyer.waitForLogs(
      (r) => r.message === 'member activated: first message' && r.fields?.['member'] === `discord:${bob.user.id}`,
    );
    const client = foyer.adapter.client;
    const seen = new Promise<boolean>((resolve) =>
      client.on(Events.GuildMemberUpdate, (_, member) => {
        if (member.id === bob.user.id && member.roles.cache.has(LEVEL_ROLE)) resolve(true);
      }),
    );
    await foyer.time.advance(86_400_000); // the nightly promotions
    const put = await discord.waitForRequest(
      (r) => r.route === 'PUT /guilds/:guildId/members/:userId/roles/:roleId' && r.status < 300,
      { includePast: true, timeoutMs: 5_000 },
    );
    expect(put.params).toMatchObject({ userId: bob.user.id, roleId: LEVEL_ROLE });
    expect(await seen).toBe(true);
    expect(discord.member(bob.user.id)?.roles).toContain(LEVEL_ROLE);
  });
});
