import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../../src/core/commands.ts';
import type { EventOf } from '../../../src/core/events.ts';
import { channelId } from '../../../src/core/ids.ts';
import { plain, text } from '../../../src/core/rich-text.ts';
import { defineFeature } from '../../../src/features/define.ts';
import { openStorage } from '../../../src/storage/index.ts';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GENERAL, GUILD, MOD_ROLE, OWNER, WELCOME, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

/** A stand-in for the features of later issues (polls, reports): it only records what reaches it. */
function probeFeature() {
  const pressed: EventOf<'button.pressed'>[] = [];
  const votes: EventOf<'poll.voted'>[] = [];
  const reports: { reason: string; message?: string; by: string }[] = [];
  const feature = defineFeature({
    id: 'probe',
    description: 'records button presses and reports',
    needs: ['components'] as const,
    config: () => ({}),
    setup: (ctx) => ({
      commands: [
        defineCommand({
          name: 'slow',
          description: 'Answers after a while',
          args: z.object({}),
          role: 'member',
          async run(call) {
            await new Promise((resolve) => setTimeout(resolve, 300));
            await call.reply(plain('done at last'), { private: true });
          },
        }),
        defineCommand({
          name: 'pick',
          description: 'Posts a message with buttons',
          args: z.object({}),
          role: 'member',
          async run(call) {
            await ctx.ports.components.sendWithButtons(call.channel, plain('Pick one'), [
              { customId: 'poll:1:a', label: 'Yes' },
              { customId: 'poll:1:b', label: 'No' },
            ]);
            await call.reply(plain('posted'), { private: true });
          },
        }),
      ],
      on: {
        'button.pressed': async (event) => void pressed.push(event),
        'poll.voted': async (event) => void votes.push(event),
      },
    }),
  });
  return { feature, pressed, reports, votes };
}

