// Proves the Synapse harness (test/support/synapse/) with plain fetch: a real homeserver
// starts on loopback, users register, a message goes from one user to another, and the
// homeserver's rate limits behave as the Matrix adapter will meet them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';

// Installs Synapse into the cache on the first run. Under CI this throws instead of skipping.
const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Synapse tests: ${synapse.skip}`);

let server: SynapseServer | undefined;
let alice: RegisteredUser;
let bob: RegisteredUser;
let roomId: string;

/** A client-server API call as the given user; returns the status and the JSON body. */
async function call(
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server!.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let txn = 0;
const send = (user: RegisteredUser, room: string, text: string) =>
  call(
    user,
    'PUT',
    `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/foyer-${Date.now()}-${++txn}`,
    { msgtype: 'm.text', body: text },
  );

/** Sends `count` messages as fast as the server answers them, one after the other. */
async function burst(user: RegisteredUser, room: string, count: number, label: string) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await send(user, room, `${label} ${i + 1}`));
  return results;
}

describe.skipIf(skip)('Synapse harness (a real homeserver on loopback)', () => {
  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'default' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  it('starts and reports its version', async () => {
    const s = server!;
    console.log(`Synapse version ${s.version} (started in ${s.startSeconds.toFixed(1)} s on ${s.baseUrl})`);
    expect(s.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${s.baseUrl}/_synapse/admin/v1/server_version`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { server_version: string }).server_version).toBe(s.version);
    const versions = (await (await fetch(`${s.baseUrl}/_matrix/client/versions`)).json()) as { versions: string[] };
    expect(versions.versions).toContain('v1.1');
  });

  it('registers users through the shared-secret admin API', async () => {
    const s = server!;
    alice = await s.registerUser('alice');
    bob = await s.registerUser('bob', { password: 'correct horse battery staple' });
    expect(alice.userId).toBe(`@alice:${s.serverName}`);
    expect(bob.userId).toBe(`@bob:${s.serverName}`);
    expect(bob.password).toBe('correct horse battery staple');
    expect(alice.deviceId).toBeTruthy();
    const whoami = await call(bob, 'GET', '/_matrix/client/v3/account/whoami');
    expect(whoami).toMatchObject({ status: 200, body: { user_id: bob.userId, device_id: bob.deviceId } });
    // The password works for a normal login too.
    const login = await fetch(`${s.baseUrl}/_matrix/client/v3/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'm.login.password',
        identifier: { type: 'm.id.user', user: 'bob' },
        password: bob.password,
      }),
    });
    expect(login.status).toBe(200);
  });

  it('A creates a room and sends a message; B joins and reads it through /sync', async () => {
    const created = await call(alice, 'POST', '/_matrix/client/v3/createRoom', {
      preset: 'public_chat',
      name: 'Foyer harness',
    });
    expect(created.status).toBe(200);
    roomId = created.body['room_id'] as string;
    expect(roomId).toMatch(/^!/);

    const sent = await send(alice, roomId, 'Hello from Alice');
    expect(sent.status).toBe(200);
    const eventId = sent.body['event_id'] as string;

    const joined = await call(bob, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
    expect(joined).toMatchObject({ status: 200, body: { room_id: roomId } });

    const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 50 } } }));
    const sync = await call(bob, 'GET', `/_matrix/client/v3/sync?timeout=0&filter=${filter}`);
    expect(sync.status).toBe(200);
    const rooms = sync.body['rooms'] as {
      join: Record<
        string,
        { timeline: { events: { event_id: string; sender: string; type: string; content: { body?: string } }[] } }
      >;
    };
    const events = rooms.join[roomId]!.timeline.events;
    const message = events.find((e) => e.event_id === eventId);
    expect(message).toMatchObject({
      sender: alice.userId,
      type: 'm.room.message',
      content: { body: 'Hello from Alice' },
    });
  });

  it("with Synapse's default rate limits, a quick burst of 15 messages is limited (429 M_LIMIT_EXCEEDED)", async () => {
    const results = await burst(alice, roomId, 15, 'burst');
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    expect(limited[0]!.body).toMatchObject({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: expect.any(Number) });
  });

  it('after exemptFromRateLimits, the same burst goes through', async () => {
    await server!.exemptFromRateLimits(alice.userId);
    const results = await burst(alice, roomId, 15, 'exempt');
    expect(results.map((r) => r.status)).toEqual(Array(15).fill(200));
  });
});
