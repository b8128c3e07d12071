/**
 * The smallest welcome bot on matrix-js-sdk, with the same client options as Foyer's
 * adapter (no timeline in the first sync, lazy-loaded members, no presence): on a live
 * join it sends one m.notice that mentions the newcomer. No features, no database, no
 * dedup. Beside Foyer in the same room and run, its join → welcome time is what the SDK
 * and Synapse cost by themselves; the gap to Foyer's is Foyer's own overhead.
 */
import { createClient, RoomEvent, SyncState, ClientEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';

export interface MinimalBot {
  client: MatrixClient;
  stop(): void;
}

export async function startMinimalWelcomeBot(
  baseUrl: string,
  userId: string,
  accessToken: string,
  roomId: string,
): Promise<MinimalBot> {
  const client = createClient({ baseUrl, userId, accessToken });
  let live = false;
  client.on(RoomEvent.Timeline, (event: MatrixEvent, _room, toStart, _removed, data) => {
    if (!live || toStart || !data?.liveEvent || event.getRoomId() !== roomId || event.getType() !== 'm.room.member')
      return;
    const who = event.getStateKey();
    const joined = event.getContent()['membership'] === 'join' && event.getPrevContent()['membership'] !== 'join';
    if (!who || who === userId || !joined) return;
    void client
      .sendEvent(
        roomId,
        'm.room.message' as never,
        { msgtype: 'm.notice', body: `Welcome, ${who}!`, 'm.mentions': { user_ids: [who] } } as never,
      )
      .catch(() => undefined);
  });
  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: SyncState) => {
      if (state !== SyncState.Prepared) return;
      client.off(ClientEvent.Sync, onSync);
      resolve();
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 0, lazyLoadMembers: true, disablePresence: true });
  await prepared;
  if (client.getRoom(roomId)?.getMyMembership() !== 'join') await client.joinRoom(roomId);
  live = true;
  return { client, stop: () => client.stopClient() };
}
