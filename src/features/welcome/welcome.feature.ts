import type { EventOf } from '../../core/events.ts';
import type { OutreachRecord } from '../../core/outreach.ts';
import type { MemberId } from '../../core/ids.ts';
import { mention, paragraph, rich, text, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { welcomeConfig } from './welcome.config.ts';
import { welcomeMessages } from './welcome.messages.ts';
import type { QueuedNewcomer } from './welcome.store.ts';
import { isBurst, joinStillStands, nextWelcomeSlot, welcomeBackDue, welcomeKey } from './welcome.logic.ts';

const FLUSH = 'welcome.flush-burst';

/**
 * Greets each newcomer personally, in the welcome channel or by direct message. During a
 * join burst (a raid or a big announcement) newcomers are greeted in grouped messages
 * instead, so the channel is not flooded and no DM is sent speculatively — and nobody
 * in the burst is left out. The channel gets at most one welcome message per `pace`:
 * whoever arrives sooner is greeted in the next grouped message, so the batching follows
 * the rate of joins and Foyer never queues up behind Discord's per-channel limit.
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
    /**
     * When the last welcome message went to the channel, in memory: after a restart the
     * first one goes at once. Set before the send is awaited, since joins are handled
     * concurrently.
     */
    let lastChannelWelcome: number | undefined;
    /** A grouped welcome is due: later newcomers join its queue rather than jump it. */
    let flushDue: number | undefined;
    const now = () => ctx.clock.now().getTime();
    const channelFree = () => nextWelcomeSlot(lastChannelWelcome, now(), config.pace) <= now();
    const takeChannelSlot = () => (lastChannelWelcome = now());

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
      // Taken now, before anything is awaited: joins are handled concurrently.
      if (config.delivery === 'channel') takeChannelSlot();
      const outcome = await ctx.outreach.contact(contact, () =>
        config.delivery === 'dm'
          ? ports.directMessages.sendDirect(event.member.id, message)
          : ports.messages.send(welcomeChannel, message),
      );
      // DMs closed or refused: greet in the channel instead, so nobody goes unwelcomed.
      if ((outcome === 'failed' || outcome === 'skipped' || outcome === 'capped') && config.delivery === 'dm') {
        // The channel is busy: the next grouped welcome names them.
        if (!channelFree() || flushDue !== undefined) return queue(event);
        takeChannelSlot();
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
    const earlierWelcomes = (event: EventOf<'member.joined'>, key: string, history: readonly OutreachRecord[]) => {
      const prefix = `welcome:${community.id}:${event.member.id}:`;
      return history.filter((e) => e.effectKey.startsWith(prefix) && !e.effectKey.startsWith(key));
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
      // A quiet courtesy, not a welcome: during a rush of joins the newcomers' greetings come first.
      if (!channelFree() || flushDue !== undefined)
        return ctx.logger.info('welcome back skipped: the welcome channel is busy', { member: event.member.id });
      takeChannelSlot();
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

    /** Sends the next grouped welcome (the earliest newcomers), then schedules the one after if any wait. */
    const flushBurst = async (): Promise<void> => {
      flushDue = undefined;
      const due = nextWelcomeSlot(lastChannelWelcome, now(), config.pace);
      if (due > now()) return scheduleFlush(due);
      const { group, gone, more } = nextGroup(repo.waiting(community.id));
      // Nobody is greeted after leaving; their place in the queue is closed all the same.
      if (gone.length > 0) ctx.atomically(() => repo.markWelcomed(community.id, gone, ctx.clock.now()));
      if (group.length === 0) return;
      if (more) scheduleFlush(now() + config.pace);
      takeChannelSlot();
      await sendGroup(group);
      ctx.logger.info('grouped welcome sent', { newcomers: group.length });
    };

    /**
     * The earliest queued newcomers still here, as many as one message names, and those
     * before them who left. Only as far as needed: during a raid hundreds may wait, and
     * checking each costs a read.
     */
    const nextGroup = (waiting: readonly QueuedNewcomer[]) => {
      const group: QueuedNewcomer[] = [];
      const gone: QueuedNewcomer[] = [];
      let i = 0;
      for (; i < waiting.length && group.length < config.burst.namesPerMessage; i++)
        (stillHere(waiting[i]!) ? group : gone).push(waiting[i]!);
      return { group, gone, more: i < waiting.length };
    };

    /**
     * A newcomer whose welcome DM failed is named under the fallback's key: the join's own
     * key is taken by the DM that failed.
     */
    const groupKey = (n: QueuedNewcomer): string => {
      const key = welcomeKey(community.id, n.memberId, n.joinedAt);
      const dmFailed = ctx.outreach
        .history(n.memberId as MemberId, 20)
        .some((e) => e.effectKey === key && e.via === 'dm' && e.status !== 'sent');
      return dmFailed ? `${key}:fallback` : key;
    };

    const sendGroup = async (group: QueuedNewcomer[]): Promise<void> => {
      const byKey = new Map(group.map((n) => [groupKey(n), n]));
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
    };

    /** One grouped welcome at a time is due; its key is its due time, so a restart keeps it. */
    const scheduleFlush = (dueAt: number): void => {
      if (flushDue !== undefined && flushDue <= dueAt) return;
      flushDue = dueAt;
      ctx.scheduler.schedule(FLUSH, `${community.id}:${dueAt}`, new Date(dueAt));
    };

    /** Queues a newcomer for the next grouped welcome. */
    const queue = (event: EventOf<'member.joined'>): void => {
      const newcomer: QueuedNewcomer = {
        memberId: event.member.id,
        joinedAt: event.at,
        displayName: event.member.displayName,
      };
      ctx.atomically(() => {
        repo.enqueue(community.id, newcomer);
        scheduleFlush(nextWelcomeSlot(lastChannelWelcome, now(), config.pace));
      });
    };

    return {
      on: {
        async 'member.joined'(event) {
          const key = welcomeKey(community.id, event.member.id, event.at);
          // One read of the member's outreach serves both questions: a join costs few reads during a raid.
          const history = ctx.outreach.history(event.member.id, 50);
          if (history.some((entry) => entry.effectKey === key || entry.effectKey === `${key}:back`)) return;
          const earlier = earlierWelcomes(event, key, history);
          if (event.rejoined || earlier.length > 0) return welcomeBack(event, key, earlier);
          const since = new Date(ctx.clock.now().getTime() - config.burst.window);
          const joins = ctx.members.countJoinsSince(since);
          const channelBusy = config.delivery === 'channel' && !channelFree();
          if (isBurst(joins, config.burst.threshold) || channelBusy || flushDue !== undefined) return queue(event);
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
