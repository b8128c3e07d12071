import { afterEach, describe, expect, it } from 'vitest';
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

const body = (r: { body: unknown }) => r.body as { content?: string; allowed_mentions?: unknown };

describe('Discord: members who leave and rejoin', () => {
  it('a member Discord flags DID_REJOIN, unknown to Foyer, gets a quiet welcome back that pings nobody', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const bob = discord.addMember({ username: 'bob', flags: 1 });
    const post = await foyer.waitForPost(WELCOME, 'Welcome back to The Garden');
    expect(body(post).content).toBe('Welcome back to The Garden, bob.');
    expect(body(post).content).not.toContain(`<@${bob.user.id}>`);
    expect(body(post).allowed_mentions).toEqual({ parse: [], users: [], roles: [], replied_user: false });
  });

  it('leaving and rejoining in a loop → one welcome, one welcome back, no flood', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    for (let i = 1; i <= 3; i++) {
      discord.removeMember(alice.user.id);
      discord.addMember({ id: alice.user.id, username: 'alice', joinedAt: new Date(Date.now() + i * 1_000) });
    }
    await foyer.waitForPost(WELCOME, 'Welcome back');
    await foyer.time.advance(6_000); // past the welcome pace
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    const aboutAlice = foyer
      .posts(WELCOME)
      .map((r) => String(body(r).content))
      .filter((c) => c.includes(alice.user.id) || c.includes('alice'));
    expect(aboutAlice).toHaveLength(2);
    expect(aboutAlice[1]).toBe('Welcome back to The Garden, alice.');
  });
});
