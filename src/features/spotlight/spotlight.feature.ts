import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import { memberArgument } from '../../core/groups.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import type { MemberId } from '../../core/ids.ts';
import type { Contributor } from '../../core/recognition.ts';
import { code, list, MAX_INERT_LENGTH, mention, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { spotlightConfig } from './spotlight.config.ts';
import { nextStep, pickCandidates, suggestionCron } from './spotlight.logic.ts';
import { spotlightMessages, type SpotlightMessageKey } from './spotlight.messages.ts';
import type { Spotlight } from './spotlight.store.ts';

const EXPIRE = 'spotlight.expire';
/** Contributors read per suggestion before exclusions, so a few opted-out members never empty the list. */
const POOL = 50;

type SpotlightTranslator = Translator<SpotlightMessageKey | CoreMessageKey>;

/** Why a candidate is suggested, in the reader's language. */
function reasons(t: SpotlightTranslator, c: Contributor, level: string | undefined): Inline[] {
  const parts: Inline[][] = [];
  if (level) parts.push(t.t('spotlight.reason.level', { level }));
  if (c.givers > 0) parts.push(t.plural('spotlight.reason.givers', c.givers, { count: t.number(c.givers) }));
  parts.push(t.plural('spotlight.reason.days', c.activeDays, { count: t.number(c.activeDays) }));
  return parts.flatMap((p, i) => (i === 0 ? p : [text(', '), ...p]));
}

/**
 * Member spotlights, consent first: Foyer suggests candidates to moderators each week, a
 * moderator picks one, Foyer asks the member privately, and the post — their own words —
 * goes out only after their explicit yes. A no, or silence until the deadline, posts nothing.
 */
export const spotlightFeature = defineFeature({
  id: 'spotlight',
  description: 'Member spotlights, posted only with the member’s yes and in their own words',
  needs: ['messages', 'directMessages'] as const,
  settings: spotlightConfig,
  messages: spotlightMessages,
  config: (spotlight) => (spotlight.enabled ? spotlight : undefined),
  store: (stores) => stores.spotlight,
  memberData(store, member, t, community) {
    const optedOut = store.optedOutAt(community.id, member);
    const kept = store.ofMember(community.id, member);
    if (!optedOut && kept.length === 0) return undefined;
    const lines: Inline[][] = [];
    if (optedOut) lines.push(t.t('spotlight.data.optedOut', { at: t.dateTime(optedOut) }));
    for (const s of kept) {
      lines.push(
        t.t('spotlight.data.entry', { at: t.dateTime(s.pickedAt), status: t.t(`spotlight.status.${s.status}`) }),
      );
      if (s.story) lines.push(t.t('spotlight.data.story', { story: s.story }));
    }
    return {
      key: 'spotlight',
      data: {
        optedOutAt: optedOut ?? null,
        spotlights: kept.map(({ id, status, pickedAt, consentAt, story, closedAt, expiresAt }) => ({
          id,
          status,
          pickedAt,
          expiresAt,
          consentAt,
          story,
          closedAt,
        })),
      },
      lines,
    };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const channel = ctx.channel(config.channel!);
    const moderators = ctx.channel(config.moderatorChannel!);
    const nameOf = (member: string) =>
      ctx.members.get(member as MemberId)?.displayName ?? memberArgument(member as MemberId);
    const say = (call: CommandCall<unknown>, ...inlines: Inline[]) =>
      call.reply(rich(paragraph(...inlines)), { private: true });
    const tellModerators = async (message: Inline[]): Promise<void> => {
      if (moderators) await ctx.ports.messages.send(moderators, rich(paragraph(...message)));
    };

    /** Contributors of the window who may be suggested, best first. */
    function candidates(): Contributor[] {
      const now = ctx.clock.now();
      const blocked = new Set([
        ...repo.optedOut(community.id),
        ...repo.staff(community.id),
        ...repo.pickedSince(community.id, new Date(now.getTime() - config.cooldown)),
      ]);
      const gone = (member: string) => {
        const record = ctx.members.get(member as MemberId);
        return !record || (record.leftAt !== null && (record.joinedAt === null || record.leftAt >= record.joinedAt));
      };
      const pool = ctx.recognition.topContributors(new Date(now.getTime() - config.window), now, POOL);
      return pickCandidates(pool, (m) => blocked.has(m) || gone(m), {
        minActiveDays: config.minActiveDays,
        minThanksGivers: config.minThanksGivers,
        count: config.candidates,
      });
    }

    function suggestion(t: SpotlightTranslator) {
      const found = candidates();
      if (found.length === 0) return rich(paragraph(...t.t('spotlight.suggestion.none')));
      const lines = found.map((c) =>
        t.t('spotlight.candidate', {
          member: nameOf(c.member),
          command: code(ctx.commandLabel(`spotlight pick ${memberArgument(c.member)}`)),
          reasons: reasons(t, c, ctx.recognition.levelOf(c.member)?.level),
        }),
      );
      return rich(
        paragraph(...t.t('spotlight.suggestion.title')),
        list(lines),
        paragraph(...t.t('spotlight.suggestion.how')),
      );
    }

    function askMessage(member: MemberId, expiresAt: Date) {
      const t = ctx.translatorFor(member);
      return rich(
        paragraph(
          ...t.t('spotlight.ask', {
            member: nameOf(member),
            community: community.name,
            channel: channel ? ctx.channelMention(channel) : text(config.channel!),
          }),
        ),
        paragraph(
          ...t.t('spotlight.ask.how', {
            yes: code(ctx.commandLabel('spotlight yes')),
            story: code(ctx.commandLabel('spotlight story')),
            no: code(ctx.commandLabel('spotlight no')),
            until: t.dateTime(expiresAt),
          }),
        ),
        paragraph(...t.t('spotlight.ask.optout', { command: code(ctx.commandLabel('spotlight optout')) })),
      );
    }

    /** Asks the member privately; a member who cannot be asked ends the spotlight at once. */
    async function pick(call: CommandCall<{ member: string }>): Promise<void> {
      const t = ctx.translatorFor(call.invoker.id);
      const member = ctx.parseMember(call.args.member);
      const record = member && ctx.members.get(member);
      if (!member || !record) return say(call, ...t.t('spotlight.pick.unknown', { member: call.args.member }));
      const name = record.displayName;
      if (repo.optedOutAt(community.id, member)) return say(call, ...t.t('spotlight.pick.optedOut', { member: name }));
      const open = repo.asking(community.id, member);
      if (open) return say(call, ...t.t('spotlight.pick.asking', { member: name, until: t.dateTime(open.expiresAt) }));
      const now = ctx.clock.now();
      const expiresAt = new Date(now.getTime() + config.answerWithin);
      const id = repo.create({
        communityId: community.id,
        memberId: member,
        pickedBy: call.invoker.id,
        pickedAt: now,
        expiresAt,
      });
      const outcome = await ctx.outreach.contact(
        { member, effectKey: `spotlight:${community.id}:${id}:ask`, reason: 'spotlight.reason.ask', via: 'dm' },
        () => ctx.ports.directMessages.sendDirect(member, askMessage(member, expiresAt)),
      );
      if (outcome === 'sent' || outcome === 'duplicate') {
        ctx.scheduler.schedule(EXPIRE, String(id), expiresAt);
        return say(call, ...t.t('spotlight.pick.asked', { member: name, until: t.dateTime(expiresAt) }));
      }
      repo.finish(id, 'unreachable', ctx.clock.now());
      if (outcome === 'capped')
        return say(
          call,
          ...t.t('spotlight.pick.capped', { member: name, when: t.dateTime(ctx.outreach.nextAllowed(member)) }),
        );
      const why = t.t(outcome === 'skipped' ? 'spotlight.why.skipped' : 'spotlight.why.failed');
      await say(call, ...t.t('spotlight.pick.unreachable', { member: name, why }));
    }

    /** Posts the spotlight: only called once the member gave both their yes and their words. */
    async function post(spotlight: Spotlight, call: CommandCall<unknown>): Promise<void> {
      if (!channel || !spotlight.story) return;
      // The spotlight is ended before the post goes out: a crash here loses the post, never doubles it.
      if (!repo.finish(spotlight.id, 'posted', ctx.clock.now())) return;
      const member = spotlight.memberId as MemberId;
      const intro = ctx.t.t('spotlight.post.intro', { member: mention(member, nameOf(member)) });
      const sent = await ctx.ports.messages.send(channel, rich(paragraph(...intro), paragraph(text(spotlight.story))));
      const where = ctx.channelMention(channel);
      if (!sent.ok) {
        ctx.logger.warn('spotlight not posted', { spotlight: spotlight.id, failure: sent.error.kind });
        return tellModerators(
          ctx.t.t('spotlight.mods.failed', { member: nameOf(member), channel: where, failure: sent.error.kind }),
        );
      }
      await say(call, ...ctx.translatorFor(member).t('spotlight.posted.you', { channel: where }));
      await tellModerators(ctx.t.t('spotlight.mods.posted', { member: nameOf(member), channel: where }));
    }

    /** The member's open spotlight, or a reply saying there is none. */
    const openFor = async (call: CommandCall<unknown>): Promise<Spotlight | undefined> => {
      const open = repo.asking(community.id, call.invoker.id);
      if (!open) await say(call, ...ctx.translatorFor(call.invoker.id).t('spotlight.nothingAsked'));
      return open;
    };

    async function decline(spotlight: Spotlight): Promise<boolean> {
      if (!repo.finish(spotlight.id, 'declined', ctx.clock.now())) return false;
      ctx.scheduler.cancel(EXPIRE, String(spotlight.id));
      await tellModerators(ctx.t.t('spotlight.mods.declined', { member: nameOf(spotlight.memberId) }));
      return true;
    }

    async function afterAnswer(call: CommandCall<unknown>, id: number): Promise<void> {
      const t = ctx.translatorFor(call.invoker.id);
      const spotlight = repo.get(id)!;
      const step = nextStep(spotlight);
      if (step === 'post') {
        ctx.scheduler.cancel(EXPIRE, String(id));
        return post(spotlight, call);
      }
      if (step === 'needStory')
        return say(call, ...t.t('spotlight.yes.needStory', { command: code(ctx.commandLabel('spotlight story')) }));
      await say(
        call,
        ...t.t('spotlight.story.needYes', {
          command: code(ctx.commandLabel('spotlight yes')),
          until: t.dateTime(spotlight.expiresAt),
        }),
      );
    }

    return {
      jobs: [
        {
          id: 'suggest',
          cron: suggestionCron(config.day, config.time),
          // A suggestion is about this week: one missed while Foyer was down is not sent late.
          missed: { kind: 'skip' },
          run: async () => {
            ctx.flushActivity();
            if (moderators) await ctx.ports.messages.send(moderators, suggestion(ctx.t));
          },
        },
      ],
      tasks: [
        {
          kind: EXPIRE,
          missed: { kind: 'catch-up' },
          run: async (task) => {
            const spotlight = repo.get(Number(task.key));
            if (!spotlight || !repo.finish(spotlight.id, 'expired', ctx.clock.now())) return;
            await tellModerators(ctx.t.t('spotlight.mods.expired', { member: nameOf(spotlight.memberId) }));
          },
        },
      ],
      commands: [
        defineCommand({
          name: 'spotlight optout',
          description: 'spotlight.command.optout',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            repo.optOut(community.id, call.invoker.id, ctx.clock.now());
            const open = repo.asking(community.id, call.invoker.id);
            const cancelled = open ? await decline(open) : false;
            const command = code(ctx.commandLabel('spotlight optin'));
            await say(call, ...t.t(cancelled ? 'spotlight.optedOutDeclined' : 'spotlight.optedOut', { command }));
          },
        }),
        defineCommand({
          name: 'spotlight optin',
          description: 'spotlight.command.optin',
          args: z.object({}),
          role: 'member',
          async run(call) {
            repo.optIn(community.id, call.invoker.id);
            await say(call, ...ctx.translatorFor(call.invoker.id).t('spotlight.optedIn'));
          },
        }),
        defineCommand({
          name: 'spotlight candidates',
          description: 'spotlight.command.candidates',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            ctx.flushActivity();
            await call.reply(suggestion(ctx.translatorFor(call.invoker.id)), { private: true });
          },
        }),
        defineCommand({
          name: 'spotlight pick',
          description: 'spotlight.command.pick',
          args: z.object({ member: z.string().min(1).describe('spotlight.arg.member') }),
          role: 'moderator',
          run: pick,
        }),
        defineCommand({
          name: 'spotlight yes',
          description: 'spotlight.command.yes',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const open = await openFor(call);
            if (!open) return;
            if (!open.consentAt) repo.consent(open.id, ctx.clock.now());
            await afterAnswer(call, open.id);
          },
        }),
        defineCommand({
          name: 'spotlight story',
          description: 'spotlight.command.story',
          args: z.object({ text: z.string().min(1).describe('spotlight.arg.text') }),
          role: 'member',
          async run(call) {
            const open = await openFor(call);
            if (!open) return;
            const story = call.args.text.trim();
            const length = Array.from(story).length;
            if (length > MAX_INERT_LENGTH)
              return say(
                call,
                ...ctx.translatorFor(call.invoker.id).t('spotlight.story.tooLong', { max: MAX_INERT_LENGTH, length }),
              );
            repo.setStory(open.id, story, ctx.clock.now());
            await afterAnswer(call, open.id);
          },
        }),
        defineCommand({
          name: 'spotlight no',
          description: 'spotlight.command.no',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const open = await openFor(call);
            if (!open) return;
            await decline(open);
            await say(call, ...ctx.translatorFor(call.invoker.id).t('spotlight.no.you'));
          },
        }),
      ],
    };
  },
});
