// Issue 20, item 9: direct rooms with members as real Matrix rooms behave. Members leave
// them, type commands in them (Foyer's own DM says "type !onboarding"), several are
// opened at once, and Synapse limits how fast an account creates rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId } from '../../../src/core/ids.ts';
import { plain } from '../../../src/core/rich-text.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { bodyOf, Homeserver, MatrixFoyer, until, type Raw } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix direct-room tests: ${synapse.skip}`);

describe.skipIf(skip)('Matrix: direct rooms', () => {
  let server: SynapseServer;
  let hs: Homeserver;
  let owner: RegisteredUser;
  let mod: RegisteredUser;
  let botUser: RegisteredUser;
  let room: string;
  let storage: Storage;
  let foyer: MatrixFoyer;

  const dmOf = (user: RegisteredUser) => storage.keyValue.get('matrix.dm', user.userId);
  const fromFoyer = (part: string) => (e: Raw) => e.sender === botUser.userId && bodyOf(e).includes(part);
  const directMap = async () =>
    (await hs.call(
      botUser,
      'GET',
      `/_matrix/client/v3/user/${encodeURIComponent(botUser.userId)}/account_data/m.direct`,
    )) as Record<string, string[]>;
  /** A member of the community room, with a direct room with Foyer they have joined. */
  async function memberWithDirectRoom(name: string): Promise<{ user: RegisteredUser; dm: string }> {
    const user = await server.registerUser(name);
    await hs.join(user, room);
    await hs.say(user, room, '!onboarding');
    const dm = await until(() => dmOf(user), `${name}'s direct room`);
    await hs.join(user, dm);
    await hs.waitForEvent(user, dm, fromFoyer('Your first steps'), `${name}'s first answer`);
    return { user, dm };
  }

  beforeAll(async () => {
    // Room creation as a real server limits it (Synapse's default is a burst of 10): here one a second.
    server = await startSynapse({ rateLimits: 'off', config: { rc_room_creation: { per_second: 1, burst_count: 1 } } });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    mod = await server.registerUser('mod');
    botUser = await server.registerUser('foyer');
    room = await hs.createRoom(owner, {
      preset: 'public_chat',
      name: 'Garden',
      invite: [botUser.userId],
      power_level_content_override: { users: { [mod.userId]: 50, [botUser.userId]: 100 } },
    });
    await hs.join(mod, room);
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer({
      server,
      botUser,
      storage,
      channels: { general: room, welcome: room, introductions: room },
    }).start();
  }, 240_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('a member who left their direct room: no DM is sent into it (dm-closed), and their next command opens a new one', async () => {
    const { user: zoe, dm } = await memberWithDirectRoom('zoe');
    await hs.leave(zoe, dm);
    await until(
      async () =>
        (await hs.joinedMembers(botUser, dm).catch((): string[] => [])).includes(zoe.userId) ? undefined : true,
      'zoe gone from the room',
    );

    const sent = await foyer.adapter.ports.directMessages!.sendDirect(
      memberId('matrix', zoe.userId),
      plain('a nudge nobody would read'),
    );
    expect(sent).toMatchObject({ ok: false, error: { kind: 'dm-closed' } });

    await hs.say(zoe, room, '!onboarding');
    const fresh = await until(() => (dmOf(zoe) !== dm ? dmOf(zoe) : undefined), 'a new direct room');
    expect(await hs.state(botUser, fresh, 'm.room.member', zoe.userId)).toMatchObject({
      membership: 'invite',
      is_direct: true,
    });
    await hs.join(zoe, fresh);
    await hs.waitForEvent(zoe, fresh, fromFoyer('Your first steps'), 'the answer in the new room');
    expect(dmOf(zoe)).toBe(fresh);
    expect((await directMap())[zoe.userId]).toEqual([fresh]);
  }, 60_000);

  it('commands typed in the direct room are answered there, with the role from the community room, never from the DM', async () => {
    const { user: eve, dm: eveDm } = await memberWithDirectRoom('eve');
    // Invitees of a direct room hold power 100 in it: that must not make anyone a moderator.
    // (from room version 12 as an additional creator, with unlimited power).
    const dmPowers = (await hs.state(eve, eveDm, 'm.room.power_levels')) as { users?: Record<string, number> };
    const dmCreate = (await hs.state(eve, eveDm, 'm.room.create')) as { additional_creators?: string[] };
    expect(dmPowers.users?.[eve.userId] === 100 || Boolean(dmCreate.additional_creators?.includes(eve.userId))).toBe(
      true,
    );
    await hs.say(eve, eveDm, '!onboarding stats');
    await hs.waitForEvent(eve, eveDm, fromFoyer('is for moderators only'), 'the refusal in the DM');
    await hs.say(eve, eveDm, '!rules');
    await hs.waitForEvent(eve, eveDm, fromFoyer('Please read the code of conduct'), 'the rules in the DM');

    await hs.say(mod, room, '!onboarding');
    const modDm = await until(() => dmOf(mod), "the moderator's direct room");
    await hs.join(mod, modDm);
    await hs.say(mod, modDm, '!onboarding stats 7');
    await hs.waitForEvent(mod, modDm, fromFoyer('Newcomers of the last 7 days'), 'the stats in the DM');
    // Chat in a direct room is not community activity.
    await hs.say(eve, eveDm, 'thanks!');
    await hs.say(eve, eveDm, '!onboarding');
    await until(
      async () => ((await hs.events(eve, eveDm)).filter(fromFoyer('Your first steps')).length >= 2 ? true : undefined),
      'the second answer',
    );
    expect(storage.members.get('demo-garden', `matrix:${eve.userId}`)?.firstMessageAt ?? null).toBeNull();
  }, 60_000);

  it('several direct rooms opened at once (and rate limited): one room per member, every one kept in m.direct', async () => {
    const people = await Promise.all(['ann', 'bob', 'cyd'].map((name) => server.registerUser(name)));
    const dms = foyer.adapter.ports.directMessages!;
    const results = await Promise.all(
      people.flatMap((p) => [
        dms.sendDirect(memberId('matrix', p.userId), plain('hello one')),
        dms.sendDirect(memberId('matrix', p.userId), plain('hello two')),
      ]),
    );
    expect(results.map((r) => r.ok)).toEqual(Array(6).fill(true));
    const direct = await directMap();
    for (const person of people) {
      expect(direct[person.userId]).toHaveLength(1);
      expect(await hs.state(botUser, direct[person.userId]![0]!, 'm.room.member', person.userId)).toMatchObject({
        membership: 'invite',
        is_direct: true,
      });
    }
  }, 60_000);
});
