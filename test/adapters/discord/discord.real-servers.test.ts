import { afterEach, describe, expect, it } from 'vitest';
import { channelId } from '../../../src/core/ids.ts';
import { Permission, snowflakeAt, snowflakeTime, type FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GENERAL, GUILD, INTRO, MOD_ROLE, OWNER, WELCOME, startDiscord } from './discord-harness.ts';

/**
 * What real servers do that a plain fake guild did not: threads and forums, read-only
 * channels, roles that outrank @everyone, interactions from other guilds.
 */
let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const OTHER_GUILD = snowflakeAt('2022-05-06T07:08:09Z');

describe('interactions from another guild', () => {
  it('a global command used in another guild is answered at once with a private refusal, and runs nothing', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const stranger = discord.addUser({ username: 'stranger' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: stranger.id,
      fromGuild: OTHER_GUILD,
      commandName: 'onboarding',
      subcommand: 'show',
    });
    expect(record.timedOut).toBe(false);
    expect(record.callback?.type).toBe(4);
    expect(record.ephemeral).toBe(true);
    expect(String(record.callback?.data?.['content'])).toContain('Foyer serves only The Garden');
    expect(foyer.storage.members.get('demo-garden', `discord:${stranger.id}`)).toBeUndefined();
  });

  it('the refusal follows the user’s language', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const stranger = discord.addUser({ username: 'inconnue' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: stranger.id,
      fromGuild: OTHER_GUILD,
      commandName: 'rules',
      locale: 'fr',
    });
    expect(String(record.callback?.data?.['content'])).toContain('Foyer ne sert que The Garden');
  });
});

const FORUM = snowflakeAt('2021-03-04T10:00:05Z');
const MODS = snowflakeAt('2021-03-04T10:00:06Z');
const onboardingText = async (userId: string) =>
  String(
    (
      await discord!.interaction({
        type: 'chatInput',
        userId,
        channelId: GENERAL,
        commandName: 'onboarding',
        subcommand: 'show',
      })
    ).callback?.data?.['content'],
  );

