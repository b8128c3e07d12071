/**
 * Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since the Discord
 * epoch (2015-01-01T00:00:00Z), then 5 bits worker, 5 bits process, 12 bits increment.
 * discord.js reads creation times (`createdTimestamp`, message timestamps…) from them,
 * so the fake makes ids that agree with the dates it reports.
 */
export const DISCORD_EPOCH = 1_420_070_400_000;

const toMs = (at: Date | number | string): number =>
  at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;

/** The snowflake for a moment (worker 1, process 0) with the given 12-bit increment. */
export function snowflakeAt(at: Date | number | string, increment = 0): string {
  const ms = toMs(at);
  if (!Number.isFinite(ms) || ms < DISCORD_EPOCH)
    throw new RangeError(`no snowflake before the Discord epoch: ${String(at)}`);
  return ((BigInt(ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | BigInt(increment & 0xfff)).toString();
}

/** When a snowflake was made. */
export function snowflakeTime(id: string): Date {
  return new Date(Number(BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * Makes unique snowflakes, by default for "now". Ids for the present count their
 * increment up from 0; ids for an earlier moment (a member who joined last year) count
 * down from 4095 for that millisecond, so the two never meet.
 */
export class SnowflakeGenerator {
  #lastMs = 0;
  #increment = 0;
  readonly #past = new Map<number, number>();

  /** A new snowflake for `at` (default now). */
  next(at: Date | number | string = Date.now()): string {
    let ms = toMs(at);
    if (ms < this.#lastMs) {
      const used = this.#past.get(ms) ?? 0x1000;
      if (used > 0) {
        this.#past.set(ms, used - 1);
        return snowflakeAt(ms, used - 1);
      }
      ms = this.#lastMs; // 4096 ids for one past millisecond: fall back to the present
    }
    if (ms === this.#lastMs) {
      this.#increment = (this.#increment + 1) & 0xfff;
      // 4096 ids in one millisecond: take the next millisecond rather than repeat an id.
      if (this.#increment === 0) ms = ++this.#lastMs;
    } else {
      this.#increment = 0;
      this.#lastMs = ms;
    }
    return snowflakeAt(ms, this.#increment);
  }
}
