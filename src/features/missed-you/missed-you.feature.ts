import { DAY } from '../../core/clock.ts';
import type { MemberId } from '../../core/ids.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { addDays, localDayOf } from '../../core/local-day.ts';
import type { ContactOutcome } from '../../core/outreach.ts';
import { code, list, mention, paragraph, rich, type Block, type Inline, type RichText } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { missedYouConfig } from './missed-you.config.ts';
import { inHoldout, RETURN_WINDOW_DAYS, silenceWindow } from './missed-you.logic.ts';
import { missedYouMessages, type MissedYouMessageKey } from './missed-you.messages.ts';
import { createPacer } from './missed-you.pace.ts';
import type { Absence, CandidateQuery, MissedMember } from './missed-you.store.ts';

type MissedYouTranslator = Translator<MissedYouMessageKey | CoreMessageKey>;

/** At most this many channels, polls and upcoming posts each: an invitation back, not a report. */
const HIGHLIGHTS_EACH = 3;

function statusLabel(t: MissedYouTranslator, status: string | null): Inline[] {
  if (status === 'sent') return t.t('missedYou.status.sent');
  if (status === null || status === 'capped') return t.t('missedYou.status.waiting');
  return t.t('missedYou.status.other');
}

const absenceLine = (t: MissedYouTranslator, a: Absence): Inline[] => {
  const day = t.date(new Date(`${a.lastActiveDay}T12:00:00Z`));
  return a.cohort === 'holdout'
    ? t.t('missedYou.data.absence.holdout', { day })
    : t.t('missedYou.data.absence.contact', { day, status: statusLabel(t, a.contactStatus) });
};

/**
 * "We missed you": a member who was active (at least `minActiveDays` active days in the
 * `lookbackDays` up to their last one) and has been silent for `silentDays` gets one
 * direct message per absence, through outreach (caps, opt-out, the log). A stable share of
 * those members (the holdout) gets none, so `/health` can compare how many of each group
 * came back within 7 days. Evaluated once a day.
 */