describe('threads and forums are part of their parent channel', () => {
  it('a message in a thread of #introductions completes “introduce yourself” and wakes the watched channel', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { features: { quietQuestions: { channels: ['introductions'] } } });
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    const owner = discord.addMember({ username: 'owner' });
    const thread = discord.startThread({ parentId: INTRO, name: 'Say hi here', authorId: owner.user.id });
    const own = discord.postMessage({ channelId: thread.id, authorId: alice.user.id, content: 'hello, I am Alice' });
    expect(own['channel_id']).toBe(thread.id); // Discord gives the thread's id, not the parent's
    expect(await onboardingText(alice.user.id)).toContain('\\[x\\] Introduce yourself');
    expect(foyer.storage.stores.quietQuestions.channel('demo-garden', `discord:${INTRO}`)?.lastMemberAt).toEqual(
      snowflakeTime(String(own['id'])),
    ); // discord.js dates a message by its id
    expect(foyer.storage.stores.quietQuestions.channel('demo-garden', `discord:${thread.id}`)).toBeUndefined();
  });

  it('a report filed from a thread is about its parent channel, so reports about one channel add up there', async () => {
    discord = await startDiscord({
      channels: [
        { id: GENERAL, name: 'general' },
        { id: WELCOME, name: 'welcome' },
        { id: INTRO, name: 'introductions' },
        { id: MODS, name: 'moderators' },
      ],
    });
    foyer = await DiscordFoyer.start(discord, {
      channels: { general: GENERAL, welcome: WELCOME, introductions: INTRO, moderators: MODS },
    });
    const alice = discord.addMember({ username: 'alice' });
    const thread = discord.startThread({ parentId: GENERAL, name: 'heated', authorId: alice.user.id });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: thread.id,
      commandName: 'report',
      options: { reason: 'someone is insulting people here' },
    });
    expect(record.timedOut).toBe(false);
    expect(foyer.storage.stores.triage.open('demo-garden').map((r) => r.channelId)).toEqual([`discord:${GENERAL}`]);
  });

  it('a thread Foyer has not seen created (revived from the archive) still counts for its parent', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    const archived = discord.state.addChannel({ type: 11, name: 'old intros', parentId: INTRO, ownerId: OWNER }); // no THREAD_CREATE
    discord.postMessage({ channelId: archived.id, authorId: alice.user.id, content: 'hello again' });
    await discord.waitForRequest(
      (r) => r.route === 'GET /channels/:channelId' && r.params['channelId'] === archived.id,
    );
    expect(await onboardingText(alice.user.id)).toContain('\\[x\\] Introduce yourself');
  });

  it('with a forum as the introductions channel, a member’s forum post is their introduction', async () => {
    discord = await startDiscord({
      channels: [
        { id: GENERAL, name: 'general' },
        { id: WELCOME, name: 'welcome' },
        { id: FORUM, name: 'introductions', type: 15 },
      ],
    });
    foyer = await DiscordFoyer.start(discord, {
      channels: { general: GENERAL, welcome: WELCOME, introductions: FORUM },
    });
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    discord.startThread({
      parentId: FORUM,
      name: 'Alice from Lyon',
      authorId: alice.user.id,
      content: 'I garden on my balcony',
    });
    expect(await onboardingText(alice.user.id)).toContain('\\[x\\] Introduce yourself');
  });

  it('a forum as the welcome channel is refused at start, said once to the moderators, and never posted to', async () => {
    discord = await startDiscord({
      channels: [
        { id: GENERAL, name: 'general' },
        { id: FORUM, name: 'welcome', type: 15 },
        { id: INTRO, name: 'introductions' },
        { id: MODS, name: 'moderators' },
      ],
    });
    foyer = await DiscordFoyer.start(discord, {
      channels: { general: GENERAL, welcome: FORUM, introductions: INTRO, moderators: MODS },
    });
    const alert = await foyer.waitForPost(MODS, 'is a forum');
    expect(String((alert.body as { content: string }).content)).toContain(
      `<#${FORUM}> is a forum: Foyer cannot post messages in it, so welcome, onboarding will not work there.`,
    );
    expect(
      foyer.logger.records.some(
        (r) => r.level === 'error' && r.message.includes('forum') && r.fields['channel'] === 'welcome',
      ),
    ).toBe(true);
    const alice = discord.addMember({ username: 'alice' });
    await onboardingText(alice.user.id); // a round trip after the join
    expect(
      discord.requestsTo('POST /channels/:channelId/messages').filter((r) => r.params['channelId'] === FORUM),
    ).toEqual([]);
    await foyer.restart();
    await onboardingText(alice.user.id);
    expect(
      foyer.posts(MODS).filter((r) => String((r.body as { content: string }).content).includes('is a forum')),
    ).toHaveLength(1);
  });
});

const welcomeFailed = (r: { message: string; fields: Record<string, unknown> }) =>
  r.message === 'contact failed' && r.fields['feature'] === 'welcome';

