// The fake Discord (test/support/fake-discord) against the real discord.js Client: if
// these pass, discord.js logs in, receives events, sends, retries 429s, resumes and
// answers interactions through the fake exactly as it would against Discord.
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageType,
  PermissionFlagsBits,
  type ClientEvents,
  type Message,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateMembers,
  snowflakeAt,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
} from '../../support/fake-discord/index.ts';

const GUILD = snowflakeAt('2021-03-04T10:00:00Z');
const GENERAL = snowflakeAt('2021-03-04T10:00:01Z');
const WELCOME = snowflakeAt('2021-03-04T10:00:02Z');
const MODERATORS = snowflakeAt('2021-03-04T10:00:03Z');
const OWNER = snowflakeAt('2020-01-01T00:00:00Z');
const ALICE = snowflakeAt('2021-06-01T12:00:00Z');
const BOB = snowflakeAt('2022-02-02T12:00:00Z');
const MESSAGES_ROUTE = 'POST /channels/:channelId/messages';

let discord: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await discord?.close();
  client = undefined;
  discord = undefined;
});

/** Resolves with the args of the next `event` that matches; rejects after `timeoutMs`. */
function next<K extends keyof ClientEvents>(
  c: Client,
  event: K,
  predicate: (...args: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[K]) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      c.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      c.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    c.on(event, listener);
  });
}

async function start(options: Partial<FakeDiscordOptions> = {}): Promise<{ discord: FakeDiscord; client: Client }> {
  discord = await startFakeDiscord({
    guild: { id: GUILD, name: 'Foyer Test', ownerId: OWNER },
    channels: [
      { id: GENERAL, name: 'general', type: 0 },
      { id: WELCOME, name: 'welcome', type: 0 },
    ],
    roles: [{ id: MODERATORS, name: 'Moderators', permissions: PermissionFlagsBits.ManageMessages }],
    members: [
      { id: OWNER, username: 'owner', joinedAt: '2021-03-04T10:00:00Z' },
      { id: ALICE, username: 'alice', globalName: 'Alice', joinedAt: '2021-06-02T08:00:00Z', roles: [MODERATORS] },
    ],
    botUser: { username: 'Foyer' },
    ...options,
  });
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages],
    rest: { api: discord.restUrl },
  });
  const ready = next(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  return { discord, client };
}

const channel = (c: Client, id = GENERAL) => c.channels.cache.get(id) as TextChannel;

