import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { localPart, type MemberId } from '../../core/ids.ts';
import { localDayOf } from '../../core/local-day.ts';
import { code, list, mention, paragraph, rich, type Block, type Inline } from '../../core/rich-text.ts';
import { defineFeature, type CommunityInfo, type FeatureContext } from '../define.ts';
import { levelsConfig, type LevelSetting, type LevelsSettings } from './levels.config.ts';
import { levelsMessages, type LevelsMessageKey } from './levels.messages.ts';
import { eligibleRank, missing, monthlyDemotion, nightlyChange, windowAt } from './levels.logic.ts';
import type { LevelRecord, LevelsStore, WindowFigures } from './levels.store.ts';

type LevelsTranslator = Translator<LevelsMessageKey | CoreMessageKey>;
type LevelsContext = FeatureContext<
  'messages' | 'directMessages',
  LevelsStore,
  LevelsSettings,
  LevelsMessageKey,
  'memberRoles'
>;

/** A promotion not announced within this long (the member's DMs capped every night) is not announced late. */
const ANNOUNCE_WITHIN = 7 * 86_400_000;

/** A level's name in the reader's language: the YAML's, else Foyer's own. */
const levelName = (t: LevelsTranslator, level: LevelSetting | undefined): string =>
  level ? (level.name?.[t.locale] ?? t.lookup(`levels.name.${level.id}`) ?? level.id) : '';

/** The lines of `/level`: the level, the figures, and what the next level needs. */
function standingLines(
  t: LevelsTranslator,
  config: LevelsSettings,
  record: LevelRecord | undefined,
  figures: WindowFigures,
  who: { self: true } | { self: false; name: string },
): Block[] {
  const rank = record?.rank ?? 0;
  const current = config.levels[rank];
  const days = (n: number) => t.plural('levels.count.days', n, { count: t.number(n) });
  const members = (n: number) => t.plural('levels.count.members', n, { count: t.number(n) });
  const name = levelName(t, current);
  const head =
    record && rank > 0
      ? who.self
        ? t.t('levels.you', { level: name, since: t.date(record.since) })
        : t.t('levels.member', { member: who.name, level: name, since: t.date(record.since) })
      : who.self
        ? t.t('levels.youStart', { level: name })
        : t.t('levels.memberStart', { member: who.name, level: name });
  const window = days(config.windowDays);
  const lines: Inline[][] = [
    t.t('levels.figures', { window, days: days(figures.activeDays), givers: members(figures.givers) }),
  ];
  const next = config.levels[rank + 1];
  if (next) {
    lines.push(
      t.t('levels.next', {
        level: levelName(t, next),
        days: days(next.activeDays),
        givers: members(next.thanksFrom),
        window,
      }),
    );
    const gap = missing(figures, next);
    lines.push(t.t('levels.missing', { days: days(gap.days), givers: members(gap.givers) }));
  } else lines.push(t.t('levels.top'));
  if (record?.belowSince && rank > 0)
    lines.push(
      t.t('levels.below', {
        since: t.date(record.belowSince),
        until: t.date(new Date(record.belowSince.getTime() + config.grace)),
      }),
    );
  return [paragraph(...head), list(lines)];
}

function evaluation(ctx: LevelsContext, community: CommunityInfo) {
  const { config, repo } = ctx;
  const dayOf = localDayOf(community.timezone);
  const window = () => windowAt(ctx.clock.now(), config.windowDays, dayOf);

  /** Keeps the platform role in step with the level, where levels carry roles and the platform can. */
  async function syncRoles(member: MemberId, from: number, to: number): Promise<void> {
    const roles = ctx.optionalPorts.memberRoles;
    if (!roles) return;
    const before = config.levels[from]?.role;
    const after = config.levels[to]?.role;
    if (before === after) return;
    if (before) {
      const revoked = await roles.revoke(member, before);
      if (!revoked.ok) ctx.logger.warn('level role not taken back', { member, failure: revoked.error.kind });
    }
    if (after) {
      const granted = await roles.grant(member, after);
      if (!granted.ok) ctx.logger.warn('level role not given', { member, failure: granted.error.kind });
    }
  }

  async function congratulate(record: LevelRecord): Promise<void> {
    const member = record.member;
    const t = ctx.translatorFor(member);
    const channel = config.channel ? ctx.channel(config.channel) : undefined;
    const via = config.congratulate === 'channel' && channel ? 'channel' : 'dm';
    const name = ctx.members.get(member)?.displayName ?? localPart(member);
    const message = rich(
      paragraph(
        ...t.t('levels.promoted', {
          member: mention(member, name),
          level: levelName(t, config.levels[record.rank]),
          community: community.name,
          command: code(ctx.commandLabel('level')),
        }),
      ),
    );
    const outcome = await ctx.outreach.contact(
      {
        member,
        effectKey: `levels:${community.id}:${member}:${record.rank}:${record.since.getTime()}`,
        reason: 'levels.reason.promoted',
        via,
      },
      () =>
        via === 'dm'
          ? ctx.ports.directMessages.sendDirect(member, message)
          : ctx.ports.messages.send(channel!, message),
    );
    // Capped: tried again the next night, while the promotion is recent.
    if (outcome !== 'capped') repo.markCongratulated(community.id, member, ctx.clock.now());
  }

  async function announcePending(): Promise<void> {
    if (config.congratulate === 'off') return;
    const now = ctx.clock.now();
    for (const record of repo.pendingCongratulations(community.id, new Date(now.getTime() - ANNOUNCE_WITHIN)))
      await congratulate(record);
  }

  /** Staff are out of levels: a member seen acting as staff loses theirs, and its role. */
  async function excludeStaff(): Promise<void> {
    for (const member of repo.staffWithLevels(community.id)) {
      const rank = repo.get(community.id, member)?.rank ?? 0;
      repo.remove(community.id, member);
      await syncRoles(member, rank, 0);
    }
  }

  const level = (rank: number) => config.levels[rank]!.id;

  async function nightly(): Promise<void> {
    ctx.flushActivity();
    await excludeStaff();
    const now = ctx.clock.now();
    for (const c of repo.candidates(community.id, window())) {
      const current = repo.get(community.id, c.member);
      const change = nightlyChange(current, eligibleRank(config.levels, c), now);
      if (change.kind === 'promote') {
        repo.save(community.id, {
          member: c.member,
          rank: change.rank,
          level: level(change.rank),
          since: now,
          belowSince: null,
          congratulatedAt: null,
        });
        ctx.logger.info('member promoted', { member: c.member, level: level(change.rank) });
        await syncRoles(c.member, current?.rank ?? 0, change.rank);
      } else if (change.kind === 'below' && current) repo.save(community.id, { ...current, belowSince: change.since });
      else if (change.kind === 'recovered' && current) repo.save(community.id, { ...current, belowSince: null });
    }
    await announcePending();
  }

  async function monthly(): Promise<void> {
    // The same evaluation first, so the review reads tonight's figures and grace marks.
    await nightly();
    const now = ctx.clock.now();
    for (const c of repo.candidates(community.id, window())) {
      const current = repo.get(community.id, c.member);
      if (!current) continue;
      const drop = monthlyDemotion(current, eligibleRank(config.levels, c), now, config.grace);
      if (!drop) continue;
      repo.save(community.id, {
        member: c.member,
        rank: drop.rank,
        level: level(drop.rank),
        since: now,
        belowSince: drop.belowSince,
        congratulatedAt: now, // a step down is not announced
      });
      ctx.logger.info('member moved down one level', { member: c.member, level: level(drop.rank) });
      await syncRoles(c.member, current.rank, drop.rank);
    }
  }

  return { nightly, monthly, window };
}

