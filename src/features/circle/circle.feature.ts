import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import { memberArgument } from '../../core/groups.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import type { MemberId } from '../../core/ids.ts';
import { code, list, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { circleConfig } from './circle.config.ts';
import { sustainedReasons, type SustainedReason } from './circle.logic.ts';
import { circleMessages, type CircleMessageKey } from './circle.messages.ts';

type CircleTranslator = Translator<CircleMessageKey | CoreMessageKey>;
/** Contributors read before exclusions, so members already in the circle never empty the list. */
const POOL = 100;

function reasonText(t: CircleTranslator, reasons: SustainedReason[]): Inline[] {
  return reasons
    .map((r) =>
      r.kind === 'level'
        ? t.t('circle.why.level', { level: r.level.level, since: t.dateTime(r.level.since) })
        : t.plural('circle.why.thanks', r.givers, { count: t.number(r.givers) }),
    )
    .flatMap((p, i) => (i === 0 ? p : [text(', '), ...p]));
}

/**
 * The inner circle: Foyer suggests members from sustained contribution (a level held for
 * months, or thanks from many members over a long window); moderators decide. Circle
 * members get early previews from the calendar and polls, which read the circle through
 * core's `GroupsView`. With `role` set and a platform that can, members get a role with the circle.
 */
export const circleFeature = defineFeature({
  id: 'circle',
  description: 'The inner circle: members moderators confirm, with early previews',
  needs: ['directMessages'] as const,
  optional: ['memberRoles'],
  settings: circleConfig,
  messages: circleMessages,
  config: (circle) => (circle.enabled ? circle : undefined),
  store: (stores) => stores.circle,
  memberData(store, member, t, community) {
    const kept = store.get(community.id, member);
    if (!kept) return undefined;
    return {
      key: 'circle',
      data: { addedAt: kept.addedAt },
      lines: [t.t('circle.data.member', { at: t.dateTime(kept.addedAt) })],
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const say = (call: CommandCall<unknown>, ...inlines: Inline[]) =>
      call.reply(rich(paragraph(...inlines)), { private: true });
    const nameOf = (member: string) =>
      ctx.members.get(member as MemberId)?.displayName ?? memberArgument(member as MemberId);
    /** Keeps the platform role in step with the circle, where there is one; a failure is logged, never fatal. */
    async function syncRole(member: MemberId, inCircle: boolean): Promise<void> {
      const roles = ctx.optionalPorts.memberRoles;
      if (!roles || !config.role) return;
      const done = inCircle ? await roles.grant(member, config.role) : await roles.revoke(member, config.role);
      if (!done.ok) ctx.logger.warn('circle role not changed', { member, inCircle, failure: done.error.kind });
    }
    const known = (typed: string) => {
      const member = ctx.parseMember(typed);
      return member && ctx.members.get(member) ? member : undefined;
    };

    function candidates(t: CircleTranslator) {
      const now = ctx.clock.now();
      const excluded = new Set([...repo.staff(community.id), ...repo.list(community.id).map((m) => m.memberId)]);
      const rules = {
        minLevelRank: config.minLevelRank,
        heldSince: new Date(now.getTime() - config.sustainedFor),
        minThanksGivers: config.minThanksGivers,
      };
      const found = ctx.recognition
        .topContributors(new Date(now.getTime() - config.thanksWindow), now, POOL)
        .filter((c) => !excluded.has(c.member))
        .map((c) => ({ c, reasons: sustainedReasons(c, ctx.recognition.levelOf(c.member), rules) }))
        .filter((x) => x.reasons.length > 0)
        .slice(0, config.candidates);
      if (found.length === 0) return rich(paragraph(...t.t('circle.candidates.none')));
      const lines = found.map(({ c, reasons }) =>
        t.t('circle.candidates.item', {
          member: nameOf(c.member),
          command: code(ctx.commandLabel(`circle add ${memberArgument(c.member)}`)),
          reasons: reasonText(t, reasons),
        }),
      );
      return rich(paragraph(...t.t('circle.candidates.title')), list(lines));
    }

    return {
      commands: [
        defineCommand({
          name: 'circle add',
          description: 'circle.command.add',
          args: z.object({ member: z.string().min(1).describe('circle.arg.member') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const member = known(call.args.member);
            if (!member) return say(call, ...t.t('circle.unknown', { member: call.args.member }));
            const now = ctx.clock.now();
            if (!repo.add(community.id, member, call.invoker.id, now))
              return say(call, ...t.t('circle.alreadyIn', { member: nameOf(member) }));
            const welcome = ctx
              .translatorFor(member)
              .t('circle.welcome', { member: nameOf(member), community: community.name });
            await ctx.outreach.contact(
              {
                member,
                effectKey: `circle:${community.id}:${member}:added:${now.getTime()}`,
                reason: 'circle.reason.added',
                via: 'dm',
              },
              () => ctx.ports.directMessages.sendDirect(member, rich(paragraph(...welcome))),
            );
            await syncRole(member, true);
            await say(call, ...t.t('circle.added', { member: nameOf(member) }));
          },
        }),
        defineCommand({
          name: 'circle remove',
          description: 'circle.command.remove',
          args: z.object({ member: z.string().min(1).describe('circle.arg.member') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const member = ctx.parseMember(call.args.member);
            if (!member) return say(call, ...t.t('circle.unknown', { member: call.args.member }));
            const removed = repo.remove(community.id, member);
            if (removed) await syncRole(member, false);
            await say(call, ...t.t(removed ? 'circle.removed' : 'circle.notIn', { member: nameOf(member) }));
          },
        }),
        defineCommand({
          name: 'circle list',
          description: 'circle.command.list',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const members = repo.list(community.id);
            if (members.length === 0)
              return say(call, ...t.t('circle.list.empty', { command: code(ctx.commandLabel('circle candidates')) }));
            const lines = members.map((m) =>
              t.t('circle.list.item', { member: nameOf(m.memberId), at: t.dateTime(m.addedAt) }),
            );
            await call.reply(
              rich(
                paragraph(...t.plural('circle.list.title', members.length, { count: t.number(members.length) })),
                list(lines),
              ),
              { private: true },
            );
          },
        }),
        defineCommand({
          name: 'circle candidates',
          description: 'circle.command.candidates',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            ctx.flushActivity();
            await call.reply(candidates(ctx.translatorFor(call.invoker.id)), { private: true });
          },
        }),
      ],
    };
  },
});
