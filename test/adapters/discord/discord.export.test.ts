import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/storage/portability/index.ts';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GENERAL, MOD_ROLE, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

describe('Discord: /export', () => {
  it('attaches the community’s export as a zip to a private answer for an admin', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { roles: { discord: { moderatorRoles: [], adminRoles: [MOD_ROLE] } } });
    const boss = discord.addMember({ username: 'boss', roles: [MOD_ROLE] });
    await foyer.waitForPost(discord.channelId('welcome'), 'Welcome');
    const record = await discord.interaction({
      type: 'chatInput',
      userId: boss.user.id,
      channelId: GENERAL,
      commandName: 'export',
    });
    expect(record.timedOut).toBe(false);
    expect(record.ephemeral).toBe(true);
    const request = record.callback!.request;
    expect(request.files).toHaveLength(1);
    const [file] = request.files;
    expect(file!.filename).toMatch(/^foyer-export-demo-garden-\d{4}-\d\d-\d\d\.zip$/);
    const entries = unzipSync(new Uint8Array(file!.data));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as Manifest;
    const members = manifest.tables.find((t) => t.table === 'members')!;
    expect(members.rows).toBe(1);
    const csv = Buffer.from(entries[members.csv.path]!).toString('utf8');
    expect(csv).toContain(`discord:${boss.user.id}`);
    expect(String(record.callback!.data?.['content'])).toContain('attached file');
  });

  it('refuses a member who is not an admin, and attaches nothing', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const ana = discord.addMember({ username: 'ana' });
    await foyer.waitForPost(discord.channelId('welcome'), 'Welcome');
    const record = await discord.interaction({
      type: 'chatInput',
      userId: ana.user.id,
      channelId: GENERAL,
      commandName: 'export',
    });
    expect(record.callback!.request.files).toHaveLength(0);
    expect(String(record.callback!.data?.['content'])).toBe('Sorry, `/export` is for admins only.');
  });
});
