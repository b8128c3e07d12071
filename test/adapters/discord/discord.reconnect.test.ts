import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/storage/index.ts';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, WELCOME, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const content = (r: { body: unknown }) => String((r.body as { content?: string }).content);
const lastSeen = (f: DiscordFoyer) => f.storage.keyValue.get('discord', 'last-seen');
/** A last-seen from an earlier run, so the next start asks Discord for the member list. */
const earlierRun = () => {
  const storage = openStorage(':memory:');
  storage.keyValue.set('discord', 'last-seen', String(Date.now() - 60_000));
  return storage;
};

describe('Discord: joins across reconnects and restarts', () => {
  it('a session Discord will not resume (op 9) → members who joined in the gap are welcomed after the new identify', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    discord.invalidateSessions(false);
    const gap = discord.addMember({ username: 'gap' }); // no session to hear it: lost to the gateway
    await foyer.waitForPost(WELCOME, gap.user.id, 15_000);
    expect(discord.identifyCount).toBe(2);
    expect(foyer.posts(WELCOME).filter((r) => content(r).includes(gap.user.id))).toHaveLength(1);
  });

  it('stopped while disconnected → last-seen stays at the last event received, and the next start welcomes the join of the gap', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const before = discord.addMember({ username: 'before' });
    await foyer.waitForPost(WELCOME, before.user.id);
    const reconnecting = once(foyer.adapter.client, Events.ShardReconnecting);
    await discord.dropConnections(1000); // discord.js will identify afresh, after its identify throttle
    await reconnecting;
    const during = discord.addMember({ username: 'during' });
    await foyer.bot.stop(); // before the new session: Foyer never heard of the join
    expect(Number(lastSeen(foyer))).toBeLessThan(new Date(during.joined_at!).getTime());
    await foyer.boot();
    await foyer.waitForPost(WELCOME, during.user.id);
    expect(foyer.posts(WELCOME).filter((r) => content(r).includes(before.user.id))).toHaveLength(1);
  });

  it('the member list request is rate limited (RATE_LIMITED, once per 30 s) → Foyer waits, asks again, and welcomes the newcomer', async () => {
    discord = await startDiscord({ allMembersWindowMs: 3_000 });
    foyer = await DiscordFoyer.start(discord, {}, earlierRun());
    await discord.waitFor('memberRequest', (r) => r.allMembers && !r.rateLimited);
    await foyer.bot.stop();
    const during = discord.addMember({ username: 'during' });
    await foyer.boot(); // a quick restart: within the 30 s
    await foyer.waitForPost(WELCOME, during.user.id, 10_000);
    const session = discord.identifies.at(-1)!.sessionId;
    expect(discord.memberRequests.filter((r) => r.sessionId === session).map((r) => r.rateLimited)).toEqual([
      true,
      false,
    ]);
  });

  it('stopped while waiting out the rate limit → last-seen has not moved, so the next start still welcomes the newcomer', async () => {
    discord = await startDiscord({ allMembersWindowMs: 3_000 });
    foyer = await DiscordFoyer.start(discord, {}, earlierRun());
    await discord.waitFor('memberRequest', (r) => r.allMembers && !r.rateLimited);
    await foyer.bot.stop();
    const seenBefore = lastSeen(foyer);
    const during = discord.addMember({ username: 'during' });
    const refused = discord.waitFor('memberRequest', (r) => r.rateLimited);
    await foyer.boot();
    await refused;
    await foyer.bot.stop(); // before the retry: nothing was reconciled
    expect(lastSeen(foyer)).toBe(seenBefore);
    await foyer.boot();
    await foyer.waitForPost(WELCOME, during.user.id, 10_000);
  });
});
