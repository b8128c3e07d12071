import { MatrixError, Preset, type MatrixClient } from 'matrix-js-sdk';
import type { Logger } from '../../core/logger.ts';
import type { KeyValueStore } from '../../core/ports.ts';
import { fail, ok, type Result } from '../../core/result.ts';

const DM = 'matrix.dm';
const CLOSED = 'matrix.dm-closed';
/** Room creation is rate limited on real servers (Synapse: rc_room_creation); a few waits cover a burst. */
const CREATE_ATTEMPTS = 6;
const LONGEST_WAIT_MS = 60_000;

type DirectMap = Record<string, string[]>;

export interface DirectRooms {
  /**
   * The member's direct room with Foyer: one both are in (or the member is invited to).
   * A member who left it closed it: `dm-closed`, unless `reopen` (the member asked for an
   * answer by typing a command) opens a new one.
   */
  roomFor(userId: string, options: { reopen: boolean }): Promise<Result<string>>;
  /** Whether `roomId` is Foyer's direct room with `userId`. */
  isDirectRoomOf(roomId: string, userId: string): boolean;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Direct rooms as Matrix has them: ordinary rooms the member may leave, listed in Foyer's
 * `m.direct` account data so clients show them as direct chats.
 */
export function createDirectRooms(
  client: MatrixClient,
  keyValue: KeyValueStore,
  logger: Logger,
  clock: { now(): Date },
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

  async function createWithRetry(userId: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { room_id } = await client.createRoom({
          is_direct: true,
          invite: [userId],
          preset: Preset.TrustedPrivateChat,
        });
        return room_id;
      } catch (error) {
        if (!(error instanceof MatrixError) || error.errcode !== 'M_LIMIT_EXCEEDED' || attempt >= CREATE_ATTEMPTS)
          throw error;
        const delay = Math.min(error.getRetryAfterMs() ?? 1_000 * attempt, LONGEST_WAIT_MS);
        logger.info('creating a direct room is rate limited: retrying', { attempt, delayMs: delay });
        await wait(delay);
      }
    }
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
    const roomId = await createWithRetry(userId);
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
