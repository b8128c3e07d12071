import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { MemberRef } from '../../core/events.ts';
import type { MemberId } from '../../core/ids.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { list, mention, paragraph, rich, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { photoNudgeConfig } from './photo-nudge.config.ts';
import { photoNudgeMessages, type PhotoNudgeMessageKey } from './photo-nudge.messages.ts';
import { postingRate, postingRatio, type PostingRatio } from './photo-nudge.logic.ts';
import type { PhotoFigures } from './photo-nudge.store.ts';

const NUDGE = 'photo-nudge.send';

type NudgeTranslator = Translator<PhotoNudgeMessageKey | CoreMessageKey>;

/** Rates and ratios are read to one decimal: enough to compare, not more than the figures support. */
const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 } as const;

/** One group's line: how many members, how many messages, and the messages per member. */
function groupLine(
  t: NudgeTranslator,
  key: 'photo-nudge.stats.withPhoto' | 'photo-nudge.stats.withoutPhoto',
  group: { members: number; messages: number },
): Inline[] {
  return t.t(key, {
    members: t.plural('photo-nudge.stats.members', group.members, { count: t.number(group.members) }),
    messages: t.plural('photo-nudge.stats.messages', group.messages, { count: t.number(group.messages) }),
    rate: t.number(postingRate(group.messages, group.members), ONE_DECIMAL),
  });
}

function ratioLine(t: NudgeTranslator, ratio: PostingRatio): Inline[] {
  switch (ratio.kind) {
    case 'times':
      return t.t('photo-nudge.stats.ratio', { ratio: t.number(ratio.value, ONE_DECIMAL) });
    case 'nobodyPosted':
      return t.t('photo-nudge.stats.ratio.nobodyPosted');
    case 'onlyWithPhoto':
      return t.t('photo-nudge.stats.ratio.onlyWithPhoto');
  }
}

/** What `/photo stats` shows: both groups, how they compare, and what the nudges did. */
function figureLines(t: NudgeTranslator, f: PhotoFigures): Inline[][] {
  const ratio = postingRatio(
    postingRate(f.withPhoto.messages, f.withPhoto.members),
    postingRate(f.withoutPhoto.messages, f.withoutPhoto.members),
  );
  return [
    groupLine(t, 'photo-nudge.stats.withPhoto', f.withPhoto),
    groupLine(t, 'photo-nudge.stats.withoutPhoto', f.withoutPhoto),
    ratioLine(t, ratio),
    t.t('photo-nudge.stats.nudged', { nudged: t.number(f.nudged), photoAfterNudge: t.number(f.photoAfterNudge) }),
  ];
}

interface NudgePayload {
  member: string;
  name: string;
  joinedAt: number;
  /** 1 for the nudge, 2… for reminders. */
  n: number;
}

/**
 * Members who add a profile photo are far more likely to post. A nudge in the join
 * message is known not to be read, so Foyer asks later — after the member's first few
 * messages, or a while after they joined — at most `1 + reminders` times, and stops as
 * soon as a photo is set. Whether and when a nudged member set a photo is recorded.
 */
