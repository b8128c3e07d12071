import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { EventOf } from '../../core/events.ts';
import type { CoreMessageKey, TemplateValue, Translator } from '../../core/i18n/translator.ts';
import { localPart, type MemberId } from '../../core/ids.ts';
import { code, list, mention, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature, type FeatureContext } from '../define.ts';
import { thanksConfig, type ThanksConfig } from './thanks.config.ts';
import { thanksMessages, type ThanksMessageKey } from './thanks.messages.ts';
import { cooldownEnds, reasonText, refusalOf, sameEmoji, statsPeriodDays, type Refusal } from './thanks.logic.ts';
import type { ThanksStats, ThanksStore } from './thanks.store.ts';

type ThanksTranslator = Translator<ThanksMessageKey | CoreMessageKey>;
type ThanksContext = FeatureContext<never, ThanksStore, ThanksConfig, ThanksMessageKey, 'profiles' | 'directMessages'>;

const DAY = 86_400_000;

/** Whether the member is someone Foyer can thank: known to it, or a non-bot profile on the platform. */
type Target = { ok: true; name: string } | { ok: false; refusal: 'bot' | 'notAMember' };

async function targetOf(ctx: ThanksContext, member: MemberId): Promise<Target> {
  const known = ctx.members.get(member);
  const profile = await ctx.optionalPorts.profiles?.getProfile(member);
  if (profile?.ok && profile.value.bot) return { ok: false, refusal: 'bot' };
  if (known) return { ok: true, name: known.displayName };
  if (profile?.ok) return { ok: true, name: profile.value.member.displayName };
  return { ok: false, refusal: 'notAMember' };
}

function statsLines(ctx: ThanksContext, t: ThanksTranslator, stats: ThanksStats): Inline[][] {
  const members = (n: number) => t.plural('thanks.count.members', n, { count: t.number(n) });
  const thanks = (n: number) => t.plural('thanks.count.thanks', n, { count: t.number(n) });
  if (stats.thanks === 0) return [t.t('thanks.stats.none')];
  return [
    t.t('thanks.stats.totals', {
      thanks: thanks(stats.thanks),
      givers: members(stats.givers),
      receivers: members(stats.receivers),
    }),
    t.t('thanks.stats.top'),
    ...stats.top.map((row) =>
      t.t('thanks.stats.entry', {
        member: ctx.members.get(row.member)?.displayName ?? localPart(row.member),
        thanks: thanks(row.thanks),
        givers: members(row.givers),
      }),
    ),
  ];
}

/**
 * Thanks between members: `/thanks MEMBER [for what]`, or a configured reaction on the
 * member's message. Not to oneself, not to bots, once per cooldown between the same two
 * members, and for reactions only on recent messages; a reaction taken back takes its
 * thanks back. Thanks received from distinct members feed the levels.
 */