/**
 * Levels from real contribution: active days over a window and thanks from distinct
 * members, never message counts. Promotions nightly, demotions at a monthly review after
 * a grace period (one level at a time), congratulations once through outreach, optional
 * platform roles. Staff are not given levels.
 */
export const levelsFeature = defineFeature({
  id: 'levels',
  description: 'Engagement levels from active days and thanks received',
  needs: ['messages', 'directMessages'] as const,
  optional: ['memberRoles'],
  settings: levelsConfig,
  messages: levelsMessages,
  config: (settings) => (settings.enabled ? settings : undefined),
  store: (stores) => stores.levels,
  memberData(store, member, t, community) {
    const record = store.get(community.id, member);
    if (!record) return undefined;
    const name = t.lookup(`levels.name.${record.level}`) ?? record.level;
    return {
      key: 'level',
      data: {
        level: record.level,
        rank: record.rank,
        since: record.since.toISOString(),
        belowSince: record.belowSince?.toISOString() ?? null,
        congratulatedAt: record.congratulatedAt?.toISOString() ?? null,
      },
      lines: [t.t('levels.data.line', { level: name, since: t.date(record.since) })],
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const run = evaluation(ctx, community);
    const standing = (member: MemberId) => {
      ctx.flushActivity();
      return { record: repo.get(community.id, member), figures: repo.figures(community.id, member, run.window()) };
    };
    return {
      jobs: [
        { id: 'promotions', cron: '30 2 * * *', missed: { kind: 'catch-up', latestOnly: true }, run: run.nightly },
        { id: 'review', cron: '0 3 1 * *', missed: { kind: 'catch-up', latestOnly: true }, run: run.monthly },
      ],
      commands: [
        defineCommand({
          name: 'level',
          description: 'levels.command.level',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            if (repo.isStaff(community.id, call.invoker.id))
              return call.reply(rich(paragraph(...t.t('levels.staff'))), { private: true });
            const { record, figures } = standing(call.invoker.id);
            await call.reply(rich(...standingLines(t, config, record, figures, { self: true })), { private: true });
          },
        }),
        // One moderator command with an optional member, so `/level` stays a bare command
        // on Discord (a name with subcommands can only be run as `/name show` there).
        defineCommand({
          name: 'levels',
          description: 'levels.command.levels',
          args: z.object({ member: z.string().optional().describe('levels.arg.member') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const reply = (...blocks: Block[]) => call.reply(rich(...blocks), { private: true });
            if (call.args.member === undefined || call.args.member.trim() === '') {
              const counts = repo.countsByRank(community.id);
              const lines = config.levels.slice(1).map((level, i) =>
                t.t('levels.stats.entry', {
                  level: levelName(t, level),
                  members: t.plural('levels.count.members', counts.get(i + 1) ?? 0, {
                    count: t.number(counts.get(i + 1) ?? 0),
                  }),
                }),
              );
              return reply(paragraph(...t.t('levels.stats.title')), list(lines));
            }
            const member = ctx.parseMember(call.args.member);
            if (!member) return reply(paragraph(...t.t('levels.notAReference', { member: call.args.member })));
            const name = ctx.members.get(member)?.displayName ?? localPart(member);
            if (repo.isStaff(community.id, member))
              return reply(paragraph(...t.t('levels.memberStaff', { member: name })));
            const { record, figures } = standing(member);
            await reply(...standingLines(t, config, record, figures, { self: false, name }));
          },
        }),
      ],
    };
  },
});
