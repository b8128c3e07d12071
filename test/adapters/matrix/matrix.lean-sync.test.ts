// Issue 18: Foyer's Matrix process keeps only what features use. Read receipts and typing
// notifications, which a busy room sends for every member, are not even synced.
// Real matrix-js-sdk against a real Synapse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { Homeserver, MatrixFoyer, until } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix lean sync tests: ${synapse.skip}`);

describe.skipIf(skip)('Matrix: what Foyer’s sync keeps', () => {
  let server: SynapseServer;
  let hs: Homeserver;
  let storage: Storage;
  let foyer: MatrixFoyer;
  let owner: RegisteredUser;
  let room: string;

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    const botUser = await server.registerUser('foyer');
    room = await hs.createRoom(owner, { preset: 'public_chat', name: 'Garden', invite: [botUser.userId] });
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer({
      server,
      botUser,
      storage,
      channels: { general: room, welcome: room, introductions: room },
    }).start();
  }, 120_000);

  afterAll(async () => {
    await foyer?.stop();
    storage?.close();
    await server?.stop();
  }, 30_000);

  /** A message after the event under test: once Foyer's client has it, the sync that carried both is handled. */
  async function syncedPast(user: RegisteredUser, body: string): Promise<void> {
    const sent = await hs.say(user, room, body);
    await until(() => foyer.adapter.client.getRoom(room)?.findEventById(sent), `Foyer's client holding "${body}"`);
  }

  it('holds no read receipts and no typing notifications from members', async () => {
    const alice = await server.registerUser('alice');
    await hs.join(alice, room);
    const read = await hs.say(alice, room, 'something to read');
    await hs.call(
      owner,
      'POST',
      `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/receipt/m.read/${encodeURIComponent(read)}`,
      {},
    );
    await hs.call(
      owner,
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/typing/${encodeURIComponent(owner.userId)}`,
      { typing: true, timeout: 30_000 },
    );
    await syncedPast(alice, 'after the receipt and the typing');

    const synced = foyer.adapter.client.getRoom(room)!;
    expect(synced.getReadReceiptForUserId(owner.userId, true)).toBeNull();
    expect(synced.getMember(owner.userId)?.typing ?? false).toBe(false);
  }, 60_000);
});
