import type { PeriodHighlights } from '../../core/highlights.ts';
import { isEmptyPeriod } from '../../core/highlights.ts';
import type { ChannelId, MemberId } from '../../core/ids.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { list, paragraph, rich, strong, text, type Block, type Inline, type RichText } from '../../core/rich-text.ts';
import { parseTimeOfDay } from '../../core/clock.ts';
import { firstSlot, lastSlot } from '../../core/scheduler.ts';
import { WEEKDAYS, type DigestSettings } from './digest.config.ts';
import type { DigestMessageKey } from './digest.messages.ts';

export type DigestTranslator = Translator<DigestMessageKey | CoreMessageKey>;

/** How many of each kind of highlight an issue shows, so it stays readable. */
export const SHOWN = { names: 10, channels: 3, conversations: 3, revivals: 3, upcoming: 5 } as const;
/** Notes are member-facing text from a moderator: short, and inserted as inert text. */
export const NOTE_MAX = 500;

/** The cron expression of the digest's slots: each slot ends one period and starts the next. */
export function digestCron(config: Pick<DigestSettings, 'frequency' | 'day' | 'monthDay' | 'time'>): string {
  const parsed = parseTimeOfDay(config.time);
  // The settings schema has checked the time already.
  const { hour, minute } = parsed.ok ? parsed.value : { hour: 9, minute: 0 };
  return config.frequency === 'weekly'
    ? `${minute} ${hour} * * ${WEEKDAYS.indexOf(config.day)}`
    : `${minute} ${hour} ${config.monthDay} * *`;
}

/** The slot after `now`: when the next issue is due. */
export const nextIssueAt = (cron: string, timezone: string, now: Date): Date | undefined =>
  firstSlot(cron, timezone, now);

/** The slot before `slot`: where the period it ends starts (a month back at most, plus slack). */
export const periodStartOf = (cron: string, timezone: string, slot: Date): Date =>
  lastSlot(cron, timezone, new Date(slot.getTime() - 40 * 86_400_000), new Date(slot.getTime() - 1)) ??
  new Date(slot.getTime() - 7 * 86_400_000);

/** What the issue needs besides the highlights: names and channels as the platform shows them. */
export interface IssueContext {
  t: DigestTranslator;
  community: string;
  frequency: DigestSettings['frequency'];
  note?: string;
  excluded: ReadonlySet<string>;
  memberName(member: MemberId): Inline;
  channel(channel: ChannelId): Inline;
  /** A calendar post's channel is a logical name from config. */
  namedChannel(name: string): Inline;
}

/** Joins inline pieces with commas, the way a sentence lists names. */
const joined = (items: Inline[]): Inline[] => items.flatMap((item, i) => (i === 0 ? [item] : [text(', '), item]));

function welcome(ctx: IssueContext, h: PeriodHighlights): Inline[] {
  const { t } = ctx;
  const shown = h.newMembers.members.slice(0, SHOWN.names).map((m) => ctx.memberName(m));
  const more = h.newMembers.count - shown.length;
  const names =
    more > 0
      ? [...joined(shown), text(' '), ...t.plural('digest.newMembers.more', more, { count: t.number(more) })]
      : joined(shown);
  return t.plural('digest.newMembers', h.newMembers.count, { count: t.number(h.newMembers.count), names });
}

const count = (t: DigestTranslator, key: 'messages' | 'replies' | 'participants', n: number): Inline[] =>
  t.plural(`digest.count.${key}`, n, { count: t.number(n) });

/** Only what is shown publicly: nothing from a channel the config leaves out. */
export function visible(h: PeriodHighlights, excluded: ReadonlySet<string>): PeriodHighlights {
  const open = <T extends { channel: ChannelId }>(items: T[]) => items.filter((i) => !excluded.has(i.channel));
  return {
    ...h,
    polls: open(h.polls),
    channels: open(h.channels),
    conversations: open(h.conversations),
    revivals: open(h.revivals),
  };
}

/** Whether there is anything to post at all (with `whenQuiet: skip`, an empty period gets no issue). */
export const hasNews = (h: PeriodHighlights, note: string | undefined): boolean =>
  note !== undefined || !isEmptyPeriod(h);

/** The issue, in the translator's language: every figure from metadata and Foyer's own texts, never a message body. */
export function renderIssue(ctx: IssueContext, all: PeriodHighlights): RichText {
  const { t } = ctx;
  const h = visible(all, ctx.excluded);
  const last = new Date(h.to.getTime() - 1);
  const blocks: Block[] = [
    paragraph(
      strong(
        ...t.t(`digest.title.${ctx.frequency}`, { community: ctx.community, from: t.date(h.from), to: t.date(last) }),
      ),
    ),
  ];
  if (ctx.note !== undefined) blocks.push(paragraph(strong(...t.t('digest.note')), text(ctx.note)));
  if (h.newMembers.count > 0) blocks.push(paragraph(...welcome(ctx, h)));
  if (h.polls.length > 0)
    blocks.push(
      paragraph(...t.t('digest.polls')),
      list(
        h.polls.map((p) =>
          t.t('digest.poll.item', {
            question: text(p.question),
            voters: t.plural('digest.poll.voters', p.voters, { count: t.number(p.voters) }),
            results: p.options.flatMap((o, i) => [
              ...(i > 0 ? [text('; ')] : []),
              ...t.plural('digest.poll.option', o.votes, { option: o.label, count: t.number(o.votes) }),
            ]),
          }),
        ),
      ),
    );
  if (h.channels.length > 0)
    blocks.push(
      paragraph(...t.t('digest.channels')),
      list(
        h.channels.slice(0, SHOWN.channels).map((c) =>
          t.t('digest.channel.item', {
            channel: ctx.channel(c.channel),
            messages: count(t, 'messages', c.messages),
            replies: count(t, 'replies', c.replies),
            participants: count(t, 'participants', c.participants),
          }),
        ),
      ),
    );
  if (h.conversations.length > 0)
    blocks.push(
      paragraph(...t.t('digest.conversations')),
      list(
        h.conversations.slice(0, SHOWN.conversations).map((c) =>
          t.t('digest.conversation.item', {
            channel: ctx.channel(c.channel),
            at: t.dateTime(c.startedAt),
            replies: count(t, 'replies', c.replies),
            participants: count(t, 'participants', c.participants),
          }),
        ),
      ),
    );
  if (h.revivals.length > 0)
    blocks.push(
      paragraph(...t.t('digest.revivals')),
      list(
        h.revivals.slice(0, SHOWN.revivals).map((r) =>
          t.t('digest.revival.item', {
            channel: ctx.channel(r.channel),
            question: r.question,
            answered: t.plural('digest.revival.answered', r.answeredBy, { count: t.number(r.answeredBy) }),
          }),
        ),
      ),
    );
  if (h.upcoming.length > 0)
    blocks.push(
      paragraph(...t.t('digest.upcoming')),
      list(
        h.upcoming
          .slice(0, SHOWN.upcoming)
          .map((u) =>
            t.t('digest.upcoming.item', { at: t.dateTime(u.at), channel: ctx.namedChannel(u.channel), title: u.title }),
          ),
      ),
    );
  if (h.reportsHandled > 0)
    blocks.push(paragraph(...t.plural('digest.reports', h.reportsHandled, { count: t.number(h.reportsHandled) })));
  if (!hasNews(h, ctx.note)) blocks.push(paragraph(...t.t('digest.quiet')));
  return rich(...blocks);
}