export const photoNudgeFeature = defineFeature({
  id: 'photo-nudge',
  description: 'One friendly profile-photo nudge when it is most likely to be read',
  needs: ['messages', 'directMessages'] as const,
  optional: ['profiles'],
  settings: photoNudgeConfig,
  messages: photoNudgeMessages,
  config: (nudge, { sharedChannel }) =>
    nudge.enabled ? { ...nudge, fallbackChannel: sharedChannel('welcome') } : undefined,
  store: (stores) => stores.photoNudges,
  setup(ctx) {
    const { config, repo, community } = ctx;
    const channelName = config.channel ?? config.fallbackChannel;
    // Members whose nudging is over (nudged, photo set, or never tracked): no query per message.
    const settled = new Set<string>();

    /**
     * A photo set while Foyer was not listening (offline, say: Discord's catch-up does not replay profile changes)
     * reaches it through no event, so the live profile is asked before each nudge. Unreadable means no photo known.
     */
    async function photoSetMeanwhile(member: MemberId): Promise<boolean> {
      const profile = await ctx.optionalPorts.profiles?.getProfile(member);
      if (!profile?.ok || !profile.value.hasPhoto) return false;
      settled.add(member);
      repo.recordPhoto(community.id, member, ctx.clock.now());
      return true;
    }

    async function nudge(p: NudgePayload): Promise<void> {
      const member = p.member as MemberId;
      if (ctx.members.get(member)?.hasPhoto || (await photoSetMeanwhile(member))) return;
      const t = ctx.translatorFor(member);
      const who = mention(member, p.name);
      const message = rich(
        paragraph(...t.t(p.n === 1 ? 'nudge.photo' : 'nudge.reminder', { member: who, community: community.name })),
      );
      const via = config.delivery === 'dm' ? 'dm' : 'channel';
      const channel = channelName ? ctx.channel(channelName) : undefined;
      const outcome = await ctx.outreach.contact(
        {
          member,
          effectKey: `photo-nudge:${community.id}:${member}:${p.joinedAt}:${p.n}`,
          reason: p.n === 1 ? 'nudge.reason.first' : `nudge.reason.reminder${p.n - 1}`,
          via,
        },
        () =>
          via === 'dm'
            ? ctx.ports.directMessages.sendDirect(member, message)
            : ctx.ports.messages.send(channel!, message),
      );
      if (outcome === 'duplicate') return;
      if (outcome === 'capped') {
        // Not now: the member had their share of direct messages. Ask again when allowed.
        const retry = ctx.outreach.nextAllowed(member);
        if (retry.getTime() < ctx.clock.now().getTime() + 30 * 86_400_000)
          ctx.scheduler.schedule(NUDGE, `${member}:${p.joinedAt}:${p.n}:retry:${retry.getTime()}`, retry, p);
        return;
      }
      ctx.atomically(() => repo.recordNudge(community.id, member, new Date(p.joinedAt), ctx.clock.now()));
      if (p.n <= config.reminders) {
        const due = new Date(ctx.clock.now().getTime() + config.reminderAfter);
        ctx.scheduler.schedule(NUDGE, `${member}:${p.joinedAt}:${p.n + 1}`, due, {
          ...p,
          n: p.n + 1,
        } satisfies NudgePayload);
      }
    }

    const start = (member: MemberRef, joinedAt: Date): Promise<void> =>
      nudge({ member: member.id, name: member.displayName, joinedAt: joinedAt.getTime(), n: 1 });

    return {
      on: {
        async 'member.joined'(event) {
          if (event.hasPhoto) return;
          settled.delete(event.member.id);
          repo.track(community.id, event.member.id, event.at);
          if (config.trigger === 'delay') {
            const payload: NudgePayload = {
              member: event.member.id,
              name: event.member.displayName,
              joinedAt: event.at.getTime(),
              n: 1,
            };
            ctx.scheduler.schedule(
              NUDGE,
              `${event.member.id}:${event.at.getTime()}:1`,
              new Date(event.at.getTime() + config.delay),
              payload,
            );
          }
        },
        async 'member.updated'(event) {
          if (!event.hasPhoto) return;
          settled.add(event.member.id);
          repo.recordPhoto(community.id, event.member.id, event.at);
        },
        async 'message.posted'(event) {
          if (config.trigger !== 'messages' || settled.has(event.author.id)) return;
          const record = repo.latest(community.id, event.author.id);
          if (!record || record.nudgesSent > 0 || record.photoSetAt || ctx.members.get(event.author.id)?.hasPhoto) {
            settled.add(event.author.id);
            return;
          }
          const seen = repo.countMessage(community.id, event.author.id, record.joinedAt);
          if (seen >= config.afterMessages) {
            settled.add(event.author.id);
            await start(event.author, record.joinedAt);
          }
        },
      },
      tasks: [
        {
          kind: NUDGE,
          missed: { kind: 'run-late', graceMs: 2 * 86_400_000 },
          run: (task) => nudge(task.payload as NudgePayload),
        },
      ],
      commands: [
        defineCommand({
          name: 'photo stats',
          description: 'photo-nudge.command.photo.stats',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            // Buffered message metadata is written first, so the figures count every message.
            ctx.flushActivity();
            const t = ctx.translatorFor(call.invoker.id);
            await call.reply(
              rich(paragraph(...t.t('photo-nudge.stats.title')), list(figureLines(t, repo.figures(community.id)))),
              {
                private: true,
              },
            );
          },
        }),
      ],
    };
  },
});
