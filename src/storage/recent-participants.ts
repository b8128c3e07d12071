const SEP = '\u0000';

/** Days kept per community: the newest one seen and the one before it (a late message, a timezone's midnight). */
const DAYS_KEPT = 2;

/**
 * The channel-day participants the activity writer knows are already in
 * `channel_day_members`, for each community's latest days. Most messages come from a
 * member who has already posted in that channel that day: remembering it saves a statement
 * per batch and a lookup per row. It is only ever a "known present" list: a participant
 * missing here is inserted with INSERT OR IGNORE as before, so forgetting is always safe.
 * Whoever deletes rows of `channel_day_members` must tell it (`forget`, `forgetMember`,
 * `clear`); the writer is the only one that adds them.
 */
export class RecentParticipants {
  /** `community SEP day` → channel → members (nested, so a lookup builds no key string per message). */
  private readonly byDay = new Map<string, Map<string, Set<string>>>();
  /** Each community's days in `byDay`, newest last. */
  private readonly days = new Map<string, string[]>();

  has(community: string, channel: string, day: string, member: string): boolean {
    return this.ofDay(community, day)?.get(channel)?.has(member) ?? false;
  }

  /** The known participants of a day, by channel: looked up once per batch and day, not per message. */
  ofDay(community: string, day: string): ReadonlyMap<string, ReadonlySet<string>> | undefined {
    return this.byDay.get(community + SEP + day);
  }

  /** Remembers participants now committed (call after the transaction that inserted them). */
  add(community: string, channel: string, day: string, members: Iterable<string>): void {
    const known = this.dayOf(community, day);
    if (!known) return;
    let inChannel = known.get(channel);
    if (!inChannel) known.set(channel, (inChannel = new Set()));
    for (const member of members) inChannel.add(member);
  }

  forget(community: string, channel: string, day: string, member: string): void {
    this.byDay
      .get(community + SEP + day)
      ?.get(channel)
      ?.delete(member);
  }

  forgetMember(community: string, member: string): void {
    for (const day of this.days.get(community) ?? [])
      for (const members of this.byDay.get(community + SEP + day)?.values() ?? []) members.delete(member);
  }

  clear(): void {
    this.byDay.clear();
    this.days.clear();
  }

  /** The channels of a day, made when it is among the community's latest; undefined for an older day. */
  private dayOf(community: string, day: string): Map<string, Set<string>> | undefined {
    const key = community + SEP + day;
    const existing = this.byDay.get(key);
    if (existing) return existing;
    const days = this.days.get(community) ?? [];
    // Days are `YYYY-MM-DD`: string order is day order.
    if (days.length >= DAYS_KEPT && day < days[0]!) return undefined;
    days.push(day);
    days.sort();
    while (days.length > DAYS_KEPT) this.byDay.delete(community + SEP + days.shift()!);
    this.days.set(community, days);
    if (!days.includes(day)) return undefined;
    const fresh = new Map<string, Set<string>>();
    this.byDay.set(key, fresh);
    return fresh;
  }
}
