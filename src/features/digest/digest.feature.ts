import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import type { ChannelId, MemberId } from '../../core/ids.ts';
import type { PeriodHighlights } from '../../core/highlights.ts';
import { code, mention, paragraph, rich, text, type Inline, type RichText } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { digestConfig } from './digest.config.ts';
import { digestMessages } from './digest.messages.ts';
import {
  NOTE_MAX,
  digestCron,
  hasNews,
  nextIssueAt,
  periodStartOf,
  renderIssue,
  visible,
  type DigestTranslator,
} from './digest.logic.ts';
import type { DigestIssue } from './digest.store.ts';

const JOB = 'digest.issue';
const REMIND = 'digest.remind';

/**
 * The weekly (or monthly) digest: the period's highlights posted once per period in the
 * community's language. Each period has a durable issue record, claimed before the post
 * goes out, so a restart or a crash never doubles an issue. An issue missed while Foyer
 * was down goes out late within the grace window; later, moderators are told instead.
 * With approval required, an issue waits for `/digest approve`, with one reminder, and is
 * dropped (and moderators told) when the next one falls due unapproved.
 */
export const digestFeature = defineFeature({
  id: 'digest',
  description: 'A weekly or monthly digest of the community’s highlights, posted once per period',
  needs: ['messages'] as const,
  settings: digestConfig,
  messages: digestMessages,
  config: (digest, { community }) =>
    digest.enabled && digest.channel
      ? { ...digest, channel: digest.channel, timezone: digest.timezone ?? community.timezone }
      : undefined,
  store: (stores) => stores.digest,
  memberData(store, member, t, community) {
    const notes = store.notesBy(community.id, member);
    if (notes.length === 0) return undefined;
    return {
      key: 'digest',
      data: { notes: notes.map((n) => ({ text: n.text, createdAt: n.createdAt, issueEnd: n.issueEnd })) },
      lines: notes.map((n) => t.t('digest.data.note', { at: t.dateTime(n.createdAt), note: text(n.text) })),
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const cron = digestCron(config);
    const target = ctx.channel(config.channel);
    const moderators = config.moderatorsChannel ? ctx.channel(config.moderatorsChannel) : undefined;
    const excluded = new Set<string>(
      [...config.exclude, ...(config.moderatorsChannel ? [config.moderatorsChannel] : [])]
        .map((name) => ctx.channel(name))
        .filter((c): c is ChannelId => c !== undefined),
    );

    const memberName = (member: MemberId): Inline =>
      mention(member, ctx.members.get(member)?.displayName ?? member.slice(member.indexOf(':') + 1));
    const namedChannel = (name: string): Inline => {
      const channel = ctx.channel(name);
      return channel ? ctx.channelMention(channel) : text(`#${name}`);
    };

    const highlightsOf = (from: Date, to: Date): PeriodHighlights => {
      ctx.flushActivity();
      return ctx.highlights.between(from, to);
    };

    const render = (t: DigestTranslator, h: PeriodHighlights, note: string | undefined): RichText =>
      renderIssue(
        {
          t,
          community: community.name,
          frequency: config.frequency,
          note,
          excluded,
          memberName,
          channel: (c) => ctx.channelMention(c),
          namedChannel,
        },
        h,
      );

    const approveCommand = () => code(ctx.commandLabel('digest approve'));
    const toModerators = async (message: Inline[]): Promise<void> => {
      if (moderators) await ctx.ports.messages.send(moderators, rich(paragraph(...message)));
      else ctx.logger.warn('digest notice with no moderators channel to send it to');
    };

    /** Claims the issue, then posts it: a crash between the two loses this issue, never doubles it. */
    async function publish(issue: DigestIssue): Promise<void> {
      const h = highlightsOf(issue.periodStart, issue.periodEnd);
      const note = repo.pendingNote(community.id)?.text;
      if (config.whenQuiet === 'skip' && !hasNews(visible(h, excluded), note)) {
        // Recorded as posted so the period is decided (there is no note: a note is news); nothing goes out.
        repo.claimPost(community.id, issue.periodEnd, ctx.clock.now());
        ctx.logger.info('digest skipped: nothing to tell', { due: issue.periodEnd.toISOString() });
        return;
      }
      if (!target || !repo.claimPost(community.id, issue.periodEnd, ctx.clock.now())) return;
      const sent = await ctx.ports.messages.send(target, render(ctx.t, h, note));
      if (!sent.ok)
        await toModerators(
          ctx.t.t('digest.refused', { due: ctx.t.dateTime(issue.periodEnd), reason: sent.error.kind }),
        );
    }

    async function requestApproval(issue: DigestIssue): Promise<void> {
      await toModerators(
        ctx.t.t('digest.approval.request', {
          from: ctx.t.date(issue.periodStart),
          to: ctx.t.date(new Date(issue.periodEnd.getTime() - 1)),
          command: approveCommand(),
        }),
      );
      if (moderators) {
        const h = highlightsOf(issue.periodStart, issue.periodEnd);
        await ctx.ports.messages.send(moderators, render(ctx.t, h, repo.pendingNote(community.id)?.text));
      }
      const remindAt = new Date(issue.periodEnd.getTime() + config.approval.remindAfter);
      ctx.scheduler.schedule(REMIND, String(issue.periodEnd.getTime()), remindAt, {
        periodEnd: issue.periodEnd.getTime(),
      });
    }

    /** An unapproved issue is dropped once the next one is due: members never get two at once. */
    async function expireBefore(slot: Date): Promise<void> {
      for (const old of repo.awaiting(community.id))
        if (old.periodEnd.getTime() < slot.getTime() && repo.expire(community.id, old.periodEnd))
          await toModerators(ctx.t.t('digest.approval.expired', { due: ctx.t.dateTime(old.periodEnd) }));
    }

    async function onSlot(slot: Date): Promise<void> {
      await expireBefore(slot);
      const issue = repo.open(community.id, periodStartOf(cron, config.timezone, slot), slot, ctx.clock.now());
      if (issue.status !== 'awaiting') return;
      if (config.approval.required && !issue.approvedBy) return requestApproval(issue);
      await publish(issue);
    }

    async function remind(periodEnd: Date): Promise<void> {
      const issue = repo.get(community.id, periodEnd);
      if (!issue || issue.status !== 'awaiting' || issue.approvedBy || issue.remindedAt) return;
      repo.markReminded(community.id, periodEnd, ctx.clock.now());
      const next = nextIssueAt(cron, config.timezone, periodEnd);
      await toModerators(
        ctx.t.t('digest.approval.reminder', {
          due: ctx.t.dateTime(periodEnd),
          command: approveCommand(),
          next: next ? ctx.t.dateTime(next) : '',
        }),
      );
    }

    const reply = (call: CommandCall<unknown>, message: Inline[]) =>
      call.reply(rich(paragraph(...message)), { private: true });

    return {
      jobs: [
        {
          id: JOB,
          cron,
          timezone: config.timezone,
          missed: { kind: 'run-late', graceMs: config.grace },
          run: onSlot,
          async onMissed({ first, last }) {
            const now = ctx.clock.now();
            for (const slot of [first, last].filter((s, i, all) => i === 0 || s.getTime() !== all[0]!.getTime()))
              if (repo.markMissed(community.id, periodStartOf(cron, config.timezone, slot), slot, now))
                await toModerators(ctx.t.t('digest.missed', { due: ctx.t.dateTime(slot), now: ctx.t.dateTime(now) }));
          },
        },
      ],
      tasks: [
        {
          kind: REMIND,
          missed: { kind: 'catch-up' },
          run: (task) => remind(new Date((task.payload as { periodEnd: number }).periodEnd)),
        },
      ],
      commands: [
        defineCommand({
          name: 'digest preview',
          description: 'digest.command.preview',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const waiting = repo.awaiting(community.id).at(-1);
            const now = ctx.clock.now();
            const due = waiting?.periodEnd ?? nextIssueAt(cron, config.timezone, now);
            if (!due) return reply(call, t.t('digest.preview.none'));
            const from = waiting?.periodStart ?? periodStartOf(cron, config.timezone, due);
            const issue = render(t, highlightsOf(from, due), repo.pendingNote(community.id)?.text);
            const head = [paragraph(...t.t('digest.preview.title', { due: t.dateTime(due) }))];
            if (waiting) head.push(paragraph(...t.t('digest.preview.awaiting', { command: approveCommand() })));
            await call.reply(rich(...head, ...issue.blocks), { private: true });
          },
        }),
        defineCommand({
          name: 'digest note',
          description: 'digest.command.note',
          args: z.object({ note: z.string().optional().describe('digest.arg.note') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const note = call.args.note?.trim();
            if (!note) {
              const pending = repo.pendingNote(community.id);
              return reply(
                call,
                pending
                  ? t.t('digest.note.current', { note: text(pending.text) })
                  : t.t('digest.note.none', { command: code(ctx.commandLabel('digest note')) }),
              );
            }
            const length = Array.from(note).length;
            if (length > NOTE_MAX) return reply(call, t.t('digest.note.tooLong', { max: NOTE_MAX, length }));
            repo.setNote(community.id, call.invoker.id, note, ctx.clock.now());
            await reply(call, t.t('digest.noted'));
          },
        }),
        defineCommand({
          name: 'digest unnote',
          description: 'digest.command.unnote',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            repo.clearNote(community.id);
            await reply(call, t.t('digest.unnoted'));
          },
        }),
        defineCommand({
          name: 'digest approve',
          description: 'digest.command.approve',
          args: z.object({}),
          role: config.approval.role,
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const issue = repo.awaiting(community.id).at(-1);
            if (!issue || !repo.approve(community.id, issue.periodEnd, call.invoker.id, ctx.clock.now()))
              return reply(call, t.t('digest.nothingToApprove'));
            await reply(call, t.t('digest.approved', { due: t.dateTime(issue.periodEnd) }));
            await publish(issue);
          },
        }),
      ],
    };
  },
});
