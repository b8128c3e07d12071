/**
 * One Matrix client of the memory benchmark, in its own process so its resident memory is
 * its own (Synapse and the observer live elsewhere). Forked by bench/matrix-memory.ts:
 *
 *   foyer <config.yaml>                          Foyer itself: src/main.ts on that config, as
 *                                                `npm start -- --config` runs it (the parent
 *                                                gives the same V8 flags and MATRIX_ACCESS_TOKEN)
 *   default <baseUrl> <userId> <accessToken> <roomId>
 *                                                a matrix-js-sdk client with default options
 *                                                (createClient, startClient()), which joins the
 *                                                room when invited and counts live joins there
 *
 * Protocol (IPC). Both kinds answer {type:'measure'} with {type:'memory', …}: process.memoryUsage()
 * after two full collections with pauses, as a long-running process would have had by then,
 * and the RSS after one more, memory-reducing collection.
 * The default client sends {type:'ready'} once its first sync is prepared, and answers
 * {type:'expect', userIds} with {type:'seen'} once each of those users' joins reached it
 * live. Foyer says it is ready in its own log (the parent reads its stderr), and the parent
 * sees its welcomes. {type:'exit'} ends the default client; Foyer stops on SIGTERM.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  external: number;
  /** Peak resident memory of the process so far (bytes). */
  maxRss: number;
  /** RSS after one more, memory-reducing collection, which also returns the free pages V8 keeps pooled (what is live). */
  rssReduced: number;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'seen' }
  | { type: 'memory'; snapshot: MemorySnapshot }
  | { type: 'error'; message: string };
export type ParentMessage = { type: 'measure' } | { type: 'expect'; userIds: string[] } | { type: 'exit' };

type GcOptions = { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' };
const gc = (globalThis as { gc?: (options?: GcOptions) => void }).gc;

function send(message: ChildMessage): void {
  if (!process.send) throw new Error('matrix-memory-child: run by bench/matrix-memory.ts (needs an IPC channel)');
  process.send(message);
}

async function settledMemory(): Promise<MemorySnapshot> {
  if (!gc) throw new Error('matrix-memory-child: start node with --expose-gc');
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

function answerMeasurements(onOther: (m: ParentMessage) => void): void {
  // A parent that died (or was killed) leaves no client running behind it.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'measure')
      void settledMemory().then((snapshot) => send({ type: 'memory', snapshot }), reportFailure);
    else onOther(m);
  });
}

function reportFailure(error: unknown): void {
  try {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } catch {
    process.stderr.write(`matrix-memory-child: ${String(error)}\n`);
  }
  process.exit(1);
}

/** Foyer's own entry point, on the config the parent wrote; nothing of the bench is loaded beside it. */
async function runFoyer(configFile: string): Promise<void> {
  answerMeasurements(() => undefined);
  process.argv = [process.argv[0]!, join(import.meta.dirname, '../src/main.ts'), '--config', configFile];
  await import('../src/main.ts');
}

async function runDefaultClient(baseUrl: string, userId: string, accessToken: string, roomId: string): Promise<void> {
  const { ClientEvent, createClient, RoomEvent, RoomMemberEvent, SyncState } = await import('matrix-js-sdk');
  const client = createClient({ baseUrl, userId, accessToken });
  let expected: Set<string> | undefined;
  const joined = new Set<string>();
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

const [kind, ...args] = process.argv.slice(2);
const started =
  kind === 'foyer' && args.length === 1
    ? runFoyer(args[0]!)
    : kind === 'default' && args.length === 4
      ? runDefaultClient(args[0]!, args[1]!, args[2]!, args[3]!)
      : undefined;
if (!started)
  reportFailure(
    new Error('usage: matrix-memory-child.ts foyer <config.yaml> | default <baseUrl> <userId> <accessToken> <roomId>'),
  );
else started.catch(reportFailure);
