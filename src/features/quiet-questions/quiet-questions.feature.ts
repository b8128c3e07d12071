import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { HOUR } from '../../core/clock.ts';
import type { ChannelId } from '../../core/ids.ts';
import { list, paragraph, plain, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { quietQuestionsConfig } from './quiet-questions.config.ts';
import { quietQuestionsMessages } from './quiet-questions.messages.ts';
import { activeTimeBetween, isActive, pickQuestion, quietThreshold, underLimits } from './quiet-questions.logic.ts';

const DAY = 24 * HOUR;
/**
 * How stale the stored time of a channel's last member message may be. The check runs every
 * 15 minutes, so a time at most 5 minutes old moves no decision by more than a third of the
 * check's own step, and a busy channel costs one write per 5 minutes, not one per message.
 */
const MEMBER_TIME_GRAIN = 5 * 60_000;
/** Where questions sent privately to the beta group are recorded, so the bank's rotation counts them. */
const BETA_PRIVATELY = 'group:beta';

/**
 * When discussion is quiet, speak up: a question from the community's bank is posted in
 * a watched channel that had no member message for a while, inside active hours. Foyer
 * never speaks twice in a row, backs off after an unanswered question, respects daily
 * and weekly limits, and records which questions revive a channel.
 */
export const quietQuestionsFeature = defineFeature({
  id: 'quiet-questions',
  description: 'Asks a question when a watched channel goes quiet',
  needs: ['messages'] as const,
  optional: ['directMessages'],
  settings: quietQuestionsConfig,
  messages: quietQuestionsMessages,
  config: (quiet, { community, sharedChannel }) =>
    quiet.enabled && quiet.channels.length > 0
      ? { ...quiet, bank: quiet.questions[community.locale], betaChannel: sharedChannel('beta') }
      : undefined,
  store: (stores) => stores.quietQuestions,
  setup(ctx) {
    const { config, repo, community } = ctx;
    const watched = new Map<ChannelId, string>(config.channels.map((name) => [ctx.channel(name)!, name]));
    // Quiet is counted from a member's message, or from when Foyer started watching.
    const startedAt = ctx.clock.now();
    // When Foyer last asked each channel, so ordinary messages skip the reply count.
    const lastAsked = new Map<ChannelId, number>();
    // When this process last wrote a member's message time for each channel.
    const memberWrittenAt = new Map<ChannelId, number>();
    const askedAt = (channel: ChannelId): number => {
      if (!lastAsked.has(channel))
        lastAsked.set(channel, repo.lastQuestion(community.id, channel)?.postedAt.getTime() ?? 0);
      return lastAsked.get(channel)!;
    };

    async function consider(channel: ChannelId, now: Date): Promise<void> {
      const state = repo.channel(community.id, channel);
      if (state?.lastWasOurs) return; // never speak twice in a row
      const threshold = quietThreshold(config.quietAfter, config.backoff, repo.lastQuestion(community.id, channel));
      const since = new Date(Math.max(state?.lastMemberAt?.getTime() ?? 0, startedAt.getTime()));
      const { activeHours, activeDays } = config;
      if (activeTimeBetween(since, now, community.timezone, activeHours, activeDays, threshold) < threshold) return;
      const askedThisWeek = repo
        .asked(community.id, new Date(now.getTime() - 7 * DAY))
        .filter((q) => q.channelId === channel);
      if (!underLimits(askedThisWeek, now, config)) return;
      const question = pickQuestion(config.bank, repo.asked(community.id, new Date(0)));
      if (!question) return;
      const sent = await ctx.ports.messages.send(channel, plain(question));
      if (!sent.ok) return ctx.logger.warn('quiet-channel question not posted', { channel, failure: sent.error.kind });
      repo.recordQuestion(community.id, channel, question, now);
      lastAsked.set(channel, now.getTime());
      ctx.logger.info('asked a quiet channel a question', { channel: watched.get(channel), question });
    }

    return {
      on: {
        async 'message.posted'(event) {
          if (!watched.has(event.channel)) return;
          const at = event.at.getTime();
          const since = at - config.reviveWindow;
          const counts = askedAt(event.channel) >= since;
          // A busy channel is not written on every message (MEMBER_TIME_GRAIN).
          const written = memberWrittenAt.get(event.channel);
          if (!counts && written !== undefined && at - written < MEMBER_TIME_GRAIN && askedAt(event.channel) < written)
            return;
          ctx.atomically(() => {
            if (counts) repo.countReply(community.id, event.channel, new Date(since));
            repo.memberSpoke(community.id, event.channel, event.at);
          });
          memberWrittenAt.set(event.channel, at);
        },
      },
      jobs: [
        {
          id: 'check',
          cron: '*/15 * * * *',
          timezone: community.timezone,
          // A check missed while Foyer was down is simply not needed: the next one looks again.
          missed: { kind: 'skip' },
          async run(slot) {
            repo.judge(community.id, new Date(slot.getTime() - config.reviveWindow));
            if (!isActive(slot, community.timezone, config.activeHours.from, config.activeHours.to, config.activeDays))
              return;
            for (const channel of watched.keys()) await consider(channel, slot);
          },
        },
      ],
      commands: [
        defineCommand({
          name: 'questions ask beta',
          description: 'quiet-questions.command.questions.ask.beta',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const say = (...inlines: ReturnType<typeof t.t>) =>
              call.reply(rich(paragraph(...inlines)), { private: true });
            const question = pickQuestion(config.bank, repo.asked(community.id, new Date(0)));
            if (!question) return;
            const now = ctx.clock.now();
            const channel = config.betaChannel ? ctx.channel(config.betaChannel) : undefined;
            if (channel) {
              const sent = await ctx.ports.messages.send(channel, plain(question));
              if (sent.ok) repo.recordQuestion(community.id, channel, question, now);
              return say(
                ...t.t('quiet-questions.beta.asked.channel', { channel: ctx.channelMention(channel), question }),
              );
            }
            const dms = ctx.optionalPorts.directMessages;
            const members = ctx.groups.members('beta');
            if (!dms || members.length === 0) return say(...t.t('quiet-questions.beta.empty'));
            repo.recordQuestion(community.id, BETA_PRIVATELY, question, now);
            for (const member of members) {
              const intro = ctx
                .translatorFor(member)
                .t('quiet-questions.beta.intro', { community: community.name, question });
              await ctx.outreach.contact(
                {
                  member,
                  effectKey: `quiet-questions:${community.id}:beta:${now.getTime()}:${member}`,
                  reason: 'quiet-questions.reason.beta',
                  via: 'dm',
                },
                () => dms.sendDirect(member, rich(paragraph(...intro))),
              );
            }
            await say(
              ...t.plural('quiet-questions.beta.asked', members.length, { count: t.number(members.length), question }),
            );
          },
        }),
        defineCommand({
          name: 'questions stats',
          description: 'quiet-questions.command.questions.stats',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const stats = new Map(config.bank.map((q) => [q, { asked: 0, revived: 0 }]));
            for (const q of repo.asked(community.id, new Date(0))) {
              const s = stats.get(q.question) ?? { asked: 0, revived: 0 };
              s.asked++;
              if (q.revived) s.revived++;
              stats.set(q.question, s);
            }
            const t = ctx.translatorFor(call.invoker.id);
            const best = [...stats].sort((a, b) => b[1].revived - a[1].revived || b[1].asked - a[1].asked);
            const lines = best.map(([question, s]) =>
              t.t('quiet-questions.stats.line', { asked: t.number(s.asked), revived: t.number(s.revived), question }),
            );
            await call.reply(rich(paragraph(...t.t('quiet-questions.stats.title')), list(lines)), { private: true });
          },
        }),
      ],
    };
  },
});
