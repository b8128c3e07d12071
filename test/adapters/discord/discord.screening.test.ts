import { afterEach, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GUILD, OWNER, WELCOME, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const content = (r: { body: unknown }) => String((r.body as { content?: string }).content);

describe('Discord: members mid-screening across restarts', () => {
  it('restart while a member is in membership screening → welcomed when they pass it', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const pending = discord.addMember({ username: 'pending', pending: true });
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    await foyer.restart();
    discord.updateMember(pending.user.id, { pending: false });
    await foyer.waitForPost(WELCOME, pending.user.id);
  });

  it('screening passed while Foyer was stopped → welcomed at the next start, once', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const pending = discord.addMember({ username: 'pending', pending: true });
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    await foyer.bot.stop();
    discord.updateMember(pending.user.id, { pending: false }); // nobody connected to hear it
    await foyer.boot();
    await foyer.waitForPost(WELCOME, pending.user.id);
    discord.updateMember(pending.user.id, { nick: 'in at last' });
    await foyer.time.advance(6_000); // past the welcome pace
    const marker2 = discord.addMember({ username: 'marker2' });
    await foyer.waitForPost(WELCOME, marker2.user.id);
    expect(foyer.posts(WELCOME).filter((r) => content(r).includes(pending.user.id))).toHaveLength(1);
  });

  it('Discord onboarding switched off while a member is mid-way → welcomed at the next start', async () => {
    discord = await startDiscord({ guild: { id: GUILD, name: 'The Garden', ownerId: OWNER, onboardingEnabled: true } });
    foyer = await DiscordFoyer.start(discord);
    const ana = discord.addMember({ username: 'ana', flags: 8 }); // started onboarding, not completed
    const marker = discord.addMember({ username: 'marker', flags: 2 | 8 });
    await foyer.waitForPost(WELCOME, marker.user.id);
    await foyer.bot.stop();
    discord.state.guild.onboardingEnabled = false; // ana keeps her flags, and now sees the channels
    await foyer.boot();
    await foyer.waitForPost(WELCOME, ana.user.id);
  });

  it('Discord onboarding switched off while Foyer runs → members mid-way are welcomed on the guild update', async () => {
    discord = await startDiscord({ guild: { id: GUILD, name: 'The Garden', ownerId: OWNER, onboardingEnabled: true } });
    foyer = await DiscordFoyer.start(discord);
    const ana = discord.addMember({ username: 'ana', flags: 8 });
    const marker = discord.addMember({ username: 'marker', flags: 2 | 8 });
    await foyer.waitForPost(WELCOME, marker.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    discord.state.guild.onboardingEnabled = false;
    discord.dispatch('GUILD_UPDATE', discord.state.guildPayload());
    await foyer.waitForPost(WELCOME, ana.user.id);
  });
});