export const thanksFeature = defineFeature({
  id: 'thanks',
  description: 'Members thank each other; thanks feed the levels',
  needs: [] as const,
  optional: ['profiles', 'directMessages'],
  settings: thanksConfig,
  messages: thanksMessages,
  config: (settings) => (settings.enabled ? settings : undefined),
  store: (stores) => stores.thanks,
  memberData(store, member, t, community) {
    const entries = store.ofMember(community.id, member);
    if (entries.length === 0) return undefined;
    const given = entries.filter((e) => e.giver === member);
    const received = entries.filter((e) => e.receiver === member);
    const givers = new Set(received.map((e) => e.giver)).size;
    return {
      key: 'thanks',
      data: {
        given: given.map((e) => ({ to: e.receiver, at: e.at.toISOString(), via: e.via })),
        received: received.map((e) => ({ from: e.giver, at: e.at.toISOString(), via: e.via })),
      },
      lines: [
        t.t('thanks.data.given', { count: t.number(given.length) }),
        t.t('thanks.data.received', {
          count: t.number(received.length),
          givers: t.plural('thanks.count.members', givers, { count: t.number(givers) }),
        }),
      ],
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const counts = (emoji: string) => config.reactions.some((r) => sameEmoji(r, emoji));

    /** A refused reaction is explained privately, once per member and reason, within the DM caps. */
    async function explainOnce(member: MemberId, refusal: Refusal, vars: Record<string, TemplateValue>) {
      const dm = ctx.optionalPorts.directMessages;
      if (!dm || (refusal !== 'self' && refusal !== 'cooldown' && refusal !== 'tooOld')) return;
      const t = ctx.translatorFor(member);
      const message = rich(paragraph(...t.t(`thanks.refused.reaction.${refusal}`, vars)));
      await ctx.outreach.contact(
        {
          member,
          effectKey: `thanks:refusal:${community.id}:${member}:${refusal}`,
          reason: 'thanks.reason.refusal',
          via: 'dm',
        },
        () => dm.sendDirect(member, message),
      );
    }

    async function onReaction(event: EventOf<'reaction.added'>): Promise<void> {
      if (!counts(event.emoji)) return;
      // The author comes from Foyer's message metadata: bots' and Foyer's messages are never in it.
      ctx.flushActivity();
      const thanked = repo.messageAuthor(community.id, event.message);
      if (!thanked) {
        ctx.logger.debug('reaction on a message Foyer did not record: not a thanks', { message: event.message });
        return;
      }
      const giver = event.member.id;
      const last = repo.lastBetween(community.id, giver, thanked.author);
      const refusal = refusalOf({
        giver,
        receiver: thanked.author,
        at: event.at,
        receiverIsBot: false,
        lastBetween: last,
        cooldownMs: config.cooldown,
        message: { postedAt: thanked.at, maxAgeMs: config.maxMessageAge },
      });
      if (refusal) {
        const t = ctx.translatorFor(giver);
        const name = ctx.members.get(thanked.author)?.displayName ?? localPart(thanked.author);
        return explainOnce(giver, refusal, {
          emoji: text(event.emoji),
          member: name,
          last: last ? t.dateTime(last) : '',
          next: last ? t.dateTime(cooldownEnds(last, config.cooldown)) : '',
          command: code(ctx.commandLabel('thanks')),
        });
      }
      const counted = repo.add(community.id, {
        giver,
        receiver: thanked.author,
        at: event.at,
        via: 'reaction',
        message: event.message,
        emoji: event.emoji,
      });
      if (counted) ctx.logger.info('a reaction counted as a thanks', { member: giver });
    }

    return {
      on: {
        'reaction.added': onReaction,
        async 'reaction.removed'(event) {
          if (!counts(event.emoji)) return;
          if (repo.removeReaction(community.id, event.member.id, event.message, event.emoji))
            ctx.logger.info('a thanks was taken back with its reaction', { member: event.member.id });
        },
      },
      commands: [
        defineCommand({
          name: 'thanks',
          description: 'thanks.command.thanks',
          args: z.object({
            member: z.string().min(1).describe('thanks.arg.member'),
            reason: z.string().max(300).optional().describe('thanks.arg.for'),
          }),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const refuse = (key: ThanksMessageKey, vars: Record<string, TemplateValue> = {}) =>
              call.reply(rich(paragraph(...t.t(key, vars))), { private: true });
            const receiver = ctx.parseMember(call.args.member);
            if (!receiver) return refuse('thanks.refused.notAReference', { member: call.args.member });
            const giver = call.invoker.id;
            if (receiver === giver)
              return refuse('thanks.refused.self', { command: code(`${ctx.commandLabel('thanks')}`) });
            const target = await targetOf(ctx, receiver);
            if (!target.ok)
              return target.refusal === 'bot'
                ? refuse('thanks.refused.bot', { member: call.args.member })
                : refuse('thanks.refused.notAMember', { member: call.args.member });
            const now = ctx.clock.now();
            const last = repo.lastBetween(community.id, giver, receiver);
            const refusal = refusalOf({
              giver,
              receiver,
              at: now,
              receiverIsBot: false,
              lastBetween: last,
              cooldownMs: config.cooldown,
            });
            if (refusal === 'cooldown' && last)
              return refuse('thanks.refused.cooldown', {
                member: target.name,
                last: t.dateTime(last),
                next: t.dateTime(cooldownEnds(last, config.cooldown)),
              });
            repo.add(community.id, { giver, receiver, at: now, via: 'command' });
            // Said in the community's language: the whole channel reads it. The reason is shown, never kept.
            const vars = { giver: call.invoker.displayName, member: mention(receiver, target.name) };
            const reason = reasonText(call.args.reason);
            await call.reply(
              rich(
                paragraph(
                  ...(reason ? ctx.t.t('thanks.givenFor', { ...vars, reason }) : ctx.t.t('thanks.given', vars)),
                ),
              ),
            );
          },
        }),
        defineCommand({
          name: 'thanks stats',
          description: 'thanks.command.stats',
          args: z.object({ period: z.string().optional().describe('thanks.arg.period') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const days = statsPeriodDays(call.args.period);
            if (days === undefined)
              return call.reply(
                rich(
                  paragraph(
                    ...t.t('thanks.stats.badPeriod', {
                      period: call.args.period ?? '',
                      example: code(`${ctx.commandLabel('thanks stats')} 7d`),
                    }),
                  ),
                ),
                { private: true },
              );
            // Up to and including this instant: a thanks given just now is in the figures.
            const to = new Date(ctx.clock.now().getTime() + 1);
            const from = new Date(to.getTime() - days * DAY);
            const stats = repo.stats(community.id, from, to, config.topCount);
            await call.reply(
              rich(
                paragraph(...t.t('thanks.stats.title', { from: t.date(from), to: t.date(to) })),
                list(statsLines(ctx, t, stats)),
              ),
              { private: true },
            );
          },
        }),
      ],
    };
  },
});
