import { afterEach, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { testConfig } from '../../support/harness.ts';
import { DiscordFoyer, GENERAL, startDiscord, WELCOME } from '../../adapters/discord/discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

describe('Discord: /mydata erase', () => {
  it('the slash command has the erase choice and a code option, and the code it suggests erases as typed', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const mydata = discord.commands('guild').find((c) => c.name === 'mydata')!;
    expect(mydata.options!.map((o) => o.name)).toEqual(['format', 'code']);
    const format = mydata.options!.find((o) => o.name === 'format') as { choices?: { value: string }[] };
    expect(format.choices!.map((c) => c.value)).toEqual(['summary', 'export', 'erase']);

    const ana = discord.addMember({ username: 'ana' });
    await foyer.waitForPost(WELCOME, 'Welcome');
    const member = `discord:${ana.user.id}`;
    const community = testConfig().community.id;
    expect(foyer.storage.members.get(community, member)).toBeDefined();

    const ask = await discord.interaction({
      type: 'chatInput',
      userId: ana.user.id,
      channelId: GENERAL,
      commandName: 'mydata',
      options: { format: 'erase' },
    });
    expect(ask.ephemeral).toBe(true);
    const suggestion = /`\/mydata erase ([A-Z0-9]{6})`/.exec(String(ask.callback?.data?.['content']));
    expect(suggestion).not.toBeNull();

    // "/mydata erase CODE" on Discord: the erase choice, and the code in its option.
    const done = await discord.interaction({
      type: 'chatInput',
      userId: ana.user.id,
      channelId: GENERAL,
      commandName: 'mydata',
      options: { format: 'erase', code: suggestion![1]! },
    });
    expect(done.ephemeral).toBe(true);
    expect(String(done.callback?.data?.['content'])).toMatch(/^Done: \d+ records about you were removed/);
    expect(foyer.storage.members.get(community, member)).toBeUndefined();
    expect(foyer.storage.outreach.forMember(community, member)).toEqual([]);
  });
});
