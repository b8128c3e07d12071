import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../core/commands.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import type { MemberId } from '../../core/ids.ts';
import { code, list, paragraph, rich } from '../../core/rich-text.ts';
import type { FeatureContext } from '../define.ts';
import { dayIn, periodEnding } from './health.goals.ts';
import type { HealthMessageKey } from './health.messages.ts';
import { dayLabel } from './health.report.ts';
import type { HealthStore } from './health.store.ts';

const MONTH = 28;
/** A communicator posts this many messages or more in the period, as in the community's own figure. */
const COMMUNICATOR_MESSAGES = 3;
/** The segments `/health segment` knows, as typed (English and French). */
const SEGMENTS: Record<string, 'beta'> = { beta: 'beta', bêta: 'beta' };

type HealthContext = FeatureContext<'messages', unknown, unknown, HealthMessageKey>;
type T = Translator<HealthMessageKey | CoreMessageKey>;

/** A group's figures over the period: members, active members, communicators. */
export interface SegmentFigures {
  members: number;
  active: number;
  communicators: number;
}

/** `count` of `of` as a percentage, or a dash when there is nobody to count. */
const share = (t: T, count: number, of: number): string =>
  of === 0 ? '—' : t.number(count / of, { style: 'percent' });

/**
 * `/health segment beta`: the beta group beside everyone, over the last 28 days, so
 * moderators see whether the group is more active than the community it tries things for.
 * Staff are left out of both, as in every health figure.
 */
export function segmentCommand(ctx: HealthContext, repo: HealthStore, staffIds: readonly string[]): CommandDef {
  return defineCommand({
    name: 'health segment',
    description: 'health.command.health.segment',
    args: z.object({ segment: z.string().min(1).describe('health.arg.segment') }),
    role: 'moderator',
    async run(call) {
      const t = ctx.translatorFor(call.invoker.id);
      const say = (words: ReturnType<T['t']>) => call.reply(rich(paragraph(...words)), { private: true });
      const segment = SEGMENTS[call.args.segment.toLowerCase()];
      if (!segment)
        return say(
          t.t('health.segment.unknown', {
            segment: call.args.segment,
            example: code(ctx.commandLabel('health segment beta')),
          }),
        );
      ctx.flushActivity();
      const now = ctx.clock.now();
      const period = periodEnding(dayIn(now, ctx.community.timezone), MONTH);
      const staff = [...new Set([...repo.staff(ctx.community.id), ...staffIds])];
      const everyone: SegmentFigures = {
        members: repo.membersAt(ctx.community.id, now.getTime(), staff),
        ...repo.periodActivity(ctx.community.id, period.from, period.to, staff),
      };
      const beta = betaFigures(ctx, repo, staff, period);
      if (beta.members === 0)
        return say(
          t.t('health.segment.empty', {
            invite: code(ctx.commandLabel('beta invite')),
            join: code(ctx.commandLabel('beta join')),
          }),
        );
      const line = (key: 'health.segment.active' | 'health.segment.communicators', field: keyof SegmentFigures) =>
        t.t(key, {
          segment: t.number(beta[field]),
          segmentShare: share(t, beta[field], beta.members),
          everyone: t.number(everyone[field]),
          everyoneShare: share(t, everyone[field], everyone.members),
        });
      await call.reply(
        rich(
          paragraph(...t.t('health.segment.title', { from: dayLabel(t, period.from), to: dayLabel(t, period.to) })),
          list([
            t.t('health.segment.members', { segment: t.number(beta.members), everyone: t.number(everyone.members) }),
            line('health.segment.active', 'active'),
            line('health.segment.communicators', 'communicators'),
          ]),
        ),
        { private: true },
      );
    },
  });
}

function betaFigures(
  ctx: HealthContext,
  repo: HealthStore,
  staff: readonly string[],
  period: { from: string; to: string },
): SegmentFigures {
  const isStaff = new Set(staff);
  const members = ctx.groups.members('beta').filter((m) => {
    const record = ctx.members.get(m as MemberId);
    return (
      !isStaff.has(m) && record !== undefined && (record.leftAt === null || (record.joinedAt ?? 0) > record.leftAt)
    );
  });
  const messages = new Map<string, number>();
  for (const day of repo.activeDaysOf(ctx.community.id, members, period.from, period.to))
    messages.set(day.member, (messages.get(day.member) ?? 0) + day.messages);
  return {
    members: members.length,
    active: messages.size,
    communicators: [...messages.values()].filter((n) => n >= COMMUNICATOR_MESSAGES).length,
  };
}
