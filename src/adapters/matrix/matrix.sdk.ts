/**
 * The parts of matrix-js-sdk Foyer uses, imported from their own modules. The package's
 * index re-exports everything, and so also loads what Foyer never runs: the widget API
 * client (matrix-widget-api), sliding sync, the crypto stores, the OAuth helpers. Importing
 * the modules themselves loads about 50 fewer modules and keeps about 2 MiB less in the
 * heap (measured with bench/matrix-memory.ts; the figures are in the README).
 */
import { MatrixClient, type ICreateClientOpts } from 'matrix-js-sdk/lib/client.js';
import { MatrixScheduler } from 'matrix-js-sdk/lib/scheduler.js';
import { MemoryStore } from 'matrix-js-sdk/lib/store/memory.js';

export { ClientEvent, MatrixClient } from 'matrix-js-sdk/lib/client.js';
export { Filter } from 'matrix-js-sdk/lib/filter.js';
export { MatrixError, Method } from 'matrix-js-sdk/lib/http-api/index.js';
export type { MatrixEvent } from 'matrix-js-sdk/lib/models/event.js';
export { RoomEvent } from 'matrix-js-sdk/lib/models/room.js';
export { RoomMemberEvent } from 'matrix-js-sdk/lib/models/room-member.js';
export { RoomStateEvent } from 'matrix-js-sdk/lib/models/room-state.js';
export { Preset } from 'matrix-js-sdk/lib/@types/partials.js';
export { SyncState } from 'matrix-js-sdk/lib/sync.js';
export { logger as sdkRootLogger } from 'matrix-js-sdk/lib/logger.js';

/**
 * What the SDK's `createClient` does, without a crypto store: Foyer serves no encrypted
 * room (it says so), so it never starts the SDK's crypto.
 */
export function createClient(options: ICreateClientOpts): MatrixClient {
  return new MatrixClient({ store: new MemoryStore(), scheduler: new MatrixScheduler(), ...options });
}