export const missedYouFeature = defineFeature({
  id: 'missedYou',
  description: 'One “we missed you” message per absence to members who went quiet, with a measured effect',
  needs: ['directMessages'] as const,
  optional: ['profiles'],
  settings: missedYouConfig,
  messages: missedYouMessages,
  config: (settings) => (settings.enabled ? settings : undefined),
  store: (stores) => stores.missedYou,
  memberData(store, member, t, community) {
    const absences = store.forMember(community.id, member);
    if (absences.length === 0) return undefined;
    return {
      key: 'missedYou',
      data: absences.map(({ member: _, ...kept }) => kept),
      lines: absences.map((a) => absenceLine(t, a)),
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const dayOf = localDayOf(community.timezone);

    /** Other bots are never activity, but a platform may still say an account is one: never write to it. */
    async function isBot(member: MemberId): Promise<boolean> {
      const profile = await ctx.optionalPorts.profiles?.getProfile(member);
      return profile?.ok === true && profile.value.bot === true;
    }

    /** Highlights by locale, read once per look: the same week for every member written to. */
    type HighlightCache = Map<string, Inline[][]>;

    function message(member: MemberId, name: string, cache: HighlightCache): RichText {
      const t = ctx.translatorFor(member);
      const blocks: Block[] = [
        paragraph(...t.t('missedYou.dm', { member: mention(member, name), community: community.name })),
      ];
      let highlights = cache.get(t.locale);
      if (!highlights) cache.set(t.locale, (highlights = highlightLines(t)));
      if (highlights.length > 0) blocks.push(paragraph(...t.t('missedYou.dm.highlights')), list(highlights));
      blocks.push(paragraph(...t.t('missedYou.dm.close', { optout: code(ctx.commandLabel('optout')) })));
      return rich(...blocks);
    }

    /** The last 7 days' highlights (the digest's week), a few of each kind: an invitation, not a report. */
    function highlightLines(t: MissedYouTranslator): Inline[][] {
      const now = ctx.clock.now();
      const h = ctx.highlights.between(new Date(now.getTime() - 7 * DAY), now);
      const count = (key: 'missedYou.messages' | 'missedYou.members' | 'missedYou.voters', n: number) =>
        t.plural(key, n, { count: t.number(n) });
      const lines: Inline[][] = [];
      if (h.newMembers.count > 0)
        lines.push(
          t.plural('missedYou.highlight.newMembers', h.newMembers.count, { count: t.number(h.newMembers.count) }),
        );
      for (const c of h.channels.slice(0, HIGHLIGHTS_EACH))
        lines.push(
          t.t('missedYou.highlight.channel', {
            channel: ctx.channelMention(c.channel),
            messages: count('missedYou.messages', c.messages),
            members: count('missedYou.members', c.participants),
          }),
        );
      for (const p of h.polls.slice(0, HIGHLIGHTS_EACH))
        lines.push(
          t.t('missedYou.highlight.poll', { question: p.question, voters: count('missedYou.voters', p.voters) }),
        );
      for (const u of h.upcoming.slice(0, HIGHLIGHTS_EACH))
        lines.push(t.t('missedYou.highlight.upcoming', { date: t.dateTime(u.at), title: u.title }));
      return lines;
    }

    async function assign(missed: MissedMember, now: Date): Promise<void> {
      if (ctx.members.get(missed.member)?.dmOptOutAt || (await isBot(missed.member))) return;
      const cohort = inHoldout(community.id, missed.member, config.holdoutShare) ? 'holdout' : 'contact';
      repo.record(community.id, {
        member: missed.member,
        lastActiveDay: missed.lastActiveDay,
        eligibleAt: now,
        eligibleDay: dayOf(now),
        cohort,
      });
    }

    async function contact(absence: Absence, cache: HighlightCache): Promise<ContactOutcome> {
      const { member, lastActiveDay } = absence;
      const name = ctx.members.get(member)?.displayName ?? '';
      const outcome = await ctx.outreach.contact(
        {
          member,
          effectKey: `missed-you:${community.id}:${member}:${lastActiveDay}`,
          reason: 'missedYou.reason',
          via: 'dm',
        },
        () => ctx.ports.directMessages.sendDirect(member, message(member, name, cache)),
      );
      repo.setContact(community.id, member, lastActiveDay, outcome, ctx.clock.now());
      return outcome;
    }

    /** Members to read per page: a few milliseconds of store work each. */
    const PAGE = 500;

    /** The day's missed members, page by page when the store can (each page a few ms), else all at once. */
    async function* missedMembers(query: CandidateQuery, pace: () => Promise<void> | undefined) {
      if (!repo.candidatesPage) return yield* repo.candidates(community.id, query);
      for (let after: string | undefined = ''; after !== undefined;) {
        const page = repo.candidatesPage(community.id, query, { after, scan: PAGE });
        yield* page.missed;
        after = page.next;
        await pace();
      }
    }

    /** Absences of the contact group still waiting for their message, page by page when the store can. */
    async function* awaitingContact(since: string, pace: () => Promise<void> | undefined) {
      if (!repo.awaitingContactPage) return yield* repo.awaitingContact(community.id, since);
      let after: { eligibleAt: Date; member: string } | undefined;
      for (;;) {
        const page = repo.awaitingContactPage(community.id, since, { after, limit: PAGE });
        yield* page;
        if (page.length < PAGE) return;
        const last = page.at(-1)!;
        after = { eligibleAt: last.eligibleAt, member: last.member };
        await pace();
      }
    }

    async function lookForMissedMembers(): Promise<void> {
      ctx.flushActivity();
      const now = ctx.clock.now();
      const today = dayOf(now);
      const window = silenceWindow(today, config);
      // Tens of thousands of members may be missed at once (the first look, after an outage): the work is
      // handed over to the event loop every few milliseconds, so commands and other events are not held up.
      const pace = createPacer();
      let found = 0;
      for await (const m of missedMembers({ ...window, ...config }, pace)) {
        found++;
        await assign(m, now);
        await pace();
      }
      // Capped contacts wait for the next day, as long as the member is silent and their return window is open.
      const highlights: HighlightCache = new Map();
      let waiting = 0;
      let sent = 0;
      for await (const absence of awaitingContact(addDays(today, -RETURN_WINDOW_DAYS), pace)) {
        waiting++;
        if ((await contact(absence, highlights)) === 'sent') sent++;
        await pace();
      }
      if (found > 0 || waiting > 0) ctx.logger.info('missed members looked for', { found, waiting, sent });
    }

    const [hour, minute] = config.time.split(':').map(Number);
    return {
      jobs: [
        {
          id: 'missed-you',
          cron: `${minute} ${hour} * * *`,
          timezone: community.timezone,
          // Each run covers every absence up to it: after an outage one run is enough.
          missed: { kind: 'catch-up', latestOnly: true },
          run: lookForMissedMembers,
        },
      ],
    };
  },
});
