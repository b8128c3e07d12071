// Issue 20, item 6: commands typed in a Matrix thread. A thread message carries a reply
// fallback (`is_falling_back: true`) to the thread's latest event: that is not what the
// member replied to. Foyer's answers belong in the thread they were asked in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plain } from '../../../src/core/rich-text.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { bodyOf, Homeserver, MatrixFoyer, until } from './matrix-harness.ts';
import { commandProbe } from '../../support/command-probe.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix thread tests: ${synapse.skip}`);

/** A command answered in public (most of Foyer's answers are private, and go to a direct room). */
const publicProbe = commandProbe({
  id: 'public-probe',
  command: 'echo',
  description: 'Answers where it was asked',
  run: (call) => call.reply(plain('echo from Foyer')),
});

type Relation = {
  rel_type?: string;
  event_id?: string;
  is_falling_back?: boolean;
  'm.in_reply_to'?: { event_id?: string };
};
const inThread = (root: string, lastInThread: string) => ({
  rel_type: 'm.thread',
  event_id: root,
  is_falling_back: true,
  'm.in_reply_to': { event_id: lastInThread },
});
const replyInThread = (root: string, to: string) => ({
  rel_type: 'm.thread',
  event_id: root,
  is_falling_back: false,
  'm.in_reply_to': { event_id: to },
});

describe.skipIf(skip)('Matrix: commands in threads', () => {
  let server: SynapseServer;
  let hs: Homeserver;
  let owner: RegisteredUser;
  let troll: RegisteredUser;
  let bystander: RegisteredUser;
  let reporter: RegisteredUser;
  let botUser: RegisteredUser;
  let room: string;
  let storage: Storage;
  let foyer: MatrixFoyer;

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    troll = await server.registerUser('troll');
    bystander = await server.registerUser('bystander');
    reporter = await server.registerUser('reporter');
    botUser = await server.registerUser('foyer');
    room = await hs.createRoom(owner, { preset: 'public_chat', name: 'Garden', invite: [botUser.userId] });
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer({
      server,
      botUser,
      storage,
      channels: { general: room, welcome: room, introductions: room },
      extra: [publicProbe],
    }).start();
    for (const user of [troll, bystander, reporter]) await hs.join(user, room);
  }, 240_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('!report typed in a thread (reply fallback only) reports no bystander’s message', async () => {
    const root = await hs.say(troll, room, 'something nasty to start a thread');
    const bystanderSays = await hs.send(bystander, room, {
      msgtype: 'm.text',
      body: 'please stop',
      'm.relates_to': inThread(root, root),
    });
    await hs.send(reporter, room, {
      msgtype: 'm.text',
      body: '!report insulting people',
      'm.relates_to': inThread(root, bystanderSays),
    });
    const report = await until(() => storage.stores.triage.get('demo-garden', 1), 'the report');
    expect(report.reason).toBe('insulting people');
    expect(report.targetMessageId).not.toBe(`matrix:${bystanderSays}`);
    expect(report.evidenceAuthor ?? null).not.toBe(`matrix:${bystander.userId}`);
  });

  it('!report as a real reply inside a thread reports the message replied to', async () => {
    const root = await hs.say(owner, room, 'a thread about the meetup');
    const bad = await hs.send(troll, room, {
      msgtype: 'm.text',
      body: 'nasty reply in the thread',
      'm.relates_to': inThread(root, root),
    });
    await hs.send(bystander, room, { msgtype: 'm.text', body: 'ignore them', 'm.relates_to': inThread(root, bad) });
    await hs.send(reporter, room, {
      msgtype: 'm.text',
      body: '> <@troll:foyer.test> nasty reply in the thread\n\n!report rude',
      'm.relates_to': replyInThread(root, bad),
    });
    const report = await until(() => storage.stores.triage.get('demo-garden', 2), 'the second report');
    expect(report).toMatchObject({
      reason: 'rude',
      targetMessageId: `matrix:${bad}`,
      evidenceText: 'nasty reply in the thread',
      evidenceAuthor: `matrix:${troll.userId}`,
    });
  });

  it('an answer to a command typed in a thread lands in that thread, as a reply to the command', async () => {
    const root = await hs.say(owner, room, 'a thread for the probe');
    const command = await hs.send(bystander, room, {
      msgtype: 'm.text',
      body: '!echo',
      'm.relates_to': inThread(root, root),
    });
    const answer = await hs.waitForEvent(
      owner,
      room,
      (e) => e.sender === botUser.userId && bodyOf(e).includes('echo from Foyer'),
      'the echo',
    );
    const relation = answer.content['m.relates_to'] as Relation;
    expect(relation).toMatchObject({
      rel_type: 'm.thread',
      event_id: root,
      is_falling_back: false,
      'm.in_reply_to': { event_id: command },
    });
  });

  it('an answer to a command in the main timeline stays a plain reply there', async () => {
    const command = await hs.say(bystander, room, '!echo');
    const answer = await hs.waitForEvent(
      owner,
      room,
      (e) =>
        e.sender === botUser.userId &&
        (e.content['m.relates_to'] as Relation | undefined)?.['m.in_reply_to']?.event_id === command,
      'the echo',
    );
    expect(answer.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: command } });
  });
});
