import { z } from 'zod';
import { defineCommand, type CommandCall } from '../../core/commands.ts';
import type { CoreMessageKey, Locale, Translator } from '../../core/i18n/translator.ts';
import { addDays, localDayOf } from '../../core/local-day.ts';
import { code, link, list, paragraph, rich, text, type Block, type Inline } from '../../core/rich-text.ts';
import type { PeriodHighlights } from '../../core/highlights.ts';
import { defineFeature } from '../define.ts';
import { newsletterConfig, type NewsletterSettings } from './newsletter.config.ts';
import {
  hashCode,
  mailHtml,
  mailText,
  newCode,
  newUnsubscribeToken,
  normaliseAddress,
  periodKey,
  senderDomain,
  unsubscribeHeaders,
} from './newsletter.logic.ts';
import { newsletterMessages, type NewsletterMessageKey } from './newsletter.messages.ts';
import { PERSONAL, sendBatch } from './newsletter.send.ts';
import type { Issue, NewsletterStore, Subscriber } from './newsletter.store.ts';
import { CONFIRM_PURPOSE, confirmSubject, newsletterRoutes } from './newsletter.web.ts';

const BATCH = 'newsletter.batch';
const DAY_MS = 86_400_000;

type T = Translator<NewsletterMessageKey | CoreMessageKey>;

/** Everything a chat command can be traced to: the platform's channel id. */
const chatSource = (channel: string): string => `chat:${channel}`;

/**
 * The community's own email list: double opt-in with a consent trail, issues of the
 * period's highlights sent by SMTP in batches that resume after a crash, and unsubscribing
 * in one click (RFC 8058) or one command.
 */