describe('Discord capabilities beyond messages', () => {
  it('a button press → acknowledged at once and delivered to features as button.pressed', async () => {
    // A deferred update expects no follow-up: do not wait long for one.
    discord = await startDiscord({ interactionSettleTimeoutMs: 100 });
    const probe = probeFeature();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [probe.feature]);
    const alice = discord.addMember({ username: 'alice' });
    await discord.interaction({ type: 'chatInput', userId: alice.user.id, channelId: GENERAL, commandName: 'pick' });
    const post = await discord.waitForRequest(
      (r) =>
        r.route === 'POST /channels/:channelId/messages' &&
        Array.isArray((r.body as { components?: unknown[] }).components),
      { includePast: true },
    );
    const buttons = (post.body as { components: { components: { custom_id: string; label: string }[] }[] })
      .components[0]!.components;
    expect(buttons.map((b) => [b.custom_id, b.label])).toEqual([
      ['poll:1:a', 'Yes'],
      ['poll:1:b', 'No'],
    ]);
    const messageId = (post.response as { id: string }).id;
    const record = await discord.interaction({
      type: 'button',
      userId: alice.user.id,
      channelId: GENERAL,
      customId: 'poll:1:b',
      messageId,
    });
    expect(record.callback?.type).toBe(6); // deferred update: no visible change, no timeout
    await expect.poll(() => probe.pressed.length).toBe(1);
    expect(probe.pressed[0]).toMatchObject({
      customId: 'poll:1:b',
      member: { id: `discord:${alice.user.id}` },
      message: `discord:${messageId}`,
    });
  });

  it('the "Report message" context menu → a modal → a report with the reason and the message', async () => {
    discord = await startDiscord();
    const probe = probeFeature();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [probe.feature]);
    expect(discord.commands('guild').find((c) => c.type === 3)?.name).toBe('Report message');
    const alice = discord.addMember({ username: 'alice' });
    const troll = discord.addMember({ username: 'troll' });
    const bad = discord.postMessage({ channelId: GENERAL, authorId: troll.user.id, content: 'something nasty' });
    const menu = await discord.interaction({
      type: 'messageContextMenu',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'Report message',
      targetMessageId: bad.id,
    });
    expect(menu.callback?.type).toBe(9); // a modal
    const customId = String(menu.callback?.data?.['custom_id']);
    const submitted = await discord.interaction({
      type: 'modalSubmit',
      userId: alice.user.id,
      channelId: GENERAL,
      customId,
      fields: { reason: 'harassment of a newcomer' },
    });
    expect(submitted.callback?.type).toBe(4);
    expect(submitted.ephemeral).toBe(true);
    expect(String(submitted.callback?.data?.['content'])).toContain('report #1 reached the moderators');
    expect(foyer.storage.stores.triage.get('demo-garden', 1)).toMatchObject({
      reason: 'harassment of a newcomer',
      targetMessageId: `discord:${bad.id}`,
      reporterId: `discord:${alice.user.id}`,
      severity: 'high',
      // The evidence snapshot: what the message said, who wrote it, where it is.
      evidenceText: 'something nasty',
      evidenceAuthor: `discord:${troll.user.id}`,
      evidenceLink: `https://discord.com/channels/${GUILD}/${GENERAL}/${bad.id}`,
    });
  });

  it('the report menu and its form speak the community’s language', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { community: { locale: 'fr' } });
    expect(
      discord
        .commands('guild')
        .filter((c) => c.type === 3)
        .map((c) => c.name),
    ).toEqual(['Signaler le message']);
    const alice = discord.addMember({ username: 'alice' });
    const post = discord.postMessage({ channelId: GENERAL, authorId: OWNER, content: 'something nasty' });
    const menu = await discord.interaction({
      type: 'messageContextMenu',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'Signaler le message',
      targetMessageId: post.id,
    });
    expect(menu.callback?.data).toMatchObject({
      title: 'Signaler le message',
      components: [
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: 'reason',
              label: 'Qu’est-ce qui ne va pas dans ce message ?',
              style: 2,
              required: true,
              min_length: 3,
              max_length: 1_000,
            },
          ],
        },
      ],
    });
  });

  it('any command a feature declares a message action for gets its own context menu and form, fed with the picked message', async () => {
    discord = await startDiscord();
    const flagged: { args: Record<string, unknown>; target?: string; evidence?: string }[] = [];
    const flagger = defineFeature({
      id: 'flagger',
      description: 'flags messages for review',
      needs: [] as const,
      config: () => ({}),
      setup: () => ({
        commands: [
          defineCommand({
            name: 'flag',
            description: 'Flag a message for review',
            args: z.object({ note: z.string(), tag: z.string().optional() }),
            role: 'member',
            messageAction: {
              label: [text('Flag for review')],
              fields: [
                {
                  name: 'note',
                  label: [text('Why should someone look at it?')],
                  style: 'paragraph',
                  required: true,
                  maxLength: 500,
                },
                { name: 'tag', label: [text('A tag (optional)')], style: 'short', required: false },
              ],
            },
            async run(call) {
              flagged.push({ args: call.args, target: call.target, evidence: call.evidence?.text });
              await call.reply(plain('flagged'), { private: true });
            },
          }),
        ],
      }),
    });
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [flagger]);
    expect(
      discord
        .commands('guild')
        .filter((c) => c.type === 3)
        .map((c) => c.name),
    ).toEqual(['Report message', 'Flag for review']);
    const alice = discord.addMember({ username: 'alice' });
    const post = discord.postMessage({ channelId: GENERAL, authorId: OWNER, content: 'buy cheap watches' });
    const menu = await discord.interaction({
      type: 'messageContextMenu',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'Flag for review',
      targetMessageId: post.id,
    });
    expect(menu.callback?.type).toBe(9);
    expect(menu.callback?.data).toMatchObject({
      title: 'Flag for review',
      components: [
        {
          type: 1,
          components: [
            {
              type: 4,
              custom_id: 'note',
              label: 'Why should someone look at it?',
              style: 2,
              required: true,
              max_length: 500,
            },
          ],
        },
        { type: 1, components: [{ type: 4, custom_id: 'tag', label: 'A tag (optional)', style: 1, required: false }] },
      ],
    });
    const customId = String(menu.callback?.data?.['custom_id']);
    const submitted = await discord.interaction({
      type: 'modalSubmit',
      userId: alice.user.id,
      channelId: GENERAL,
      customId,
      fields: { note: 'spam', tag: '' },
    });
    expect(String(submitted.callback?.data?.['content'])).toBe('flagged');
    expect(flagged).toEqual([{ args: { note: 'spam' }, target: `discord:${post.id}`, evidence: 'buy cheap watches' }]);
  });

  it('a command still working near Discord’s deadline is deferred, then its answer replaces the placeholder', async () => {
    discord = await startDiscord();
    const probe = probeFeature();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [probe.feature], { deferAfterMs: 50 });
    const alice = discord.addMember({ username: 'alice' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'slow',
    });
    expect(record.callback?.type).toBe(5); // deferred, ephemeral
    expect(record.ephemeral).toBe(true);
    expect(record.edits.map((e) => (e.body as { content: string }).content)).toEqual(['done at last']);
    expect(record.timedOut).toBe(false);
  });

  it('edits a message Foyer posted, with mentions still explicit only', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const sent = await foyer.adapter.ports.messages!.send(channelId('discord', GENERAL), plain('Results: 0 votes'));
    expect(sent.ok).toBe(true);
    const edited = await foyer.adapter.ports.edits!.edit(
      channelId('discord', GENERAL),
      sent.ok ? sent.value : ('' as never),
      plain('Results: 3 votes @everyone'),
    );
    expect(edited.ok).toBe(true);
    const patch = discord.requestsTo('PATCH /channels/:channelId/messages/:messageId', { succeeded: true }).at(-1)!;
    expect(patch.body).toEqual({
      content: 'Results: 3 votes @\u2060everyone',
      allowed_mentions: { parse: [], users: [] },
    });
  });

  it('native polls: published within Discord’s limits, votes delivered, ended on request', async () => {
    discord = await startDiscord();
    const probe = probeFeature();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [probe.feature], { polls: true });
    expect(discord.identifies.at(-1)!.intents & (1 << 24)).toBe(1 << 24); // GUILD_MESSAGE_POLLS asked for
    const polls = foyer.adapter.ports.polls!;
    const published = await polls.publish(channelId('discord', GENERAL), {
      question: 'Next meetup?',
      answers: ['Paris', 'Lyon'],
      durationHours: 24,
      multipleChoice: false,
    });
    expect(published.ok).toBe(true);
    const post = discord.requestsTo('POST /channels/:channelId/messages', { succeeded: true }).at(-1)!;
    expect((post.body as { poll: unknown }).poll).toMatchObject({
      question: { text: 'Next meetup?' },
      answers: [{ poll_media: { text: 'Paris' } }, { poll_media: { text: 'Lyon' } }],
      duration: 24,
      allow_multiselect: false,
    });
    const messageId = (post.response as { id: string }).id;
    const alice = discord.addMember({ username: 'alice' });
    discord.dispatch('MESSAGE_POLL_VOTE_ADD', {
      user_id: alice.user.id,
      channel_id: GENERAL,
      message_id: messageId,
      guild_id: GUILD,
      answer_id: 2,
    });
    discord.dispatch('MESSAGE_POLL_VOTE_REMOVE', {
      user_id: alice.user.id,
      channel_id: GENERAL,
      message_id: messageId,
      guild_id: GUILD,
      answer_id: 2,
    });
    await expect.poll(() => probe.votes.length).toBe(2);
    expect(probe.votes.map((v) => [v.member.id, v.answer, v.added])).toEqual([
      [`discord:${alice.user.id}`, 2, true],
      [`discord:${alice.user.id}`, 2, false],
    ]);
    const pollMessage = published.ok ? published.value : ('' as never);
    expect((await polls.end(channelId('discord', GENERAL), pollMessage, 'The poll has ended.')).ok).toBe(true);
    expect(discord.requestsTo('POST /channels/:channelId/polls/:messageId/expire', { succeeded: true })).toHaveLength(
      1,
    );
  });

  it('the polls feature runs a native Discord poll: votes from the gateway fill the ballots', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [], { polls: true });
    const mod = discord.addMember({ username: 'mod', roles: [MOD_ROLE] });
    const ana = discord.addMember({ username: 'ana' });
    const created = await discord.interaction({
      type: 'chatInput',
      userId: mod.user.id,
      channelId: GENERAL,
      commandName: 'poll',
      subcommand: 'show',
      options: { spec: 'Next meetup? | Paris | Lyon | for 1d' },
    });
    expect(
      String(
        created.callback?.data?.['content'] ?? (created.edits[0]?.body as { content?: string } | undefined)?.content,
      ),
    ).toContain('native poll');
    const post = discord
      .requestsTo('POST /channels/:channelId/messages', { succeeded: true })
      .find((r) => (r.body as { poll?: unknown }).poll)!;
    const messageId = (post.response as { id: string }).id;
    discord.dispatch('MESSAGE_POLL_VOTE_ADD', {
      user_id: ana.user.id,
      channel_id: GENERAL,
      message_id: messageId,
      guild_id: GUILD,
      answer_id: 2,
    });
    await expect
      .poll(async () => {
        const r = await discord!.interaction({
          type: 'chatInput',
          userId: ana.user.id,
          channelId: GENERAL,
          commandName: 'poll',
          subcommand: 'results',
          options: { poll: 1 },
        });
        return String(r.callback?.data?.['content']);
      })
      .toContain('Lyon: 1 vote (100%)');
  });

  it('without a polls feature, Foyer does not ask for the poll intent', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    // GUILDS, GUILD_MEMBERS, GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS
    expect(discord.identifies.at(-1)!.intents).toBe((1 << 0) | (1 << 1) | (1 << 9) | (1 << 10));
  });

  it('lock and slowmode restore exactly the previous channel settings', async () => {
    discord = await startDiscord({
      guild: { id: GUILD, name: 'The Garden', ownerId: OWNER },
      channels: [
        {
          id: GENERAL,
          name: 'general',
          rateLimitPerUser: 5,
          permissionOverwrites: [{ id: GUILD, type: 0, allow: '64', deny: '0' }],
        },
        { id: WELCOME, name: 'welcome' },
      ],
    });
    foyer = await DiscordFoyer.start(discord, {
      channels: { general: GENERAL, welcome: WELCOME, introductions: GENERAL },
    });
    const moderation = foyer.adapter.ports.channelModeration!;
    const general = channelId('discord', GENERAL);
    const everyoneOverwrite = () => discord!.state.channels.get(GENERAL)!.overwrites.find((o) => o.id === GUILD);

    const locked = await moderation.lock(general);
    expect(locked.ok).toBe(true);
    expect(BigInt(everyoneOverwrite()!.deny) & 2048n).toBe(2048n); // SEND_MESSAGES denied
    const slowed = await moderation.slowDown(general, 30);
    expect(discord.state.channels.get(GENERAL)!.rateLimitPerUser).toBe(30);

    expect((await moderation.restore(general, slowed.ok ? slowed.value : {})).ok).toBe(true);
    expect((await moderation.restore(general, locked.ok ? locked.value : {})).ok).toBe(true);
    expect(discord.state.channels.get(GENERAL)!.rateLimitPerUser).toBe(5);
    expect(everyoneOverwrite()).toMatchObject({ allow: '64', deny: '0' });
  });

  it('a channel with no @everyone overwrite gets none back after a lock is lifted', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const moderation = foyer.adapter.ports.channelModeration!;
    const locked = await moderation.lock(channelId('discord', GENERAL));
    expect(locked).toEqual({ ok: true, value: { kind: 'lock', overwrites: [{ id: GUILD, type: 0, before: null }] } });
    await moderation.restore(channelId('discord', GENERAL), locked.ok ? locked.value : {});
    expect(discord.state.channels.get(GENERAL)!.overwrites.find((o) => o.id === GUILD)).toBeUndefined();
  });
});