describe('missing permissions', () => {
  // A bot invited with the documented permissions, not an administrator.
  const INVITED =
    Permission.ViewChannel |
    Permission.SendMessages |
    Permission.SendMessagesInThreads |
    Permission.EmbedLinks |
    Permission.ReadMessageHistory |
    Permission.ManageChannels;
  const READ_ONLY = [{ id: GUILD, type: 0 as const, deny: Permission.SendMessages }];
  const channels = [
    { id: GENERAL, name: 'general' },
    { id: WELCOME, name: 'welcome', permissionOverwrites: READ_ONLY },
    { id: INTRO, name: 'introductions' },
    { id: MODS, name: 'moderators' },
  ];
  const config = { channels: { general: GENERAL, welcome: WELCOME, introductions: INTRO, moderators: MODS } };

  it('a read-only #welcome is reported at start (log and moderators, once), and joins cost no failing request', async () => {
    discord = await startDiscord({ channels, botPermissions: INVITED });
    foyer = await DiscordFoyer.start(discord, config);
    const alert = await foyer.waitForPost(MODS, 'lacks the permissions');
    expect(String((alert.body as { content: string }).content)).toContain(
      `<#${WELCOME}>: Foyer lacks the permissions SendMessages, so welcome, onboarding will not work there.`,
    );
    expect(
      foyer.logger.records.some(
        (r) =>
          r.level === 'error' && r.fields['channel'] === 'welcome' && String(r.fields['missing']) === 'SendMessages',
      ),
    ).toBe(true);
    // One newcomer per welcome pace, so each is greeted (and fails) on their own.
    for (const [i, username] of ['ana', 'ben', 'chloé', 'dan'].entries()) {
      discord.addMember({ username });
      await foyer.waitForLogs(welcomeFailed, i + 1);
      await foyer.time.advance(6_000); // past the welcome pace
    }
    expect(
      discord.requestsTo('POST /channels/:channelId/messages').filter((r) => r.params['channelId'] === WELCOME),
    ).toEqual([]);
    await foyer.restart();
    expect(
      foyer
        .posts(MODS)
        .filter((r) => String((r.body as { content: string }).content).includes('lacks the permissions')),
    ).toHaveLength(1);
  });

  it('once Foyer may post again, the next newcomer is welcomed', async () => {
    discord = await startDiscord({ channels, botPermissions: INVITED });
    foyer = await DiscordFoyer.start(discord, config);
    discord.addMember({ username: 'early' });
    await foyer.waitForPost(MODS, 'lacks the permissions');
    discord.setPermissionOverwrites(WELCOME, [
      ...READ_ONLY,
      { id: discord.state.botRoleId, type: 0, allow: Permission.SendMessages },
    ]);
    await foyer.waitForLogs(welcomeFailed);
    await foyer.time.advance(6_000); // past the welcome pace
    const late = discord.addMember({ username: 'late' });
    await foyer.waitForPost(WELCOME, late.user.id);
    expect(
      discord
        .requestsTo('POST /channels/:channelId/messages')
        .filter((r) => r.params['channelId'] === WELCOME && r.status >= 400),
    ).toEqual([]);
  });

  it('a refusal the cache did not foresee is not repeated until permissions change', async () => {
    discord = await startDiscord({
      channels: channels.map((c) => ({ ...c, permissionOverwrites: [] })),
      botPermissions: INVITED,
    });
    foyer = await DiscordFoyer.start(discord, config);
    // Discord refuses although Foyer's view says it may (an overwrite Foyer has not heard of yet).
    discord.state.channels.get(WELCOME)!.overwrites = [
      { id: GUILD, type: 0, allow: '0', deny: String(Permission.SendMessages) },
    ];
    discord.addMember({ username: 'ana' });
    await discord.waitForRequest(
      (r) => r.route === 'POST /channels/:channelId/messages' && r.params['channelId'] === WELCOME && r.status === 403,
    );
    await foyer.waitForLogs(welcomeFailed, 1);
    await foyer.time.advance(6_000); // past the welcome pace
    discord.addMember({ username: 'ben' });
    await foyer.waitForLogs(welcomeFailed, 2);
    await foyer.time.advance(6_000); // past the welcome pace
    discord.addMember({ username: 'chloé' });
    await foyer.waitForLogs(welcomeFailed, 3);
    expect(
      discord
        .requestsTo('POST /channels/:channelId/messages')
        .filter((r) => r.params['channelId'] === WELCOME)
        .map((r) => r.status),
    ).toEqual([403]);
  });

  it('without Manage Roles, crisis lock is reported as unable to lock each channel', async () => {
    discord = await startDiscord({
      channels: channels.map((c) => ({ ...c, permissionOverwrites: [] })),
      botPermissions: INVITED,
    });
    foyer = await DiscordFoyer.start(discord, { ...config, features: { triage: { crisis: { action: 'lock' } } } });
    const alert = await foyer.waitForPost(MODS, 'crisis mode');
    expect(String((alert.body as { content: string }).content)).toContain(
      `<#${GENERAL}>: Foyer lacks the permissions ManageRoles, so crisis mode cannot lock this channel.`,
    );
  });
});

