/**
 * Events come from the gateway in bunches: a burst of joins arrives in one read, and
 * discord.js emits them all in one turn of the event loop. Handled back to back, the
 * synchronous part of each (its database work) adds up to hundreds of milliseconds in
 * which no interaction is answered and no reply is sent. So Foyer hands events over for
 * at most `budgetMs` per turn of the event loop; the rest wait, in order, for the next
 * turns. Events that come one at a time are handed over at once.
 *
 * The budget counts the handing over only, not discord.js's own work in the same turn (it
 * reads and parses a whole bunch of packets there): events whose handling is quick are
 * handed over as they come, so they do not wait across turns. Waiting events live long
 * enough for V8 to move them to the old generation, and a stream of them leaves tens of
 * MiB of freed pages behind (bench/discord-memory.ts).
 */
export function eventsInTurns<T>(
  handOver: (event: T) => void,
  options: {
    onError: (error: unknown, event: T) => void;
    /** Milliseconds of handing over per turn (default 8). */
    budgetMs?: number;
    /** A monotonic clock in milliseconds (default performance.now). */
    now?: () => number;
  },
): (event: T) => void {
  const { onError, budgetMs = 8, now = () => performance.now() } = options;
  let waiting: T[] = [];
  let head = 0;
  /** Milliseconds spent handing over in this turn; undefined between turns. */
  let spent: number | undefined;

  const backlog = () => head < waiting.length;
  const withinBudget = () => spent! < budgetMs;
  const beginTurn = () => {
    spent = 0;
    // The check phase runs after this turn's I/O: the budget starts afresh there.
    setImmediate(endTurn);
  };
  const endTurn = () => {
    spent = undefined;
    if (backlog()) drain();
  };

  const handOverSafely = (event: T): void => {
    const began = now();
    try {
      handOver(event);
    } catch (error) {
      // One event's failure must not stall the ones behind it.
      onError(error, event);
    } finally {
      spent! += now() - began;
    }
  };

  const drain = (): void => {
    beginTurn();
    while (backlog() && withinBudget()) {
      const event = waiting[head]!;
      waiting[head++] = undefined as T;
      handOverSafely(event);
    }
    // Drained: a fresh array, so a long bunch does not keep its slots.
    if (!backlog()) [waiting, head] = [[], 0];
  };

  return (event) => {
    if (backlog()) return void waiting.push(event);
    if (spent === undefined) beginTurn();
    if (withinBudget()) return handOverSafely(event);
    waiting.push(event);
  };
}