export const newsletterFeature = defineFeature({
  id: 'newsletter',
  description: 'An email newsletter the community owns: double opt-in, consent records, one-click unsubscribe',
  needs: [] as const,
  optional: ['mailer', 'webRoutes'],
  settings: newsletterConfig,
  messages: newsletterMessages,
  config: (settings: NewsletterSettings) => (settings.enabled ? settings : undefined),
  store: (stores) => stores.newsletter,
  memberData(store: NewsletterStore, member, t, community) {
    const subscriber = store.byMember(community.id, member);
    // Nothing kept, nothing shown: most members never give an address.
    if (!subscriber) return undefined;
    const consents = store.consents(subscriber.id);
    const lines: Inline[][] = [
      t.t('newsletter.mydata.status', {
        address: subscriber.address,
        status: t.t(`newsletter.state.${subscriber.status}`),
      }),
      ...consents.map((c) =>
        c.wording
          ? t.t('newsletter.mydata.consent', {
              kind: t.t(`newsletter.kind.${c.kind}`),
              when: t.dateTime(c.at),
              source: c.source,
              wording: c.wording,
            })
          : t.t('newsletter.mydata.consentPlain', {
              kind: t.t(`newsletter.kind.${c.kind}`),
              when: t.dateTime(c.at),
              source: c.source,
            }),
      ),
    ];
    const { codeHash: _secret, unsubscribeToken: _key, ...shown } = subscriber;
    return { key: 'newsletter', data: { subscriber: shown, consents }, lines };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const mailer = ctx.optionalPorts.mailer;
    const web = ctx.optionalPorts.webRoutes;
    const label = (sub: string) => `${ctx.commandLabel('newsletter')} ${sub}`;
    const localDay = localDayOf(community.timezone);
    const periodDays = Math.max(1, Math.round(config.period / DAY_MS));

    const consentWording = (t: T, address: string): Inline[] =>
      t.t('newsletter.consent', {
        community: community.name,
        address,
        period: t.plural('newsletter.days', periodDays, { count: t.number(periodDays) }),
        unsubscribe: code(label('unsubscribe')),
      });
    const flat = (inlines: Inline[]): string => mailText(rich(paragraph(...inlines))).trim();

    async function sendConfirmation(t: T, subscriber: Subscriber, typedCode: string, consent: Inline[]) {
      const blocks: Block[] = [
        paragraph(...t.t('newsletter.mail.confirm.hello', { community: community.name })),
        paragraph(...t.t('newsletter.mail.confirm.wording', { consent })),
      ];
      if (web) {
        const { token } = web.sign(CONFIRM_PURPOSE, confirmSubject(subscriber), config.confirmWithin);
        blocks.push(
          paragraph(...t.t('newsletter.mail.confirm.link', { link: link(web.url(`/newsletter/confirm/${token}`)) })),
        );
      }
      blocks.push(
        paragraph(...t.t('newsletter.mail.confirm.code', { command: code(`${label('confirm')} ${typedCode}`) })),
        paragraph(...t.t('newsletter.mail.confirm.within', { until: t.dateTime(subscriber.codeExpiresAt!) })),
      );
      const body = rich(...blocks);
      const subject = flat(t.t('newsletter.mail.confirm.subject', { community: community.name }));
      return mailer!.send({
        to: subscriber.address,
        subject,
        text: mailText(body),
        html: mailHtml(t.locale, subject, body),
        messageId: `<newsletter.confirm.${subscriber.id}.${ctx.clock.now().getTime()}@${senderDomain(mailer!.from)}>`,
      });
    }

    const say = (call: CommandCall<unknown>, inlines: Inline[]) =>
      call.reply(rich(paragraph(...inlines)), { private: true });

    async function subscribe(call: CommandCall<{ address: string }>) {
      const t = ctx.translatorFor(call.invoker.id);
      if (!mailer) return say(call, t.t('newsletter.unavailable'));
      const checked = normaliseAddress(call.args.address);
      if (!checked.ok)
        return say(
          call,
          t.t('newsletter.subscribe.invalid', {
            typed: call.args.address.slice(0, 100),
            why: t.t(`newsletter.invalid.${checked.problem}`),
            example: code(`${label('subscribe')} name@example.org`),
          }),
        );
      const existing = repo.byAddress(community.id, checked.address);
      if (existing?.status === 'subscribed')
        return say(
          call,
          t.t('newsletter.subscribe.already', { address: checked.address, unsubscribe: code(label('unsubscribe')) }),
        );
      const now = ctx.clock.now();
      const typedCode = newCode();
      const consent = consentWording(t, checked.address);
      const subscriber = ctx.atomically(() =>
        repo.request(community.id, {
          address: checked.address,
          memberId: call.invoker.id,
          locale: t.locale,
          codeHash: hashCode(typedCode),
          codeExpiresAt: new Date(now.getTime() + config.confirmWithin),
          unsubscribeToken: newUnsubscribeToken(),
          at: now,
          source: chatSource(call.channel),
          wording: flat(consent),
        }),
      );
      const sent = await sendConfirmation(t, subscriber, typedCode, consent);
      if (!sent.accepted) return say(call, t.t('newsletter.subscribe.failed', { address: checked.address }));
      return say(
        call,
        t.t('newsletter.subscribe.sent', {
          address: checked.address,
          confirm: code(`${label('confirm')} CODE`),
          until: t.dateTime(subscriber.codeExpiresAt!),
          consent,
        }),
      );
    }

    function confirm(call: CommandCall<{ code: string }>) {
      const t = ctx.translatorFor(call.invoker.id);
      const subscriber = repo.byMember(community.id, call.invoker.id);
      const again = code(`${label('subscribe')} name@example.org`);
      if (!subscriber || subscriber.status !== 'pending' || !subscriber.codeHash)
        return say(call, t.t('newsletter.confirm.nothing', { subscribe: again }));
      if (subscriber.codeExpiresAt && subscriber.codeExpiresAt.getTime() <= ctx.clock.now().getTime())
        return say(call, t.t('newsletter.confirm.expired', { subscribe: again }));
      if (hashCode(call.args.code) !== subscriber.codeHash)
        return say(call, t.t('newsletter.confirm.wrong', { subscribe: again }));
      repo.confirm(subscriber.id, ctx.clock.now(), chatSource(call.channel));
      return say(
        call,
        t.t('newsletter.confirm.done', { address: subscriber.address, unsubscribe: code(label('unsubscribe')) }),
      );
    }

    function unsubscribe(call: CommandCall<unknown>) {
      const t = ctx.translatorFor(call.invoker.id);
      const subscriber = repo.byMember(community.id, call.invoker.id);
      if (!subscriber || subscriber.status === 'unsubscribed') return say(call, t.t('newsletter.unsubscribe.nothing'));
      repo.unsubscribe(subscriber.id, ctx.clock.now(), chatSource(call.channel));
      return say(call, t.t('newsletter.unsubscribe.done', { address: subscriber.address }));
    }

    function status(call: CommandCall<unknown>) {
      const t = ctx.translatorFor(call.invoker.id);
      const subscriber = repo.byMember(community.id, call.invoker.id);
      const again = code(`${label('subscribe')} name@example.org`);
      if (!subscriber) return say(call, t.t('newsletter.status.none', { subscribe: again }));
      switch (subscriber.status) {
        case 'pending':
          return say(
            call,
            t.t('newsletter.status.pending', {
              address: subscriber.address,
              asked: t.dateTime(subscriber.createdAt),
              confirm: code(`${label('confirm')} CODE`),
            }),
          );
        case 'subscribed':
          return say(
            call,
            t.t('newsletter.status.subscribed', {
              address: subscriber.address,
              since: t.date(subscriber.confirmedAt ?? subscriber.createdAt),
              unsubscribe: code(label('unsubscribe')),
            }),
          );
        case 'unsubscribed':
          return say(
            call,
            t.t('newsletter.status.unsubscribed', {
              address: subscriber.address,
              when: t.date(subscriber.unsubscribedAt ?? subscriber.createdAt),
              subscribe: again,
            }),
          );
      }
    }

    /** The issue's shared part, in the community's language; the footer is each recipient's own. */
    function draftIssue(from: Date, to: Date, fromDay: string, toDay: string, shownPeriod: string) {
      const t = ctx.t;
      const highlights = highlightLines(t, ctx.highlights.between(from, to));
      const body = rich(
        paragraph(...t.t('newsletter.mail.issue.title', { community: community.name, period: shownPeriod })),
        highlights.length > 0 ? list(highlights) : paragraph(...t.t('newsletter.mail.issue.quiet')),
        paragraph(text(PERSONAL)),
      );
      const subject = flat(t.t('newsletter.mail.issue.subject', { community: community.name, period: shownPeriod }));
      return {
        period: periodKey(fromDay, toDay),
        subject,
        textBody: mailText(body),
        htmlBody: mailHtml(community.locale, subject, body),
      };
    }

    /** The period's highlights as lines; member-written texts (poll questions, post titles) stay inert text. */
    function highlightLines(t: T, h: PeriodHighlights): Inline[][] {
      const count = (key: Parameters<T['plural']>[0], n: number) => t.plural(key, n, { count: t.number(n) });
      const lines: Inline[][] = [];
      if (h.newMembers.count > 0) lines.push(count('newsletter.hl.newMembers', h.newMembers.count));
      for (const post of h.upcoming.slice(0, 3)) {
        const channel = ctx.channel(post.channel);
        lines.push(
          t.t('newsletter.hl.upcoming', {
            when: t.dateTime(post.at),
            channel: channel ? ctx.channelMention(channel) : text(`#${post.channel}`),
            title: text(post.title),
          }),
        );
      }
      for (const poll of h.polls.slice(0, 3)) {
        const top = [...poll.options].sort((a, b) => b.votes - a.votes)[0];
        if (!top || poll.voters === 0) continue;
        lines.push(
          t.t('newsletter.hl.poll', {
            question: text(poll.question),
            answer: text(top.label),
            voters: count('newsletter.hl.voters', poll.voters),
          }),
        );
      }
      for (const channel of h.channels.slice(0, 3))
        lines.push(
          t.t('newsletter.hl.channel', {
            channel: ctx.channelMention(channel.channel),
            messages: count('newsletter.hl.messages', channel.messages),
            participants: count('newsletter.hl.people', channel.participants),
          }),
        );
      const conversation = h.conversations[0];
      if (conversation)
        lines.push(
          t.t('newsletter.hl.conversation', {
            channel: ctx.channelMention(conversation.channel),
            replies: count('newsletter.hl.replies', conversation.replies),
            participants: count('newsletter.hl.people', conversation.participants),
          }),
        );
      for (const revival of h.revivals.slice(0, 2))
        lines.push(
          t.t('newsletter.hl.revival', {
            channel: ctx.channelMention(revival.channel),
            question: text(revival.question),
            participants: t.number(revival.answeredBy),
          }),
        );
      if (h.reportsHandled > 0) lines.push(count('newsletter.hl.reports', h.reportsHandled));
      return lines;
    }

    function personal(delivery: { unsubscribeToken: string }) {
      const t = ctx.t;
      const url = web?.url(`/newsletter/unsubscribe/${delivery.unsubscribeToken}`);
      const footer = rich(
        paragraph(
          ...(url
            ? t.t('newsletter.mail.issue.unsubscribe', { link: link(url) })
            : t.t('newsletter.mail.issue.unsubscribeChat', { command: code(label('unsubscribe')) })),
        ),
      );
      const html = mailHtml(community.locale, '', footer);
      return {
        text: mailText(footer).trim(),
        html: html.slice(html.indexOf('<p>'), html.lastIndexOf('</p>') + 4),
        headers: unsubscribeHeaders(url, config.unsubscribeMailto),
      };
    }

    async function runBatch(issue: Issue): Promise<void> {
      if (!mailer) return;
      const result = await sendBatch({
        store: repo,
        mailer,
        issue,
        limit: config.batchSize,
        now: () => ctx.clock.now(),
        personal,
      });
      ctx.logger.info('newsletter batch', { issue: issue.id, ...result });
      if (result.left > 0) {
        const due = new Date(ctx.clock.now().getTime() + config.batchPause);
        ctx.scheduler.schedule(BATCH, `${issue.id}:${due.getTime()}`, due, { issue: issue.id });
      }
    }

    /** The period's issue, started now unless it exists: one issue per period, whoever asks. */
    function startIssue(now: Date) {
      const toDay = localDay(now);
      const fromDay = addDays(toDay, -periodDays);
      const shownPeriod = `${ctx.t.date(new Date(now.getTime() - config.period))} – ${ctx.t.date(now)}`;
      const existing = repo.issueFor(community.id, periodKey(fromDay, toDay));
      if (existing) {
        if (!existing.completedAt)
          ctx.scheduler.schedule(BATCH, `${existing.id}:${now.getTime()}`, now, { issue: existing.id });
        return { kind: 'already' as const, shownPeriod, counts: repo.counts(existing.id) };
      }
      // Who was active in the period is read from the roll-ups: written up to now first.
      ctx.flushActivity();
      const issue = ctx.atomically(() => {
        return repo.createIssue(community.id, {
          ...draftIssue(new Date(now.getTime() - config.period), now, fromDay, toDay, shownPeriod),
          at: now,
          messageIdDomain: senderDomain(mailer!.from),
          ...(config.skipActiveMembers ? { skipActiveSince: fromDay } : {}),
        });
      });
      const recipients = repo.counts(issue.id).pending;
      if (recipients === 0) {
        repo.complete(issue.id, now);
        return { kind: 'none' as const, shownPeriod };
      }
      ctx.scheduler.schedule(BATCH, `${issue.id}:${now.getTime()}`, now, { issue: issue.id });
      return { kind: 'started' as const, shownPeriod, recipients };
    }

    async function send(call: CommandCall<unknown>) {
      const t = ctx.translatorFor(call.invoker.id);
      if (!mailer) return say(call, t.t('newsletter.unavailable'));
      const started = startIssue(ctx.clock.now());
      if (started.kind === 'already')
        return say(
          call,
          t.t('newsletter.send.already', {
            period: started.shownPeriod,
            sent: t.number(started.counts.sent),
            left: t.number(started.counts.pending + started.counts.sending),
          }),
        );
      if (started.kind === 'none') return say(call, t.t('newsletter.send.none'));
      return say(
        call,
        t.plural('newsletter.send.started', started.recipients, {
          period: started.shownPeriod,
          count: t.number(started.recipients),
        }),
      );
    }

    if (web)
      for (const route of newsletterRoutes({
        web,
        store: repo,
        community: { id: community.id, name: community.name, locale: community.locale },
        translator: (locale: Locale) => ctx.t.forLocale(locale),
        now: () => ctx.clock.now(),
        subscribeCommand: `${label('subscribe')} name@example.org`,
      }))
        web.mount(route);

    return {
      commands: [
        defineCommand({
          name: 'newsletter subscribe',
          description: 'newsletter.command.newsletter.subscribe',
          args: z.object({ address: z.string().describe('newsletter.arg.address') }),
          role: 'member',
          run: subscribe,
        }),
        defineCommand({
          name: 'newsletter confirm',
          description: 'newsletter.command.newsletter.confirm',
          args: z.object({ code: z.string().min(1).describe('newsletter.arg.code') }),
          role: 'member',
          run: async (call) => confirm(call),
        }),
        defineCommand({
          name: 'newsletter unsubscribe',
          description: 'newsletter.command.newsletter.unsubscribe',
          args: z.object({}),
          role: 'member',
          run: async (call) => unsubscribe(call),
        }),
        defineCommand({
          name: 'newsletter status',
          description: 'newsletter.command.newsletter.status',
          args: z.object({}),
          role: 'member',
          run: async (call) => status(call),
        }),
        defineCommand({
          name: 'newsletter send',
          description: 'newsletter.command.newsletter.send',
          args: z.object({}),
          role: 'moderator',
          run: send,
        }),
      ],
      ...(config.schedule !== undefined && mailer
        ? {
            jobs: [
              {
                id: 'newsletter.issue',
                cron: config.schedule,
                timezone: community.timezone,
                // Late after downtime, within a day; the period's issue exists at most once anyway.
                missed: { kind: 'run-late' as const, graceMs: 86_400_000 },
                run: async () => {
                  const started = startIssue(ctx.clock.now());
                  ctx.logger.info('scheduled newsletter issue', { outcome: started.kind });
                },
              },
            ],
          }
        : {}),
      tasks: [
        {
          kind: BATCH,
          missed: { kind: 'catch-up' },
          async run(task) {
            const issue = repo.issue((task.payload as { issue: number }).issue);
            if (issue && !issue.completedAt) await runBatch(issue);
          },
        },
      ],
      async ready() {
        // An issue a stopped process left half sent: its next batch, now.
        const now = ctx.clock.now();
        for (const issue of repo.unfinishedIssues(community.id))
          ctx.scheduler.schedule(BATCH, `${issue.id}:resume:${now.getTime()}`, now, { issue: issue.id });
      },
    };
  },
});
