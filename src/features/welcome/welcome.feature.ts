import type { EventOf } from '../../core/events.ts';
import type { OutreachRecord } from '../../core/outreach.ts';
import type { MemberId } from '../../core/ids.ts';
import { mention, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { welcomeConfig } from './welcome.config.ts';
import { welcomeMessages } from './welcome.messages.ts';
import type { QueuedNewcomer } from './welcome.store.ts';
import { chunk, isBurst, joinStillStands, welcomeBackDue, welcomeKey, windowEnd } from './welcome.logic.ts';

const FLUSH = 'welcome.flush-burst';

/**
 * Greets each newcomer personally, in the welcome channel or by direct message. During a
 * join burst (a raid or a big announcement) newcomers are greeted in grouped messages
 * instead, so the channel is not flooded and no DM is sent speculatively — and nobody
 * in the burst is left out.
 */
export const welcomeFeature = defineFeature({
  id: 'welcome',
  description: 'Personal welcome on join, grouped during join bursts',
  needs: ['messages', 'directMessages'] as const,
  settings: welcomeConfig,
  messages: welcomeMessages,
  config: (welcome) => (welcome.enabled ? welcome : undefined),
  store: (stores) => stores.welcome,
  setup(ctx) {
    const { config, repo, community, ports } = ctx;
    const welcomeChannel = ctx.channel(config.channel!)!;

    const personalWelcome = async (event: EventOf<'member.joined'>): Promise<void> => {
      const t = ctx.translatorFor(event.member.id);
      const who = mention(event.member.id, event.member.displayName);
      const message = rich(
        paragraph(
          ...t.t(config.delivery === 'dm' ? 'welcome.dm' : 'welcome.single', {
            member: who,
            community: community.name,
          }),
        ),
        paragraph(...t.t('welcome.next', { command: text(ctx.commandLabel('onboarding')) })),
      );
      const contact = {
        member: event.member.id,
        effectKey: welcomeKey(community.id, event.member.id, event.at),
        reason: 'welcome.reason.join',
        via: config.delivery,
      };
      const outcome = await ctx.outreach.contact(contact, () =>
        config.delivery === 'dm'
          ? ports.directMessages.sendDirect(event.member.id, message)
          : ports.messages.send(welcomeChannel, message),
      );
      // DMs closed or refused: greet in the channel instead, so nobody goes unwelcomed.
      if ((outcome === 'failed' || outcome === 'skipped' || outcome === 'capped') && config.delivery === 'dm') {
        const fallback = rich(paragraph(...t.t('welcome.single', { member: who, community: community.name })));
        await ctx.outreach.contact(
          {
            ...contact,
            effectKey: `${contact.effectKey}:fallback`,
            via: 'channel',
            reason: 'welcome.reason.joinDmsClosed',
          },
          () => ports.messages.send(welcomeChannel, fallback),
        );
      }
    };

    /** Welcomes of this member for earlier joins (first welcomes and welcomes back), newest first. */
    const earlierWelcomes = (event: EventOf<'member.joined'>, key: string) => {
      const prefix = `welcome:${community.id}:${event.member.id}:`;
      return ctx.outreach
        .history(event.member.id, 50)
        .filter((e) => e.effectKey.startsWith(prefix) && !e.effectKey.startsWith(key));
    };

    /**
     * A returning member is greeted quietly, by name and without a ping, at most once per
     * period: leaving and rejoining must not let one member flood the welcome channel.
     */
    const welcomeBack = async (
      event: EventOf<'member.joined'>,
      key: string,
      earlier: readonly OutreachRecord[],
    ): Promise<void> => {
      const lastBack = earlier.find((e) => e.effectKey.endsWith(':back'))?.at;
      if (!welcomeBackDue(lastBack, ctx.clock.now(), config.rejoin.period))
        return ctx.logger.info('returning member already welcomed back within the period', { member: event.member.id });
      const t = ctx.translatorFor(event.member.id);
      const message = rich(
        paragraph(...t.t('welcome.back', { name: text(event.member.displayName), community: community.name })),
      );
      await ctx.outreach.contact(
        { member: event.member.id, effectKey: `${key}:back`, reason: 'welcome.reason.back', via: 'channel' },
        () => ports.messages.send(welcomeChannel, message),
      );
    };

    /** Whether this queued join still stands: the newcomer neither left nor joined again since. */
    const stillHere = (n: QueuedNewcomer): boolean =>
      joinStillStands(n.joinedAt, ctx.members.get(n.memberId as MemberId));

    const flushBurst = async (): Promise<void> => {
      const waiting = repo.waiting(community.id);
      const gone = waiting.filter((n) => !stillHere(n));
      // Nobody is greeted after leaving; their place in the queue is closed all the same.
      if (gone.length > 0) ctx.atomically(() => repo.markWelcomed(community.id, gone, ctx.clock.now()));
      for (const group of chunk(waiting.filter(stillHere), config.burst.namesPerMessage)) {
        const byKey = new Map(group.map((n) => [welcomeKey(community.id, n.memberId, n.joinedAt), n]));
        const contacts = [...byKey].map(([effectKey, n]) => ({
          member: n.memberId as MemberId,
          effectKey,
          reason: 'welcome.reason.burst',
          via: 'channel' as const,
        }));
        await ctx.outreach.contactGroup(contacts, (fresh) => {
          const names: Inline[] = fresh.flatMap((c, i) => [
            ...(i > 0 ? [text(', ')] : []),
            mention(c.member, byKey.get(c.effectKey)!.displayName),
          ]);
          const message = rich(
            paragraph(...ctx.t.plural('welcome.group', fresh.length, { members: names, community: community.name })),
            paragraph(...ctx.t.t('welcome.next', { command: text(ctx.commandLabel('onboarding')) })),
          );
          return ports.messages.send(welcomeChannel, message);
        });
        ctx.atomically(() => repo.markWelcomed(community.id, group, ctx.clock.now()));
      }
      if (waiting.length > 0) ctx.logger.info('join burst welcomed', { newcomers: waiting.length });
    };

    const scheduleFlush = (): void => {
      const due = windowEnd(ctx.clock.now(), config.burst.window);
      ctx.scheduler.schedule(FLUSH, `${community.id}:${due.getTime()}`, due);
    };

    return {
      on: {
        async 'member.joined'(event) {
          const key = welcomeKey(community.id, event.member.id, event.at);
          const already = ctx.outreach
            .history(event.member.id, 20)
            .some((entry) => entry.effectKey === key || entry.effectKey === `${key}:back`);
          if (already) return;
          const earlier = earlierWelcomes(event, key);
          if (event.rejoined || earlier.length > 0) return welcomeBack(event, key, earlier);
          const since = new Date(ctx.clock.now().getTime() - config.burst.window);
          const joins = ctx.members.countJoinsSince(since);
          if (isBurst(joins, config.burst.threshold)) {
            const newcomer: QueuedNewcomer = {
              memberId: event.member.id,
              joinedAt: event.at,
              displayName: event.member.displayName,
            };
            ctx.atomically(() => {
              repo.enqueue(community.id, newcomer);
              scheduleFlush();
            });
            return;
          }
          await personalWelcome(event);
        },
      },
      tasks: [{ kind: FLUSH, missed: { kind: 'catch-up' }, run: flushBurst }],
      // Newcomers queued before a crash whose flush never ran are greeted on the next start.
      async ready() {
        if (repo.waiting(community.id).length > 0) await flushBurst();
      },
    };
  },
});