describe('fake Discord with the real discord.js client', () => {
  it('logs in: GET /gateway/bot, IDENTIFY with the intents, READY and GUILD_CREATE', async () => {
    const { discord, client } = await start();

    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.application?.id).toBe(discord.applicationId);
    const guild = client.guilds.cache.get(GUILD)!;
    expect(guild.name).toBe('Foyer Test');
    expect(guild.ownerId).toBe(OWNER);
    expect(guild.memberCount).toBe(3); // owner, alice, the bot
    expect(guild.channels.cache.get(GENERAL)?.type).toBe(ChannelType.GuildText);
    expect(guild.roles.cache.get(MODERATORS)?.name).toBe('Moderators');
    expect(guild.members.me?.permissions.has(PermissionFlagsBits.Administrator)).toBe(true);

    // discord.js makes exactly one REST call to log in; the application comes with READY.
    expect(discord.requests.map((r) => r.route)).toEqual(['GET /gateway/bot']);
    expect(discord.requests[0]!.headers.authorization).toBe(`Bot ${discord.token}`);
    expect(discord.identifyCount).toBe(1);
    expect(discord.identifies[0]!.intents).toBe(Number(client.options.intents.bitfield));
    expect(discord.identifies[0]!.shard).toEqual([0, 1]);
    expect(discord.connections[0]!.query).toEqual({ v: '10', encoding: 'json' });
    expect(discord.unknownRequests).toEqual([]);
  });

  it('turns addMember, updateMember and removeMember into guildMemberAdd / Update / Remove', async () => {
    const { discord, client } = await start();

    const added = next(client, Events.GuildMemberAdd);
    discord.addMember({ id: BOB, username: 'bob', joinedAt: '2024-05-06T07:08:09Z', pending: true, flags: 8 });
    const [member] = await added;
    expect(member.id).toBe(BOB);
    expect(member.user.username).toBe('bob');
    expect(member.joinedAt?.toISOString()).toBe('2024-05-06T07:08:09.000Z');
    expect(member.pending).toBe(true);
    expect(member.flags.bitfield).toBe(8);
    expect(member.user.createdAt.getTime()).toBe(new Date('2022-02-02T12:00:00Z').getTime());

    const updated = next(client, Events.GuildMemberUpdate);
    discord.updateMember(BOB, { pending: false, flags: 2, avatar: 'a1b2c3', roles: [MODERATORS] });
    const [, after] = await updated;
    expect(after.pending).toBe(false);
    expect(after.user.avatar).toBe('a1b2c3');
    expect(after.roles.cache.has(MODERATORS)).toBe(true);

    const removed = next(client, Events.GuildMemberRemove);
    discord.removeMember(BOB);
    const [gone] = await removed;
    expect(gone.id).toBe(BOB);
    expect(client.guilds.cache.get(GUILD)?.memberCount).toBe(3);
  });

  it('records channel.send as a POST and echoes the message back over the gateway', async () => {
    const { discord, client } = await start();

    const echoed = next(client, Events.MessageCreate, (m) => m.author.id === client.user?.id);
    const sent = await channel(client).send({ content: 'Hello <@' + ALICE + '>', allowedMentions: { users: [ALICE] } });
    const [echo] = await echoed;

    expect(echo.id).toBe(sent.id);
    expect(sent.content).toBe(`Hello <@${ALICE}>`);
    expect(sent.mentions.users.has(ALICE)).toBe(true);
    const [post] = discord.requestsTo(MESSAGES_ROUTE);
    expect(post).toMatchObject({
      method: 'POST',
      path: `/channels/${GENERAL}/messages`,
      status: 200,
      body: { content: `Hello <@${ALICE}>`, allowed_mentions: { users: [ALICE] } },
    });
    expect(discord.messages(GENERAL).map((m) => m.id)).toEqual([sent.id]);
  });

  it('a member message arrives as messageCreate with guild, member and mentions', async () => {
    const { discord, client } = await start();

    const received = next(client, Events.MessageCreate);
    const posted = discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: `hi <@${discord.botUser.id}>` });
    const [message] = await received;

    expect(message.id).toBe(posted.id);
    expect(message.guildId).toBe(GUILD);
    expect(message.member?.displayName).toBe('Alice');
    expect(message.member?.roles.cache.has(MODERATORS)).toBe(true);
    expect(message.mentions.users.has(discord.botUser.id)).toBe(true);
    // No MESSAGE_CONTENT intent: content arrives only because the bot is mentioned.
    expect(message.content).toBe(`hi <@${discord.botUser.id}>`);

    const stripped = next(client, Events.MessageCreate);
    discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: 'no mention here' });
    const [plain] = await stripped;
    expect(plain.content).toBe('');
  });

  it('a join in a guild with a system channel posts the “joined the server” message (type 7, authored by the newcomer)', async () => {
    const { discord, client } = await start({
      guild: { id: GUILD, name: 'Foyer Test', ownerId: OWNER, systemChannelId: WELCOME },
    });
    expect(client.guilds.cache.get(GUILD)?.systemChannelId).toBe(WELCOME);

    const received = next(client, Events.MessageCreate);
    discord.addMember({ id: BOB, username: 'bob' });
    const [message] = await received;
    expect(message).toMatchObject({
      type: MessageType.UserJoin,
      channelId: WELCOME,
      content: '',
      system: true,
      webhookId: null,
    });
    expect(message.author.id).toBe(BOB);
    expect(message.author.bot).toBe(false);
    expect(discord.messages(WELCOME).map((m) => [m.type, m.author.id])).toEqual([[MessageType.UserJoin, BOB]]);
  });

  it('no join message when the system channel flags suppress join notifications, or without a system channel', async () => {
    const { discord, client } = await start({
      guild: { id: GUILD, name: 'Foyer Test', ownerId: OWNER, systemChannelId: WELCOME, systemChannelFlags: 1 },
    });
    expect(client.guilds.cache.get(GUILD)?.systemChannelFlags.bitfield).toBe(1);
    const received = next(client, Events.MessageCreate);
    discord.addMember({ id: BOB, username: 'bob' });
    const marker = discord.postMessage({ channelId: WELCOME, authorId: ALICE, content: 'marker' });
    const [first] = await received;
    expect(first.id).toBe(marker.id);
    expect(discord.messages(WELCOME).map((m) => m.id)).toEqual([marker.id]);
  });

  it('tests can post other system messages (pin, boost, thread created) and webhook messages', async () => {
    const { discord, client } = await start();
    const types: number[] = [];
    const authors: string[] = [];
    const webhooks: (string | null)[] = [];
    const four = new Promise<void>((resolve) =>
      client.on(Events.MessageCreate, (m: Message) => {
        types.push(m.type);
        authors.push(`${m.author.id}:${m.author.bot}`);
        webhooks.push(m.webhookId);
        if (types.length === 4) resolve();
      }),
    );
    const pinned = discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: 'pin me' });
    discord.postSystemMessage({
      type: MessageType.ChannelPinnedMessage,
      channelId: GENERAL,
      authorId: ALICE,
      referencedMessageId: pinned.id,
    });
    discord.postSystemMessage({ type: MessageType.GuildBoost, channelId: GENERAL, authorId: ALICE });
    const hook = discord.postWebhookMessage({ channelId: GENERAL, username: 'RSS feed', content: 'news' });
    await four;
    expect(types).toEqual([
      MessageType.Default,
      MessageType.ChannelPinnedMessage,
      MessageType.GuildBoost,
      MessageType.Default,
    ]);
    // Webhook messages are authored by the webhook itself, which Discord marks as a bot.
    expect(authors).toEqual([`${ALICE}:false`, `${ALICE}:false`, `${ALICE}:false`, `${hook.webhook_id}:true`]);
    expect(webhooks).toEqual([null, null, null, hook.webhook_id]);
    const thread = discord.postSystemMessage({
      type: MessageType.ThreadCreated,
      channelId: GENERAL,
      authorId: ALICE,
      content: 'a thread',
    });
    expect(thread).toMatchObject({ type: 18, content: 'a thread', author: { id: ALICE } });
  });

  it('retries a 429 after retry_after: exactly one message is created', async () => {
    const { discord, client } = await start();
    discord.rateLimitNext(/^POST \/channels\/\d+\/messages$/, 0.05);

    const rateLimited = new Promise((resolve) => client.rest.once('rateLimited', resolve));
    const sent = await channel(client).send('after the limit');

    const posts = discord.requestsTo(MESSAGES_ROUTE);
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.05, global: false });
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(50);
    expect(discord.requestsTo(MESSAGES_ROUTE, { succeeded: true })).toHaveLength(1);
    expect(discord.messages(GENERAL).map((m) => m.id)).toEqual([sent.id]);
    expect(discord.rateLimitViolations).toBe(0);
    await expect(rateLimited).resolves.toMatchObject({ retryAfter: expect.any(Number) });
  });

  it('resumes after dropped connections and replays what was dispatched meanwhile, once', async () => {
    const { discord, client } = await start();
    const seen: string[] = [];
    client.on(Events.MessageCreate, (m: Message) => seen.push(m.id));

    await discord.dropConnections(4000);
    const missed = discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: 'while you were away' });
    await next(client, Events.ShardResume);
    await new Promise((resolve) => setImmediate(resolve));
    const live = next(client, Events.MessageCreate);
    const after = discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: 'back again' });
    await live;

    expect(seen).toEqual([missed.id, after.id]);
    expect(discord.resumeCount).toBe(1);
    expect(discord.identifyCount).toBe(1);
    expect(discord.connections.map((c) => [c.path, c.closedBy ?? 'open'])).toEqual([
      ['/', 'server'],
      ['/resume', 'open'],
    ]);

    // A cut TCP connection (no close frame) is resumed too.
    await discord.dropConnections(null);
    const again = discord.postMessage({ channelId: GENERAL, authorId: ALICE, content: 'cut' });
    await next(client, Events.ShardResume);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.filter((id) => id === again.id)).toHaveLength(1);
    expect(discord.resumeCount).toBe(2);
  });

  it('records interaction.reply() as a type 4 callback; registered commands give options their types', async () => {
    const { discord, client } = await start();
    await client.guilds.cache.get(GUILD)!.commands.set([
      {
        name: 'hello',
        description: 'Say hello',
        options: [
          { name: 'name', description: 'Who', type: 3, required: true },
          { name: 'times', description: 'How often', type: 4 },
        ],
      },
    ]);
    expect(discord.commands('guild').map((c) => c.name)).toEqual(['hello']);

    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void interaction.reply({
        content: `hi ${interaction.options.getString('name', true)} ×${interaction.options.getInteger('times') ?? 1}`,
        flags: 64,
      });
    });
    const result = await discord.interaction({
      type: 'chatInput',
      userId: ALICE,
      channelId: GENERAL,
      commandName: 'hello',
      options: { name: 'Bob', times: 2 },
    });

    expect(result.timedOut).toBe(false);
    expect(result.callback?.type).toBe(4);
    expect(result.callback?.data).toMatchObject({ content: 'hi Bob ×2', flags: 64 });
    expect(result.callback?.request.headers.authorization).toBeUndefined();
    expect(result.ephemeral).toBe(true);
  });

  it('answers components, context menus and modals, and waits for deferred replies', async () => {
    const { discord, client } = await start();
    const sent = await channel(client).send({
      content: 'pick',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'ok', label: 'OK' }] }],
    });

    client.on(Events.InteractionCreate, async (i) => {
      if (i.isButton()) await i.update({ content: `clicked ${i.customId}`, components: [] });
      else if (i.isMessageContextMenuCommand())
        await i.showModal({
          customId: 'why',
          title: 'Why?',
          components: [{ type: 1, components: [{ type: 4, customId: 'reason', label: 'Reason', style: 1 }] }],
        });
      else if (i.isModalSubmit()) await i.reply({ content: `because ${i.fields.getTextInputValue('reason')}` });
      else if (i.isChatInputCommand()) {
        await i.deferReply();
        await i.editReply('done thinking');
      }
    });

    const button = await discord.interaction({
      type: 'button',
      userId: ALICE,
      channelId: GENERAL,
      customId: 'ok',
      messageId: sent.id,
    });
    expect(button.callback?.type).toBe(7);
    expect(discord.messages(GENERAL).find((m) => m.id === sent.id)?.content).toBe('clicked ok');

    const menu = await discord.interaction({
      type: 'messageContextMenu',
      userId: ALICE,
      channelId: GENERAL,
      commandName: 'Report',
      targetMessageId: sent.id,
    });
    expect(menu.callback?.type).toBe(9);

    const modal = await discord.interaction({
      type: 'modalSubmit',
      userId: ALICE,
      channelId: GENERAL,
      customId: 'why',
      fields: { reason: 'spam' },
    });
    expect(modal.callback?.data).toMatchObject({ content: 'because spam' });

    const deferred = await discord.interaction({
      type: 'chatInput',
      userId: ALICE,
      channelId: GENERAL,
      commandName: 'slow',
      options: [],
    });
    expect(deferred.callback?.type).toBe(5);
    expect(deferred.edits.map((e) => (e.body as { content?: string }).content)).toEqual(['done thinking']);
    expect(deferred.messages.get(deferred.responseMessageId!)?.content).toBe('done thinking');
  });

  it('streams GUILD_MEMBERS_CHUNK for guild.members.fetch()', async () => {
    const { discord, client } = await start({ memberChunkSize: 1000, members: generateMembers(2_500) });

    const chunks: number[] = [];
    client.on(Events.GuildMembersChunk, (members, _guild, data) => chunks.push(data.index, members.size));
    const members = await client.guilds.cache.get(GUILD)!.members.fetch();

    expect(members.size).toBe(discord.memberCount);
    expect(discord.memberCount).toBe(2_502); // + bot and owner
    expect(chunks).toEqual([0, 1000, 1, 1000, 2, 502]);
  });

  it('fails DMs to members who closed them with 50007 and missing permissions with 50013', async () => {
    const { discord, client } = await start({
      members: [{ id: BOB, username: 'bob', dmsClosed: true }],
      channels: [
        { id: GENERAL, name: 'general' },
        {
          id: WELCOME,
          name: 'welcome',
          permissionOverwrites: [{ id: GUILD, type: 0, deny: PermissionFlagsBits.SendMessages }],
        },
      ],
      botPermissions: 0n,
    });

    const dm = await client.users.createDM(BOB);
    const dmError = await dm.send('hello').catch((e: unknown) => e);
    expect(dmError).toBeInstanceOf(DiscordAPIError);
    expect((dmError as DiscordAPIError).code).toBe(50007);

    const permError = await channel(client, WELCOME)
      .send('hello')
      .catch((e: unknown) => e);
    expect((permError as DiscordAPIError).code).toBe(50013);
    expect(discord.requestsTo(MESSAGES_ROUTE).map((r) => r.status)).toEqual([403, 403]);
  });

  it('dispatches many events quickly with backpressure, in order', async () => {
    const { discord, client } = await start();
    const count = 20_000;
    let received = 0;
    let ordered = true;
    let last = 0n;
    client.on(Events.MessageCreate, (m) => {
      const id = BigInt(m.id);
      if (id <= last) ordered = false;
      last = id;
      received++;
    });
    const done = next(client, Events.MessageCreate, () => received === count, 10_000);
    function* messages() {
      for (let i = 0; i < count; i++)
        yield {
          t: 'MESSAGE_CREATE',
          d: discord.messagePayload({ channelId: GENERAL, authorId: ALICE, content: `message ${i}` }),
        };
    }
    const sentCount = await discord.dispatchMany(messages(), { remember: false });
    await done;
    expect(sentCount).toBe(count);
    expect(received).toBe(count);
    expect(ordered).toBe(true);
  });

  it('answers unknown routes with 404 and records them', async () => {
    const { discord, client } = await start();
    const error = await client.rest.get('/guilds/1/nonexistent' as `/${string}`).catch((e: unknown) => e);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(discord.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /guilds/1/nonexistent']);
  });
});