describe('crisis lock with roles', () => {
  const MEMBER_ROLE = snowflakeAt('2021-03-04T10:00:07Z');
  // Invited with Manage Roles for the lock, but neither Administrator nor the thread-creation bits.
  const BOT =
    Permission.ViewChannel |
    Permission.SendMessages |
    Permission.SendMessagesInThreads |
    Permission.EmbedLinks |
    Permission.ReadMessageHistory |
    Permission.AddReactions |
    Permission.ManageChannels |
    Permission.ManageRoles;
  const memberOverwrite = {
    id: MEMBER_ROLE,
    type: 0 as const,
    allow: Permission.SendMessages | Permission.AttachFiles,
  };

  async function lockedGuild() {
    discord = await startDiscord({
      channels: [
        { id: GENERAL, name: 'general', permissionOverwrites: [memberOverwrite] },
        { id: WELCOME, name: 'welcome' },
        { id: INTRO, name: 'introductions' },
        { id: MODS, name: 'moderators' },
      ],
      roles: [
        { id: MOD_ROLE, name: 'Moderators' },
        { id: MEMBER_ROLE, name: 'Members' },
      ],
      botPermissions: BOT,
      // Many servers do not let @everyone start threads: then neither can the bot deny it.
      everyonePermissions:
        Permission.ViewChannel |
        Permission.SendMessages |
        Permission.ReadMessageHistory |
        Permission.AddReactions |
        Permission.EmbedLinks |
        Permission.UseApplicationCommands,
    });
    foyer = await DiscordFoyer.start(discord, {
      channels: { general: GENERAL, welcome: WELCOME, introductions: INTRO, moderators: MODS },
      features: { triage: { crisis: { action: 'lock' } } },
    });
    return {
      mod: discord.addMember({ username: 'mod', roles: [MOD_ROLE] }),
      verified: discord.addMember({ username: 'verified', roles: [MEMBER_ROLE] }),
      newcomer: discord.addMember({ username: 'newcomer' }),
    };
  }
  const crisis = (userId: string, on: boolean) =>
    discord!.interaction({
      type: 'chatInput',
      userId,
      channelId: MODS,
      commandName: 'crisis',
      subcommand: on ? 'on' : 'off',
      options: { channel: `<#${GENERAL}>` },
    });
  const can = (userId: string, bits: bigint) => (discord!.state.permissionsOf(userId, GENERAL) & bits) === bits;

  it('a lock stops members of every role from posting and reacting, not only @everyone, and Foyer can still post its notice', async () => {
    const { mod, verified, newcomer } = await lockedGuild();
    expect(can(verified.user.id, Permission.SendMessages)).toBe(true);
    const reply = await crisis(mod.user.id, true);
    expect(String(reply.callback?.data?.['content'] ?? reply.edits[0]?.body)).toContain('locked (members cannot post)');
    expect(can(verified.user.id, Permission.SendMessages)).toBe(false);
    expect(can(newcomer.user.id, Permission.SendMessages)).toBe(false);
    expect(can(verified.user.id, Permission.AddReactions) || can(newcomer.user.id, Permission.AddReactions)).toBe(
      false,
    );
    expect(
      foyer!.posts(GENERAL).some((r) => String((r.body as { content: string }).content).includes('crisis mode')),
    ).toBe(true);
  });

  it('crisis off puts back every overwrite exactly as it was', async () => {
    const { mod } = await lockedGuild();
    const before = structuredClone(discord!.state.channels.get(GENERAL)!.overwrites);
    await crisis(mod.user.id, true);
    expect(discord!.state.channels.get(GENERAL)!.overwrites).not.toEqual(before);
    const reply = await crisis(mod.user.id, false);
    expect(String(reply.callback?.data?.['content'] ?? reply.edits[0]?.body)).toContain('previous settings are back');
    const sorted = (o: typeof before) => [...o].sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(discord!.state.channels.get(GENERAL)!.overwrites)).toEqual(sorted(before));
  });
});

describe('crisis snapshots from an earlier version', () => {
  it('a lock stored before locks covered roles (only @everyone’s overwrite) is still restored exactly', async () => {
    discord = await startDiscord({
      channels: [
        {
          id: GENERAL,
          name: 'general',
          permissionOverwrites: [{ id: GUILD, type: 0, allow: Permission.AddReactions, deny: Permission.SendMessages }],
        },
      ],
    });
    foyer = await DiscordFoyer.start(discord);
    const restored = await foyer.adapter.ports.channelModeration!.restore(channelId('discord', GENERAL), {
      kind: 'lock',
      overwrite: { allow: '0', deny: '0' },
    });
    expect(restored.ok).toBe(true);
    expect(discord.state.channels.get(GENERAL)!.overwrites).toEqual([{ id: GUILD, type: 0, allow: '0', deny: '0' }]);
  });
});
