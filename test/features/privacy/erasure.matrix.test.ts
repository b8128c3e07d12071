// /mydata erase on Matrix: the real matrix-js-sdk against a real Synapse on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/index.ts';
import { testConfig } from '../../support/harness.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { bodyOf, Homeserver, MatrixFoyer, until } from '../../adapters/matrix/matrix-harness.ts';
import { openTestStorage } from '../../support/postgres/database.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix erasure test: ${synapse.skip}`);

let server: SynapseServer;
let hs: Homeserver;
let storage: Storage;
let foyer: MatrixFoyer;
let roomId: string;

describe.skipIf(skip)('Matrix: /mydata erase (matrix-js-sdk against Synapse)', () => {
  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    const botUser = await server.registerUser('foyer');
    const owner = await server.registerUser('owner');
    roomId = await hs.createRoom(owner, {
      preset: 'public_chat',
      name: 'The Garden',
      invite: [botUser.userId],
      power_level_content_override: { users: { [botUser.userId]: 100 } },
    });
    storage = openTestStorage();
    foyer = await new MatrixFoyer({
      server,
      botUser,
      storage,
      channels: { general: roomId, welcome: roomId, introductions: roomId },
    }).start();
  }, 120_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('!mydata erase answers in the direct room with a command that, typed as shown, erases the member', async () => {
    const ana: RegisteredUser = await server.registerUser('ana');
    await hs.join(ana, roomId);
    const member = `matrix:${ana.userId}`;
    const community = testConfig().community.id;
    await until(() => storage.members.get(community, member), 'the join recorded');
    await hs.say(ana, roomId, '!mydata erase');
    const dm = await until(() => storage.keyValue.get('matrix.dm', ana.userId), 'the direct room');
    await hs.join(ana, dm);
    const ask = await hs.waitForEvent(ana, dm, (e) => /!mydata erase [A-Z0-9]{6}/.test(bodyOf(e)), 'the code');
    const typed = /(!mydata erase [A-Z0-9]{6})/.exec(bodyOf(ask))![1]!;
    expect(bodyOf(ask)).toContain('Kept, for the safety of others');
    // Typed in the direct room, exactly as Foyer wrote it.
    await hs.say(ana, dm, typed);
    const done = await hs.waitForEvent(ana, dm, (e) => bodyOf(e).startsWith('Done:'), 'the confirmation');
    expect(bodyOf(done)).toMatch(/^Done: \d+ records about you were removed or no longer name you\.$/);
    expect(storage.members.get(community, member)).toBeUndefined();
    expect(storage.outreach.forMember(community, member)).toEqual([]);
  }, 60_000);
});
