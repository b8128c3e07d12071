import { CORE_MESSAGES } from './i18n/translator.ts';
import type { Clock } from './clock.ts';
import type { CommunityId, MemberId } from './ids.ts';
import type { Logger } from './logger.ts';
import type { Result } from './result.ts';

export interface OutreachRecord {
  communityId: string;
  memberId: string;
  effectKey: string;
  feature: string;
  reason: string;
  via: 'dm' | 'channel';
  at: Date;
  status: 'pending' | 'sent' | 'failed' | 'unknown' | 'skipped';
  outcome: string | null;
  outcomeAt: Date | null;
}

/** The outreach log's storage, as core needs it; storage implements it. */
export interface OutreachStore {
  begin(
    entry: Pick<OutreachRecord, 'communityId' | 'memberId' | 'effectKey' | 'feature' | 'reason' | 'via' | 'at'>,
  ): boolean;
  finish(effectKey: string, status: 'sent' | 'failed' | 'skipped', outcome: string, at: Date): void;
  forMember(communityId: string, memberId: string, limit?: number): OutreachRecord[];
  /** Times of the direct messages sent to the member since `since`, oldest first. */
  directMessagesSince(communityId: string, memberId: string, since: Date): Date[];
}

/**
 * `skipped`: not sent because the member opted out of direct messages. `capped`: not sent
 * because the member already got their share of direct messages; the contact is not
 * recorded, so the feature may try again later (see `nextAllowed`).
 */
export type ContactOutcome = 'sent' | 'failed' | 'duplicate' | 'skipped' | 'capped';

/** At most this many direct messages per member per day and per rolling week. */
export interface DirectMessageCaps {
  perDay: number;
  perWeek: number;
}

export interface Contact {
  member: MemberId;
  /** What this contact is about; the same key is never contacted twice. */
  effectKey: string;
  reason: string;
  via: 'dm' | 'channel';
  /**
   * The member asked for this message (the outcome of their own report, a page they are
   * on call for): opt-out and caps do not hold it back, but it is recorded like any other.
   */
  requested?: boolean;
}

/**
 * Every contact Foyer starts with a member goes through here. The intent is committed
 * before the message is sent, keyed by effect, so a redelivered event or a restart can
 * never send it twice; the outcome is recorded after.
 */
export interface Outreach {
  contact(contact: Contact, send: () => Promise<Result<unknown>>): Promise<ContactOutcome>;
  /**
   * One message that reaches several members (a grouped welcome): each is logged; `send` is given only those not yet
   * contacted.
   */
  contactGroup(contacts: Contact[], send: (fresh: Contact[]) => Promise<Result<unknown>>): Promise<ContactOutcome>;
  history(member: MemberId, limit?: number): OutreachRecord[];
  /** When the member may next get a direct message under the caps (now, if already allowed). */
  nextAllowed(member: MemberId): Date;
}

export function createOutreach(deps: {
  store: OutreachStore;
  /** Whether the member opted out of direct messages (checked here, once, for every feature). */
  optedOut: (member: MemberId) => boolean;
  caps: DirectMessageCaps;
  atomically: <T>(work: () => T) => T;
  community: CommunityId;
  feature: string;
  clock: Clock;
  logger: Logger;
  /**
   * The log's words for a reason given as a message key: the English message, so the log
   * reads the same whatever the community's language and each reader sees it in theirs.
   */
  englishText?: (reason: string) => string;
}): Outreach {
  const { store, community, feature, clock, logger } = deps;
  const recorded = (reason: string) => deps.englishText?.(reason) ?? reason;
  const begin = (c: Contact) =>
    store.begin({
      communityId: community,
      memberId: c.member,
      effectKey: c.effectKey,
      feature,
      reason: recorded(c.reason),
      via: c.via,
      at: clock.now(),
    });

  const deliver = async (keys: string[], send: () => Promise<Result<unknown>>): Promise<ContactOutcome> => {
    const result = await send();
    const outcome = result.ok
      ? CORE_MESSAGES.en['outreach.outcome.delivered']
      : `${result.error.kind}: ${result.error.reason}`;
    deps.atomically(() => {
      for (const key of keys) store.finish(key, result.ok ? 'sent' : 'failed', outcome, clock.now());
    });
    if (!result.ok) logger.warn('contact failed', { feature, effects: keys.length, failure: result.error.kind });
    return result.ok ? 'sent' : 'failed';
  };

  const DAY = 86_400_000;
  /** The earliest time another DM fits under both caps. */
  const nextAllowed = (member: MemberId): Date => {
    const now = clock.now().getTime();
    const sent = store.directMessagesSince(community, member, new Date(now - 7 * DAY)).map((d) => d.getTime());
    let at = now;
    const lastDay = sent.filter((t) => t > now - DAY);
    if (lastDay.length >= deps.caps.perDay)
      at = Math.max(at, (lastDay[lastDay.length - deps.caps.perDay] ?? now) + DAY);
    if (sent.length >= deps.caps.perWeek) at = Math.max(at, (sent[sent.length - deps.caps.perWeek] ?? now) + 7 * DAY);
    if (deps.caps.perDay === 0 || deps.caps.perWeek === 0) at = Number.POSITIVE_INFINITY;
    return new Date(Math.min(at, 8.64e15));
  };

  return {
    nextAllowed,
    async contact(c, send) {
      const limited = c.via === 'dm' && !c.requested;
      // Caps are checked before anything is recorded, so a capped contact can happen later.
      if (limited && !deps.optedOut(c.member) && nextAllowed(c.member).getTime() > clock.now().getTime()) {
        logger.info('direct message capped', { member: c.member, reason: c.reason });
        return 'capped';
      }
      if (!begin(c)) return 'duplicate';
      if (limited && deps.optedOut(c.member)) {
        store.finish(c.effectKey, 'skipped', CORE_MESSAGES.en['outreach.outcome.optedOut'], clock.now());
        return 'skipped';
      }
      return deliver([c.effectKey], send);
    },
    async contactGroup(contacts, send) {
      const fresh = deps.atomically(() => contacts.filter(begin));
      if (fresh.length === 0) return 'duplicate';
      return deliver(
        fresh.map((c) => c.effectKey),
        () => send(fresh),
      );
    },
    history: (member, limit) => store.forMember(community, member, limit),
  };
}
