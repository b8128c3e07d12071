import type { MatrixClient, MatrixEvent } from './matrix.sdk.ts';
import type { Logger } from '../../core/logger.ts';
import type { KeyValueStore } from '../../core/ports.ts';
import type { Translator } from '../../core/i18n/translator.ts';
import { paragraph, rich, type Inline, type RichText } from '../../core/rich-text.ts';

const UPGRADES = 'matrix.upgrades';
const REMOVED = 'matrix.removed';
/** Upgrades chain (a room upgraded twice); the bound only guards against a loop in stored data. */
const LONGEST_CHAIN = 20;

export interface RoomLifecycleOptions {
  client: MatrixClient;
  userId: string;
  keyValue: KeyValueStore;
  logger: Logger;
  translator: Translator;
  /** The configured rooms; replacements of upgraded rooms are added to it. */
  rooms: Set<string>;
  /** Where moderators hear about what happened to Foyer's rooms. */
  alert(message: RichText, unlessRoom: string): Promise<void>;
}

/**
 * What happens to the rooms themselves: upgrades (`m.room.tombstone`) that Foyer follows
 * to the replacement room while the config still names the old one, and kicks and bans
 * after which Foyer stays out until it is invited again.
 */
export function createRoomLifecycle(options: RoomLifecycleOptions) {
  const { client, keyValue, logger, translator: t, rooms } = options;
  const configured = [...rooms];

  /** The room a configured room lives in now, after any upgrades. */
  function currentRoom(roomId: string): string {
    let room = roomId;
    for (let i = 0; i < LONGEST_CHAIN; i++) {
      const next = keyValue.get(UPGRADES, room);
      if (!next) return room;
      room = next;
    }
    return room;
  }

  /** The configured room that `roomId` stands for: itself, or the room it replaced. */
  function configuredRoomOf(roomId: string): string {
    return configured.find((room) => currentRoom(room) === roomId) ?? roomId;
  }

  for (const room of configured) rooms.add(currentRoom(room));

  const serverOf = (userId: string) => userId.slice(userId.indexOf(':') + 1);

  async function followUpgrade(oldRoom: string, replacement: string, sender: string): Promise<void> {
    const known = keyValue.get(UPGRADES, oldRoom) === replacement;
    keyValue.set(UPGRADES, oldRoom, replacement);
    rooms.add(replacement);
    if (client.getRoom(replacement)?.getMyMembership() === 'join') return;
    const vars = { old: configuredRoomOf(oldRoom), new: replacement };
    try {
      await client.joinRoom(replacement, { viaServers: [serverOf(sender)] });
      if (known) return;
      logger.error('a configured room was upgraded: Foyer follows it to the new room; update the config', {
        room: vars.old,
        replacement,
      });
      await options.alert(rich(paragraph(...t.t('platform.matrix.upgraded', vars))), '');
    } catch (error) {
      logger.error(
        'a configured room was upgraded, and Foyer cannot join the new room: invite it there and update the config',
        { room: vars.old, replacement, error },
      );
      if (!known)
        await options.alert(
          rich(
            paragraph(
              ...t.t('platform.matrix.upgradeNotFollowed', {
                ...vars,
                reason: error instanceof Error ? error.message : String(error),
              }),
            ),
          ),
          '',
        );
    }
  }

  /** A tombstone in a room Foyer serves: the room is dead, its replacement is where the channel goes on. */
  function onStateEvent(event: MatrixEvent): void {
    const roomId = event.getRoomId() ?? '';
    if (rooms.has(roomId)) acceptInvite(event);
    if (event.getType() !== 'm.room.tombstone' || !rooms.has(roomId)) return;
    const replacement = event.getContent()['replacement_room'];
    if (typeof replacement !== 'string' || replacement === roomId || !replacement.startsWith('!')) return;
    void followUpgrade(roomId, replacement, event.getSender() ?? '').catch((error: unknown) =>
      logger.error('following a room upgrade failed', { error }),
    );
  }

  /** Tombstones that arrived while Foyer was away are in the rooms' state. */
  async function followMissedUpgrades(): Promise<void> {
    for (const roomId of [...rooms]) {
      const tombstone = client.getRoom(roomId)?.currentState.getStateEvents('m.room.tombstone', '');
      if (tombstone) onStateEvent(tombstone);
    }
  }

  const reasonOf = (event: MatrixEvent): Inline[] => {
    const reason = event.getContent()['reason'];
    return typeof reason === 'string' && reason.trim() ? t.t('platform.matrix.reason', { reason: reason.trim() }) : [];
  };

  /** A kick or a ban is remembered (so no restart forces Foyer back in) and said once. */
  function removed(roomId: string, membership: 'leave' | 'ban', by: string, reason: Inline[]): void {
    if (keyValue.get(REMOVED, roomId) === membership) return;
    keyValue.set(REMOVED, roomId, membership);
    const room = configuredRoomOf(roomId);
    logger.error(
      membership === 'ban' ? 'Foyer was banned from a configured room' : 'Foyer was removed from a configured room',
      { room, by },
    );
    const key = membership === 'ban' ? 'platform.matrix.banned' : 'platform.matrix.kicked';
    void options.alert(rich(paragraph(...t.t(key, { room, by, reason }))), roomId).catch(() => undefined);
  }

  let startedAt = Number.POSITIVE_INFINITY;
  /**
   * Foyer's own membership changed while it runs. A room Foyer has left comes with its old
   * timeline (invite, join, kick), replayed at each start: only what happens from now on counts.
   */
  function onMyMembership(event: MatrixEvent, roomId: string, membership: string): void {
    if (!rooms.has(roomId) || event.getTs() < startedAt) return;
    if (membership === 'join' || membership === 'invite') return keyValue.delete(REMOVED, roomId);
    const by = event.getSender() ?? '';
    if ((membership === 'leave' || membership === 'ban') && by !== options.userId)
      removed(roomId, membership, by, reasonOf(event));
  }

  /**
   * An invite for Foyer to act on: pending, or sent while it runs. Read
   * from the state event itself: the synced copy of a room Foyer left may already say
   * "invite" from old events, and then no membership change is signalled.
   */
  const isFreshInviteOfMine = (event: MatrixEvent): boolean =>
    event.getType() === 'm.room.member' &&
    event.getStateKey() === options.userId &&
    event.getContent()['membership'] === 'invite' &&
    isFresh(event.getTs());
  // Invites pending at start are joined by `joinRooms`; the first sync replays old ones. After
  // that, an invite comes as stripped state, without a timestamp: current by definition.
  const isFresh = (ts: number) => startedAt !== Number.POSITIVE_INFINITY && (!(ts > 0) || ts >= startedAt);

  /**
   * Joins a served room on Foyer's fresh invite. Both the membership change and the state
   * event call this: neither alone is signalled for every room (a brand-new invited room, a
   * room Foyer left). A second join of the same room changes nothing.
   */
  function acceptInvite(event: MatrixEvent): void {
    if (!isFreshInviteOfMine(event)) return;
    void client
      .joinRoom(event.getRoomId() ?? '')
      .catch((error: unknown) => logger.warn('joining an invited room failed', { error }));
  }

  /**
   * Whether Foyer was kicked or banned from the room and not invited back, as the server
   * says (a former member reads the room's state as of its leaving; an invitee cannot
   * read it at all). The synced copy of a room Foyer left is no guide: it replays old events.
   */
  async function removedFrom(roomId: string): Promise<boolean> {
    const state = (await client.roomState(roomId).catch(() => undefined)) as
      | { type: string; state_key?: string; sender: string; content: { membership?: string; reason?: unknown } }[]
      | undefined;
    const mine = state?.find((e) => e.type === 'm.room.member' && e.state_key === options.userId);
    const membership = mine?.content.membership;
    if (!mine || (membership !== 'ban' && (membership !== 'leave' || mine.sender === options.userId))) {
      keyValue.delete(REMOVED, roomId);
      return false;
    }
    // Removed while Foyer was away: said now (once).
    const reason =
      typeof mine.content.reason === 'string' && mine.content.reason.trim()
        ? t.t('platform.matrix.reason', { reason: mine.content.reason.trim() })
        : [];
    removed(roomId, membership, mine.sender, reason);
    return true;
  }

  /** Joins every room Foyer serves, except those it was kicked or banned from. */
  async function joinRooms(now: number): Promise<void> {
    startedAt = now;
    for (const roomId of rooms) {
      if (client.getRoom(roomId)?.getMyMembership() === 'join') continue;
      // Upgraded: the replacement is served.
      if (configured.includes(roomId) && rooms.has(currentRoom(roomId)) && currentRoom(roomId) !== roomId) continue;
      if (await removedFrom(roomId)) {
        logger.error('Foyer was removed from a configured room and does not rejoin it by itself: invite it again', {
          room: configuredRoomOf(roomId),
        });
        continue;
      }
      await client
        .joinRoom(roomId)
        .catch((error: unknown) => logger.error('cannot join a configured room', { room: roomId, error }));
    }
  }

  /**
   * Whether an invite comes from a room whose creation names a served room as its
   * predecessor. Anyone can claim that; only the old room's tombstone makes Foyer join.
   */
  function claimsToReplace(roomId: string): boolean {
    if (rooms.has(roomId)) return false;
    const predecessor = client.getRoom(roomId)?.currentState.getStateEvents('m.room.create', '')?.getContent()[
      'predecessor'
    ] as { room_id?: unknown } | undefined;
    return typeof predecessor?.room_id === 'string' && rooms.has(predecessor.room_id);
  }

  return {
    acceptInvite,
    claimsToReplace,
    currentRoom,
    configuredRoomOf,
    onStateEvent,
    onMyMembership,
    followMissedUpgrades,
    joinRooms,
  };
}
