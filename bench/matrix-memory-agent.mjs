/**
 * The memory benchmark's side inside each measured process (bench/matrix-memory.ts). Plain
 * JavaScript, so measuring loads no TypeScript stripper into a process that would not have it.
 *
 *   preloaded into Foyer (node --import): Foyer runs as `npm start` runs it, with its own entry
 *     point and flags; this only answers the parent's measurements
 *   run as `default <baseUrl> <userId> <accessToken> <roomId>`: a matrix-js-sdk client with
 *     default options (createClient, startClient()), which joins the room when invited and
 *     counts live joins there
 *
 * Protocol (IPC). Both answer {type:'measure'} with {type:'memory', snapshot}: process.memoryUsage()
 * after two full collections with pauses, as a long-running process would have had by then,
 * and the RSS after one more, memory-reducing collection. The default client sends
 * {type:'ready'} once its first sync is prepared, and answers {type:'expect', userIds} with
 * {type:'seen'} once each of those users' joins reached it live. Foyer says it is ready in
 * its own log (the parent reads its stderr). {type:'exit'} ends the default client; Foyer
 * stops on SIGTERM.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const gc = globalThis.gc;

function send(message) {
  if (!process.send) throw new Error('matrix-memory-agent: run by bench/matrix-memory.ts (needs an IPC channel)');
  process.send(message);
}

async function settledMemory() {
  if (!gc) throw new Error('matrix-memory-agent: start node with --expose-gc');
  gc();
  await sleep(500);
  gc();
  await sleep(500);
  const m = process.memoryUsage();
  // V8 does this itself only when its memory reducer decides the process is idle.
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  await sleep(200);
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    maxRss: process.resourceUsage().maxRSS * 1024,
    rssReduced: process.memoryUsage().rss,
  };
}

function reportFailure(error) {
  try {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } catch {
    process.stderr.write(`matrix-memory-agent: ${String(error)}\n`);
  }
  process.exit(1);
}

function answerMeasurements(onOther) {
  // A parent that died (or was killed) leaves no client running behind it.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m) => {
    if (m.type === 'measure')
      void settledMemory().then((snapshot) => send({ type: 'memory', snapshot }), reportFailure);
    else onOther(m);
  });
}

async function runDefaultClient(baseUrl, userId, accessToken, roomId) {
  const { ClientEvent, createClient, RoomEvent, RoomMemberEvent, SyncState } = await import('matrix-js-sdk');
  const client = createClient({ baseUrl, userId, accessToken });
  let expected;
  const joined = new Set();
  const check = () => {
    if (expected && [...expected].every((id) => joined.has(id))) {
      expected = undefined;
      send({ type: 'seen' });
    }
  };
  client.on(RoomMemberEvent.Membership, (_event, member) => {
    if (member.userId === userId && member.roomId === roomId && member.membership === 'invite')
      void client.joinRoom(roomId).catch(reportFailure);
  });
  client.on(RoomEvent.Timeline, (event, _room, toStart, _removed, data) => {
    if (toStart || !data?.liveEvent || event.getRoomId() !== roomId || event.getType() !== 'm.room.member') return;
    if (event.getContent()['membership'] !== 'join') return;
    joined.add(event.getStateKey() ?? '');
    check();
  });
  client.on(ClientEvent.Sync, (state, previous) => {
    if (state === SyncState.Prepared && previous === null) send({ type: 'ready' });
  });
  answerMeasurements((m) => {
    if (m.type === 'expect') {
      expected = new Set(m.userIds);
      check();
    } else if (m.type === 'exit') {
      client.stopClient();
      process.exit(0);
    }
  });
  await client.startClient();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, ...args] = process.argv.slice(2);
  if (kind !== 'default' || args.length !== 4)
    reportFailure(new Error('usage: matrix-memory-agent.mjs default <baseUrl> <userId> <accessToken> <roomId>'));
  else runDefaultClient(args[0], args[1], args[2], args[3]).catch(reportFailure);
} else {
  answerMeasurements(() => undefined);
}
