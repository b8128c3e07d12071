import { Preset, type MatrixClient } from './matrix.sdk.ts';
import type { Logger } from '../../core/logger.ts';
import type { KeyValueStore } from '../../core/ports.ts';
import type { SendQueue } from './matrix.queue.ts';
import { fail, ok, type Result } from '../../core/result.ts';

const DM = 'matrix.dm';
const CLOSED = 'matrix.dm-closed';

type DirectMap = Record<string, string[]>;
/** The message budget refills a token every 5 s by default; a longer wait is room creation's own limit. */
const MESSAGE_LIMIT_WAIT_MS = 10_000;

export interface DirectRooms {
  /**
   * The member's direct room with Foyer: one both are in (or the member is invited to).
   * A member who left it closed it: `dm-closed`, unless `reopen` (the member asked for an
   * answer by typing a command) opens a new one.
   */
  roomFor(userId: string, options: { reopen: boolean }): Promise<Result<string>>;
  // A member who asked (`reopen`) is waiting for the answer: their room is created first.
  /** Whether `roomId` is Foyer's direct room with `userId`. */
  isDirectRoomOf(roomId: string, userId: string): boolean;
}

/**
 * Direct rooms as Matrix has them: ordinary rooms the member may leave, listed in Foyer's
 * `m.direct` account data so clients show them as direct chats.
 */
export function createDirectRooms(
  client: MatrixClient,
  keyValue: KeyValueStore,
  logger: Logger,
  clock: { now(): Date },
  /**
   * Creating a room takes from the account's message budget (Synapse: rc_message) and from a
   * slower one of its own (rc_room_creation): each attempt waits its turn in the messages'
   * queue, and a wait for the slower limit is waited in `creations`, not holding every send.
   */
  queues: { messages: SendQueue; creations: SendQueue },
): DirectRooms {
  const me = client.getUserId()!;
  // One lookup (and at most one new room) per member at a time: a welcome DM and a command's answer can race.
  const pending = new Map<string, Promise<Result<string>>>();
  // m.direct is one document for every member: its read-modify-writes must not overlap.
  let directWrites: Promise<unknown> = Promise.resolve();

  const localDirectMap = (): DirectMap => (client.getAccountData('m.direct' as never)?.getContent() ?? {}) as DirectMap;
  const iAmIn = (roomId: string) => client.getRoom(roomId)?.getMyMembership() === 'join';

  /**
   * The member's membership in the room, as the server has it now: the sync may not have
   * brought their leave yet, and lazy-loaded state may not hold them at all.
   */
  async function membershipOf(roomId: string, userId: string): Promise<string | undefined> {
    const fetched = (await client.getStateEvent(roomId, 'm.room.member', userId).catch(() => undefined)) as
      { membership?: string } | undefined;
    const local = client.getRoom(roomId)?.currentState.getStateEvents('m.room.member', userId)?.getContent()[
      'membership'
    ];
    return fetched?.membership ?? (typeof local === 'string' ? local : undefined);
  }

  function updateDirectMap(change: (map: DirectMap) => DirectMap): Promise<void> {
    const write = directWrites.then(async () => {
      // Read and written on the server: the synced copy can lag behind Foyer's own last write
      // (and setAccountData would wait for an echo that an unchanged document never gets).
      const latest = ((await client.getAccountDataFromServer('m.direct' as never).catch(() => null)) ??
        localDirectMap()) as DirectMap;
      await client.setAccountDataRaw('m.direct' as never, change({ ...latest }) as never);
    });
    directWrites = write.catch(() => undefined);
    return write;
  }

  async function create(userId: string, reopen: boolean): Promise<string> {
    const lane = reopen ? 'answer' : 'broadcast';
    const attempt = () => client.createRoom({ is_direct: true, invite: [userId], preset: Preset.TrustedPrivateChat });
    const { room_id } = await queues.creations.run(lane, () =>
      queues.messages.run(lane, attempt, { longestWaitInQueueMs: MESSAGE_LIMIT_WAIT_MS }),
    );
    return room_id;
  }

  /** Foyer leaves rooms the member left (nobody reads them) and forgets them. */
  async function forgetClosed(userId: string, closed: readonly string[]): Promise<void> {
    if (closed.length === 0) return;
    for (const roomId of closed)
      await client
        .leave(roomId)
        .catch((error: unknown) => logger.warn('leaving a direct room the member left failed', { error }));
    await updateDirectMap((map) => ({
      ...map,
      [userId]: (map[userId] ?? []).filter((id) => !closed.includes(id)),
    })).catch((error: unknown) => logger.warn('updating m.direct failed', { error }));
  }

  async function lookUp(userId: string, reopen: boolean): Promise<Result<string>> {
    const remembered = keyValue.get(DM, userId);
    const candidates = [...new Set([...(remembered ? [remembered] : []), ...(localDirectMap()[userId] ?? [])])].filter(
      iAmIn,
    );
    const closed: string[] = [];
    for (const roomId of candidates) {
      const membership = await membershipOf(roomId, userId);
      if (membership === 'join' || membership === 'invite') {
        keyValue.set(DM, userId, roomId);
        return ok(roomId);
      }
      closed.push(roomId);
    }
    await forgetClosed(userId, closed);
    if (closed.length > 0) keyValue.set(CLOSED, userId, String(clock.now().getTime()));
    if (!reopen && keyValue.get(CLOSED, userId) !== undefined)
      return fail('dm-closed', 'the member left their direct room with Foyer');
    const roomId = await create(userId, reopen);
    keyValue.set(DM, userId, roomId);
    keyValue.delete(CLOSED, userId);
    // Keep m.direct right, so the member's client shows it as a direct chat with Foyer.
    await updateDirectMap((map) => ({ ...map, [userId]: [...(map[userId] ?? []), roomId] }));
    return ok(roomId);
  }

  return {
    roomFor(userId, { reopen }) {
      const running = pending.get(userId);
      // A lookup that may not reopen a closed room is no answer for one that may.
      if (running)
        return running.then((found) =>
          !found.ok && found.error.kind === 'dm-closed' && reopen ? this.roomFor(userId, { reopen }) : found,
        );
      const lookup = lookUp(userId, reopen).finally(() => pending.delete(userId));
      pending.set(userId, lookup);
      return lookup;
    },
    isDirectRoomOf(roomId, userId) {
      if (roomId === '' || userId === me) return false;
      return keyValue.get(DM, userId) === roomId || (localDirectMap()[userId] ?? []).includes(roomId);
    },
  };
}
