// Issue 17: reactions as thanks on Matrix, taken back by redacting them, and a level's role
// as a power level. Real matrix-js-sdk against a real Synapse on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId } from '../../../src/core/ids.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { Homeserver, MatrixFoyer, until } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix reaction tests: ${synapse.skip}`);

describe.skipIf(skip)('Matrix: thanks by reaction, and level roles as power levels', () => {
  let server: SynapseServer;
  let hs: Homeserver;
  let owner: RegisteredUser;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let room: string;
  let storage: Storage;
  let foyer: MatrixFoyer;
  let txn = 0;

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    alice = await server.registerUser('alice');
    bob = await server.registerUser('bob');
    const botUser = await server.registerUser('foyer');
    room = await hs.createRoom(owner, {
      preset: 'public_chat',
      name: 'Garden',
      invite: [botUser.userId],
      power_level_content_override: { users: { [botUser.userId]: 100 } },
    });
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer({
      server,
      botUser,
      storage,
      channels: { general: room, welcome: room, introductions: room },
    }).start();
    await hs.join(alice, room);
    await hs.join(bob, room);
  }, 240_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  const thanksOfBob = () =>
    storage.stores.thanks
      .ofMember('demo-garden', memberId('matrix', bob.userId))
      .filter((e) => e.receiver === memberId('matrix', bob.userId));

  it('a 🙏 reaction thanks the message’s sender; redacting the reaction takes the thanks back', async () => {
    const tip = await hs.say(bob, room, 'restart the router first');
    const reaction = await hs.send(
      alice,
      room,
      { 'm.relates_to': { rel_type: 'm.annotation', event_id: tip, key: '🙏' } },
      'm.reaction',
    );
    const counted = await until(() => (thanksOfBob().length > 0 ? thanksOfBob() : undefined), 'the thanks');
    expect(counted.map((e) => [e.giver, e.via, e.message, e.emoji])).toEqual([
      [memberId('matrix', alice.userId), 'reaction', `matrix:${tip}`, '🙏'],
    ]);
    await hs.call(
      alice,
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/redact/${encodeURIComponent(reaction)}/r${++txn}`,
      {},
    );
    await until(() => (thanksOfBob().length === 0 ? true : undefined), 'the thanks taken back');
    // What the adapter remembered of the reaction went with it.
    expect(storage.keyValue.get('matrix.reactions', `${reaction} ${alice.userId}`)).toBeUndefined();
  });

  it('a level role is a power level: given, then taken back only while it is still that level', async () => {
    const roles = foyer.adapter.ports.memberRoles!;
    const levels = async () =>
      ((await hs.state(owner, room, 'm.room.power_levels')) as { users: Record<string, number> }).users;
    expect((await roles.grant(memberId('matrix', bob.userId), '10')).ok).toBe(true);
    expect((await levels())[bob.userId]).toBe(10);
    expect((await roles.revoke(memberId('matrix', bob.userId), '10')).ok).toBe(true);
    expect((await levels())[bob.userId]).toBeUndefined();
    // A moderator's own power level is never lowered by a level, nor taken back by one.
    await hs.setState(owner, room, 'm.room.power_levels', {
      ...(await hs.state(owner, room, 'm.room.power_levels')),
      users: { ...(await levels()), [alice.userId]: 50 },
    });
    expect((await roles.grant(memberId('matrix', alice.userId), '10')).ok).toBe(true);
    expect((await roles.revoke(memberId('matrix', alice.userId), '10')).ok).toBe(true);
    expect((await levels())[alice.userId]).toBe(50);
    const bad = await roles.grant(memberId('matrix', bob.userId), 'helpers');
    expect(bad.ok ? 'ok' : bad.error.kind).toBe('invalid');
  });
});
