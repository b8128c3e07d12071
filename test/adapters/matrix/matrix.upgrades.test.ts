// Issue 20, item 5: configured rooms are upgraded, Foyer is kicked or banned from them,
// and encryption is switched on while it runs. Foyer follows, says so, and never
// forces its way back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { bodyOf, Homeserver, MatrixFoyer, until, type Raw } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix room-upgrade tests: ${synapse.skip}`);

describe.skipIf(skip)('Matrix: room upgrades, kicks, bans and encryption', () => {
  let server: SynapseServer;
  let hs: Homeserver;
  let owner: RegisteredUser;
  let botUser: RegisteredUser;
  let garden: string;
  let lounge: string;
  let hall: string;
  let quiet: string;
  let mods: string;
  let storage: Storage;
  let foyer: MatrixFoyer;
  let channels: Record<string, string>;

  const fromFoyer = (part: string) => (e: Raw) => e.sender === botUser.userId && bodyOf(e).includes(part);
  const membershipOfFoyer = async (room: string) =>
    String((await hs.state(owner, room, 'm.room.member', botUser.userId))['membership']);
  const startFoyer = () =>
    new MatrixFoyer({ server, botUser, storage, channels, adapter: { alertRoom: mods } }).start();
  const welcomed = (user: RegisteredUser) => (e: Raw) =>
    e.sender === botUser.userId &&
    ((e.content['m.mentions'] as { user_ids?: string[] } | undefined)?.user_ids ?? []).includes(user.userId);

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    botUser = await server.registerUser('foyer');
    const room = (name: string, preset = 'public_chat') =>
      hs.createRoom(owner, {
        preset,
        name,
        invite: [botUser.userId],
        power_level_content_override: { users: { [botUser.userId]: 100 } },
      });
    garden = await room('Garden');
    lounge = await room('Lounge');
    hall = await room('Hall');
    quiet = await room('Quiet');
    mods = await room('Moderators', 'private_chat');
    channels = { general: garden, welcome: garden, introductions: garden, lounge, hall, quiet, moderators: mods };
    storage = openStorage(':memory:');
    foyer = await startFoyer();
  }, 240_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('an upgraded room: Foyer joins the replacement, keeps serving it as the configured channel, and tells the moderators to update the config', async () => {
    const upgraded = await hs.call(owner, 'POST', `/_matrix/client/v3/rooms/${encodeURIComponent(garden)}/upgrade`, {
      new_version: '12',
    });
    const replacement = String(upgraded['replacement_room']);
    // The new room is invite-only for Foyer here: the invite must not be declined.
    await hs.setState(owner, replacement, 'm.room.join_rules', { join_rule: 'invite' });
    // Synapse may have brought Foyer in already (or invited it): then there is nothing to decline.
    await hs
      .invite(owner, botUser, replacement)
      .catch((error: unknown) => expect(String(error)).toMatch(/already (in|invited to) the room/));
    await until(
      async () => ((await hs.joinedMembers(owner, replacement)).includes(botUser.userId) ? true : undefined),
      'Foyer in the replacement room',
    );

    const notice = await hs.waitForEvent(owner, mods, fromFoyer(replacement), 'the notice to moderators');
    expect(bodyOf(notice)).toContain(garden);
    expect(foyer.problems('upgraded')).not.toHaveLength(0);

    // The welcome channel is still the old id in the config: welcomes go to the new room.
    const ana = await server.registerUser('ana');
    await hs.invite(owner, ana, replacement);
    await hs.join(ana, replacement);
    await hs.waitForEvent(owner, replacement, welcomed(ana), 'a welcome in the new room');
  }, 60_000);

  it('kicked or banned: the moderators hear of it, and a restart does not rejoin the room; a new invite brings Foyer back', async () => {
    await hs.call(owner, 'POST', `/_matrix/client/v3/rooms/${encodeURIComponent(lounge)}/kick`, {
      user_id: botUser.userId,
      reason: 'too chatty',
    });
    const kicked = await hs.waitForEvent(owner, mods, fromFoyer('removed'), 'the kick notice');
    expect(bodyOf(kicked)).toContain('too chatty');
    await hs.call(owner, 'POST', `/_matrix/client/v3/rooms/${encodeURIComponent(hall)}/ban`, {
      user_id: botUser.userId,
      reason: 'testing bans',
    });
    const banned = await hs.waitForEvent(owner, mods, fromFoyer('banned'), 'the ban notice');
    expect(bodyOf(banned)).toContain('testing bans');

    await foyer.stop();
    foyer = await startFoyer();
    expect(await membershipOfFoyer(lounge)).toBe('leave');
    expect(await membershipOfFoyer(hall)).toBe('ban');
    expect(foyer.problems('removed from')).not.toHaveLength(0);

    // Still served after the restart: the upgraded room, under its configured id.
    const bea = await server.registerUser('bea');
    const replacement = String((await hs.state(owner, garden, 'm.room.tombstone'))['replacement_room']);
    await hs.invite(owner, bea, replacement);
    await hs.join(bea, replacement);
    await hs.waitForEvent(owner, replacement, welcomed(bea), 'a welcome in the new room after a restart');

    await hs.invite(owner, botUser, lounge);
    await until(
      async () => ((await membershipOfFoyer(lounge)) === 'join' ? true : undefined),
      'Foyer back in the lounge',
    );
  }, 60_000);

  it('encryption switched on while Foyer runs: it says so in the log and once in the room', async () => {
    await hs.setState(owner, quiet, 'm.room.encryption', { algorithm: 'm.megolm.v1.aes-sha2' });
    await hs.waitForEvent(owner, quiet, fromFoyer('end-to-end encrypted'), 'the encryption notice');
    expect(foyer.problems('end-to-end encrypted')).not.toHaveLength(0);
  });
});
