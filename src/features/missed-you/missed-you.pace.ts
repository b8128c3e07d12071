/**
 * Paces a long loop of synchronous store work so that it never holds the event loop for
 * more than `budgetMs` at a time: call it after each item, and await what it returns. It
 * returns undefined while the current turn of the event loop is within budget, and a
 * promise that resolves on a later turn (after pending I/O, interactions and timers) once
 * the budget is spent. A turn that began elsewhere (the loop awaited real I/O meanwhile)
 * starts a fresh budget.
 *
 * This is not a timer of the feature's own: it measures the work's duration on a
 * monotonic clock (never the community's time) and only hands the loop back.
 */
export function createPacer(
  options: {
    /** Milliseconds of work per turn (default 4). */
    budgetMs?: number;
    /** A monotonic clock in milliseconds (default performance.now). */
    now?: () => number;
    /** Runs `resume` on a later turn of the event loop (default setImmediate). */
    later?: (resume: () => void) => void;
  } = {},
): () => Promise<void> | undefined {
  const { budgetMs = 4, now = () => performance.now(), later = (resume) => void setImmediate(resume) } = options;
  /** When this turn's work began; undefined once the turn is over. */
  let turnBegan: number | undefined;
  return () => {
    const at = now();
    if (turnBegan === undefined) {
      turnBegan = at;
      // Queued first, so it runs before any resume this turn queues: the next turn's budget starts afresh.
      later(() => (turnBegan = undefined));
      return undefined;
    }
    if (at - turnBegan < budgetMs) return undefined;
    return new Promise<void>((resolve) => later(resolve));
  };
}
