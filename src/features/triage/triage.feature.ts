import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../core/commands.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { localPart, type ChannelId, type MemberId } from '../../core/ids.ts';
import { ERASED_MEMBER } from '../../core/erasure.ts';
import {
  code,
  list,
  mention,
  paragraph,
  plain,
  PREVIEW_LENGTH,
  rich,
  strong,
  text,
  toPlainText,
  truncate,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';
import { failureIn } from '../../core/member-data.ts';
import { defineFeature } from '../define.ts';
import { triageConfig } from './triage.config.ts';
import { triageMessages, type TriageMessageKey } from './triage.messages.ts';
import {
  ageInUnits,
  canEscalate,
  citedRules,
  classify,
  crisisTrigger,
  escalationAudience,
  escalationDeadline,
  escalationSteps,
  handlingTimes,
  isSerious,
  openByAge,
  queueOrder,
  reporterChoice,
  worst,
} from './triage.logic.ts';
import { SEVERITIES, type FiledReport, type Report, type Severity } from './triage.store.ts';

const ESCALATE = 'triage.escalate';

/** The translator a triage text is written with: the community's, or one member's own. */
type Words = Translator<TriageMessageKey | CoreMessageKey>;

/** A translated message as one string, for the report's log, the outreach log and short labels. */
const flat = (inlines: Inline[]): string => toPlainText(rich(paragraph(...inlines)));

const severityLabel = (t: Words, severity: Severity) => flat(t.t(`triage.severity.${severity}`));
const statusLabel = (t: Words, status: Report['status']) => flat(t.t(`triage.status.${status}`));
const when = (t: Words, date: Date | null) => (date ? t.dateTime(date) : flat(t.t('triage.noValue')));

/** A duration as moderators read it, in the translator's language ("15 min", "2 h"). */
function duration(t: Words, ms: number | undefined): string {
  if (ms === undefined) return flat(t.t('triage.noValue'));
  const { value, unit } = ageInUnits(ms);
  return t.number(value, { style: 'unit', unit, unitDisplay: 'short' });
}

const age = (t: Words, from: Date, now: Date) => duration(t, now.getTime() - from.getTime());

/** Code-of-conduct rules a text cites, worded in the translator's language ("rule 2: …"). */
const ruleList = (t: Words, cited: ReturnType<typeof citedRules>) =>
  t.list(cited.map((c) => flat(t.t('triage.rule', c))));

/**
 * The report's log keeps its actions as stable identifiers (the ones written before
 * messages were translated too), so each is worded in the reader's language when shown.
 */
const LOGGED_ACTIONS: Record<string, TriageMessageKey> = {
  reported: 'triage.action.reported',
  'on-call paged': 'triage.action.paged',
  'on-call page failed': 'triage.action.pageFailed',
  'crisis mode on': 'triage.action.crisisOn',
  'crisis mode off': 'triage.action.crisisOff',
  acknowledged: 'triage.action.acknowledged',
  assigned: 'triage.action.assigned',
  'resolved (upheld)': 'triage.action.upheld',
  'resolved (dismissed)': 'triage.action.dismissed',
  'reporter told': 'triage.action.told',
  'reporter could not be told': 'triage.action.notTold',
  'reporter erased their data': 'triage.action.reporterErased',
};

function actionLabel(t: Words, action: string): string {
  const escalatedTo = /^escalated to level (\d+)$/.exec(action)?.[1];
  if (escalatedTo) return flat(t.t('triage.action.escalated', { level: Number(escalatedTo) }));
  const key = LOGGED_ACTIONS[action];
  return key ? flat(t.t(key)) : action;
}

/** What `/mydata` shows of the reports a member filed: how many, each with its number and status. */
function filedSummary(t: Words, filed: readonly FiledReport[]): string {
  if (filed.length === 0) return flat(t.t('triage.data.none'));
  const each = filed.map((r) => flat(t.t('triage.data.report', { id: r.id, status: statusLabel(t, r.status) })));
  return flat(t.plural('triage.data.filed', filed.length, { reports: each.join(', ') }));
}

/**
 * Reports → a tracked triage flow. Moderation decisions stay with people: Foyer never
 * deletes or edits members' messages; it records, routes, escalates what nobody picks
 * up (each step once, across restarts), and tells the reporter how it ended.
 */
export const triageFeature = defineFeature({
  id: 'triage',
  description: 'Member reports, moderator triage, escalation',
  needs: ['messages', 'directMessages'] as const,
  optional: ['channelModeration'],
  // Without a moderators' channel there is nowhere to triage: reports stay off.
  settings: triageConfig,
  messages: triageMessages,
  config: (triage, { community }) =>
    triage.enabled && triage.moderatorsChannel ? { ...triage, codeRules: community.codeOfConduct.rules } : undefined,
  store: (stores) => stores.triage,
  // Reports about the member are not theirs to see: a reporter is never revealed.
  memberData(store, member, t, community) {
    const filed = store.filedBy(community.id, member);
    return { key: 'reportsFiled', data: filed, lines: [[text(filedSummary(t, filed))]] };
  },
  setup(ctx) {
    const { config, repo, community } = ctx;
    const modChannel = ctx.channel(config.moderatorsChannel!)!;
    const members = (refs: string[]) =>
      refs.map((r) => ctx.parseMember(r)).filter((m): m is MemberId => m !== undefined);
    const admins = members(config.admins);
    const onCall = members(config.onCall);
    const nameOf = (id: string) => ctx.members.get(id as MemberId)?.displayName ?? localPart(id);
    const steps = escalationSteps(onCall.length);
    const at = (channel: ChannelId) => ctx.channelMention(channel);
    const command = (line: string) => code(ctx.commandLabel(line));
    /** The report's log is the moderators' shared record: what Foyer writes in it is in the community's language. */
    const log = ctx.t;

    /**
     * A direct message someone asked for — the outcome of their own report, a page they are
     * on call for — so opt-out and caps do not hold it back; the outreach log records it.
     */
    async function directMessage(
      contact: { member: MemberId; effectKey: string; reason: string },
      message: RichText,
    ): Promise<{ ok: true } | { ok: false; kind: string }> {
      // Failure kinds are codes, like the platform's own (`dm-closed`): the same in every language.
      let failure = 'not-sent';
      const outcome = await ctx.outreach.contact({ ...contact, via: 'dm', requested: true }, async () => {
        const sent = await ctx.ports.directMessages.sendDirect(contact.member, message);
        if (!sent.ok) failure = sent.error.kind;
        return sent;
      });
      return outcome === 'sent'
        ? { ok: true }
        : { ok: false, kind: outcome === 'duplicate' ? 'already-sent' : failure };
    }

    const scheduleEscalation = (report: Report, level: number): void => {
      const due = escalationDeadline(report.severity, ctx.clock.now(), config.acknowledgeWithin);
      ctx.scheduler.schedule(ESCALATE, `${report.id}:${level}`, due, { id: report.id, level });
    };

    const escalationCard = (t: Words, report: Report): Inline[] => [
      strong(...t.t('triage.escalation.title', { id: report.id })),
      ...t.t('triage.escalation.summary', {
        severity: severityLabel(t, report.severity),
        age: age(t, report.createdAt, ctx.clock.now()),
        reason: report.reason,
      }),
    ];

    async function alertAdmins(report: Report): Promise<void> {
      const pings = admins.flatMap((a, i) => [...(i > 0 ? [text(' ')] : []), mention(a, nameOf(a))]);
      const addressed = pings.length ? [paragraph(...ctx.t.t('triage.escalation.admins', { admins: pings }))] : [];
      await ctx.ports.messages.send(modChannel, rich(paragraph(...escalationCard(ctx.t, report)), ...addressed));
    }

    async function pageOnCall(report: Report, level: number): Promise<void> {
      for (const person of onCall) {
        const t = ctx.translatorFor(person);
        const page = rich(
          paragraph(...escalationCard(t, report)),
          paragraph(...t.t('triage.escalation.acknowledgeWith', { command: command(`triage ack ${report.id}`) })),
        );
        const paged = await directMessage(
          {
            member: person,
            effectKey: `triage:${community.id}:${report.id}:page:${level}:${person}`,
            reason: flat(t.t('triage.escalation.pageReason', { id: report.id })),
          },
          page,
        );
        repo.log(
          report.id,
          ctx.clock.now(),
          'foyer',
          paged.ok ? 'on-call paged' : 'on-call page failed',
          nameOf(person),
        );
      }
    }

    async function escalate(id: number, level: number, actor: string, note?: string): Promise<boolean> {
      const report = repo.get(community.id, id);
      // Someone acknowledged, resolved or escalated it already.
      if (!report || !repo.escalate(id, level - 1)) return false;
      repo.log(id, ctx.clock.now(), actor, `escalated to level ${level}`, note);
      if (escalationAudience(level, onCall.length) === 'admins') await alertAdmins(report);
      else await pageOnCall(report, level);
      if (level < steps) scheduleEscalation(report, level + 1);
      return true;
    }

    type Applied = Awaited<ReturnType<NonNullable<typeof ctx.optionalPorts.channelModeration>['lock']>> | undefined;

    /** What crisis mode did to the channel, or why it could not. */
    function crisisEffect(t: Words, applied: Applied): string {
      const { action, slowmodeSeconds } = config.crisis;
      if (applied?.ok)
        return flat(
          action === 'lock' ? t.t('triage.crisis.locked') : t.t('triage.crisis.slowed', { seconds: slowmodeSeconds }),
        );
      const problem = applied ? applied.error.kind : flat(t.t('triage.crisis.platformCannot'));
      return flat(t.t(action === 'lock' ? 'triage.crisis.notLocked' : 'triage.crisis.notSlowed', { problem }));
    }

    const crisisNotice = (): RichText =>
      config.crisis.notice !== undefined
        ? plain(config.crisis.notice)
        : rich(paragraph(...ctx.t.t('triage.crisis.notice')));

    /**
     * Turns crisis mode on for a channel: slowmode or lock where the platform can, a notice,
     * an alert. `why` is in the community's language; the answer is worded with `t`.
     */
    async function crisisOn(channel: ChannelId, actor: string, why: string, t: Words): Promise<Inline[]> {
      if (repo.crisis(community.id, channel)) return t.t('triage.crisis.alreadyIn', { channel: at(channel) });
      const moderation = ctx.optionalPorts.channelModeration;
      const { action, slowmodeSeconds } = config.crisis;
      const applied = moderation
        ? await (action === 'lock' ? moderation.lock(channel) : moderation.slowDown(channel, slowmodeSeconds))
        : undefined;
      const started = repo.startCrisis({
        communityId: community.id,
        channelId: channel,
        mode: action,
        snapshot: applied?.ok ? applied.value : null,
        startedAt: ctx.clock.now(),
        startedBy: actor,
      });
      if (!started) return t.t('triage.crisis.alreadyOn');
      const effect = crisisEffect(log, applied);
      ctx.logger.warn('crisis mode on', { channel, actor, why, applied: applied?.ok ?? false });
      const note = flat(log.t('triage.log.crisis', { effect, why }));
      for (const r of repo.open(community.id).filter((x) => x.channelId === channel))
        repo.log(r.id, ctx.clock.now(), actor, 'crisis mode on', note);
      await ctx.ports.messages.send(channel, crisisNotice());
      const alert = paragraph(
        strong(...ctx.t.t('triage.crisis.alertOn.title', { channel: at(channel) })),
        ...ctx.t.t('triage.crisis.alertOn.body', {
          why,
          effect,
          command: command(`crisis off ${ctx.channelArgument(channel)}`),
        }),
      );
      await ctx.ports.messages.send(modChannel, rich(alert));
      return t.t('triage.crisis.on', { channel: at(channel), effect: crisisEffect(t, applied) });
    }

    async function crisisOff(channel: ChannelId, actor: string, t: Words): Promise<Inline[]> {
      const state = repo.crisis(community.id, channel);
      if (!state) return t.t('triage.crisis.notIn', { channel: at(channel) });
      const moderation = ctx.optionalPorts.channelModeration;
      const restored = state.snapshot && moderation ? await moderation.restore(channel, state.snapshot) : undefined;
      if (restored && !restored.ok)
        return t.t('triage.crisis.restoreFailed', { channel: at(channel), problem: failureIn(t, restored.error.kind) });
      repo.endCrisis(community.id, channel);
      ctx.logger.warn('crisis mode off', { channel, actor });
      for (const r of repo.open(community.id).filter((x) => x.channelId === channel))
        repo.log(r.id, ctx.clock.now(), actor, 'crisis mode off', flat(log.t('triage.log.restored')));
      await ctx.ports.messages.send(
        modChannel,
        rich(paragraph(...ctx.t.t('triage.crisis.alertOff', { channel: at(channel) }))),
      );
      return t.t('triage.crisis.off', { channel: at(channel) });
    }

    /** Several serious reports about one channel in a short time: crisis mode, automatically. */
    async function crisisIfSerious(channel: ChannelId, severity: Severity, now: Date): Promise<void> {
      if (!isSerious(severity)) return;
      const recent = repo.filedInChannelSince(community.id, channel, new Date(now.getTime() - config.crisis.within));
      const serious = crisisTrigger(recent, channel, now, config.crisis);
      if (serious === undefined) return;
      const minutes = Math.round(config.crisis.within / 60_000);
      const within = ctx.t.number(minutes, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
      await crisisOn(channel, 'foyer', flat(ctx.t.t('triage.crisis.why.reports', { count: serious, within })), ctx.t);
    }

    const resolveChannel = (typed: string | undefined, fallback: ChannelId): ChannelId | undefined =>
      typed ? ctx.parseChannel(typed) : fallback;

    /** One line about a report, as the queue and its story start. */
    const summaryLine = (t: Words, r: Report): Inline[] =>
      t.t('triage.line', {
        id: r.id,
        severity: severityLabel(t, r.severity),
        status: statusLabel(t, r.status),
        assignee: r.assignee ? t.t('triage.line.assignee', { member: nameOf(r.assignee) }) : '',
        age: age(t, r.createdAt, ctx.clock.now()),
        reason: truncate(r.reason, PREVIEW_LENGTH),
      });

    /** The card the moderators' channel gets for a new report, in the community's language. */
    function reportCard(call: ReportCall, id: number, severity: Severity, cited: ReturnType<typeof citedRules>) {
      const t = ctx.t;
      const { evidence, target } = call;
      const evidenceBlocks = evidence
        ? [
            paragraph(
              ...t.t('triage.card.evidence', {
                author: nameOf(evidence.author),
                at: when(t, evidence.at),
                text: evidence.text,
              }),
            ),
            ...(evidence.link ? [paragraph(text(evidence.link))] : []),
          ]
        : target
          ? [paragraph(...t.t('triage.card.message', { message: target }))]
          : [];
      return rich(
        paragraph(
          strong(...t.t('triage.card.title', { id })),
          ...t.t('triage.card.summary', {
            severity: severityLabel(t, severity),
            channel: at(call.channel),
            reporter: nameOf(call.invoker.id),
            reason: call.args.reason,
          }),
        ),
        ...evidenceBlocks,
        ...(cited.length ? [paragraph(...t.t('triage.card.cites', { rules: ruleList(t, cited) }))] : []),
        paragraph(
          ...t.t('triage.card.actions', {
            acknowledge: command(`triage ack ${id}`),
            details: command(`triage show ${id}`),
          }),
        ),
      );
    }

    /** The whole story of a report, for the moderator who asked, in their language. */
    function reportStory(t: Words, report: Report): RichText {
      const accuracy = repo.accuracy(community.id, report.reporterId, report.id);
      const record =
        accuracy === undefined
          ? t.t('triage.record.none')
          : t.t('triage.record.upheld', { percent: t.number(accuracy, { style: 'percent' }) });
      const evidence =
        report.evidenceText !== null
          ? [
              paragraph(
                ...t.t('triage.show.evidence', {
                  author: nameOf(report.evidenceAuthor ?? ''),
                  at: when(t, report.evidenceAt),
                  text: report.evidenceText,
                }),
                ...(report.evidenceLink ? t.t('triage.show.evidenceLink', { link: report.evidenceLink }) : []),
              ),
            ]
          : [];
      const reportedBy = t.t('triage.reportedBy', {
        reporter: nameOf(report.reporterId),
        record,
        channel: at(report.channelId as ChannelId),
        at: when(t, report.createdAt),
        message: report.targetMessageId ? t.t('triage.reportedMessage', { message: report.targetMessageId }) : '',
      });
      const history = repo.history(report.id).map((e) => {
        const entry = {
          at: when(t, e.at),
          action: actionLabel(t, e.action),
          actor: e.actor === 'foyer' ? 'Foyer' : nameOf(e.actor),
        };
        // Foyer's own notes are in the community's language; a moderator who chose another reads them in theirs.
        const note = e.note && t.rephrase(e.note);
        return note ? t.t('triage.show.entryNote', { ...entry, note }) : t.t('triage.show.entry', entry);
      });
      return rich(paragraph(...summaryLine(t, report)), ...evidence, paragraph(...reportedBy), list(history));
    }

    /** Moderators' figures: median handling times per severity, most serious first, and open reports by age. */
    function statistics(t: Words): RichText {
      const done = repo.resolved(community.id);
      const lines = [...SEVERITIES].reverse().map((severity) => {
        const times = handlingTimes(done, severity);
        return t.plural('triage.stats.line', times.count, {
          severity: severityLabel(t, severity),
          acknowledge: duration(t, times.acknowledge),
          resolve: duration(t, times.resolve),
        });
      });
      const buckets = openByAge(repo.open(community.id), ctx.clock.now()).map(({ bucket, count }) =>
        flat(t.t('triage.stats.bucket', { label: flat(t.t(`triage.age.${bucket}`)), count })),
      );
      return rich(
        paragraph(...t.t('triage.stats.title')),
        list(lines),
        paragraph(...t.t('triage.stats.byAge', { buckets: buckets.join(', ') })),
      );
    }

    /** The reporter's answer; the outreach log keeps why it was sent, in the reporter's words too. */
    async function tellReporter(report: Report, outcome: string): Promise<{ ok: true } | { ok: false; kind: string }> {
      const reporter = report.reporterId as MemberId;
      const t = ctx.translatorFor(reporter);
      const cited = citedRules(outcome, config.codeRules);
      const answer = rich(
        paragraph(...t.t('triage.outcome.answer', { id: report.id, outcome })),
        ...(cited.length ? [paragraph(...t.t('triage.outcome.cites', { rules: ruleList(t, cited) }))] : []),
      );
      return directMessage(
        {
          member: reporter,
          effectKey: `triage:${community.id}:${report.id}:outcome`,
          reason: flat(t.t('triage.outcome.reason', { id: report.id })),
        },
        answer,
      );
    }

    /** A moderator command; its argument types are inferred from its schema. */
    const mod = <S extends z.ZodObject>(
      name: string,
      description: TriageMessageKey,
      args: S,
      run: CommandDef<S>['run'],
    ): CommandDef => defineCommand({ name, description, args, role: 'moderator', run });
    const reportId = z.coerce.number().int().positive().describe('triage.arg.id');
    const channelArg = z.string().optional().describe('triage.arg.channel');
    const unknownChannel = (call: { invoker: { id: MemberId }; args: { channel?: string | undefined } }) =>
      rich(
        paragraph(
          ...ctx.translatorFor(call.invoker.id).t('command.unknownChannel', { channel: code(call.args.channel ?? '') }),
        ),
      );
    /** Says in the invoker's language, privately: every moderator answer is for them alone. */
    const answer = (call: AnyCall, inlines: Inline[]) => call.reply(rich(paragraph(...inlines)), { private: true });
    const wordsFor = (call: AnyCall) => ctx.translatorFor(call.invoker.id);

    const getOrSay = async (call: AnyCall, id: number) => {
      const report = repo.get(community.id, id);
      if (!report) await answer(call, wordsFor(call).t('triage.notFound', { id }));
      return report;
    };

    const reportArgs = z.object({ reason: z.string().min(3).max(1_000).describe('triage.arg.reason') });
    type ReportCall = Parameters<CommandDef<typeof reportArgs>['run']>[0];

    return {
      tasks: [
        {
          kind: ESCALATE,
          missed: { kind: 'catch-up' },
          run: async (task) => {
            const { id, level } = task.payload as { id: number; level: number };
            await escalate(id, level, 'foyer', flat(log.t('triage.log.deadline')));
          },
        },
      ],
      commands: [
        defineCommand({
          name: 'report',
          description: 'triage.command.report',
          args: reportArgs,
          role: 'member',
          // On Discord, "Report message" in a message's menu: the message becomes the report's evidence.
          messageAction: {
            label: ctx.t.t('triage.menu.label'),
            fields: [
              {
                name: 'reason',
                label: ctx.t.t('triage.menu.reason'),
                style: 'paragraph',
                required: true,
                minLength: 3,
                maxLength: 1_000,
              },
            ],
          },
          async run(call) {
            const now = ctx.clock.now();
            const t = wordsFor(call);
            const dayAgo = new Date(now.getTime() - 86_400_000);
            if (repo.countByReporterSince(community.id, call.invoker.id, dayAgo) >= config.maxReportsPerDay)
              return answer(call, t.t('triage.report.tooMany'));
            // The reporter may say how serious it is ("high: …"); the rules can only raise it.
            const choice = reporterChoice(call.args.reason);
            const severity = worst(classify(choice.reason, config.rules), choice.severity);
            const cited = citedRules(choice.reason, config.codeRules);
            const noted = [
              ...(call.target ? [flat(log.t('triage.log.message', { message: call.target }))] : []),
              ...cited.map((c) => flat(log.t('triage.rule', c))),
            ];
            // The evidence (who, where, which message, what was said about it, when) is stored before anyone is told.
            const id = ctx.atomically(() => {
              const e = call.evidence;
              const created = repo.create({
                communityId: community.id,
                reporterId: call.invoker.id,
                channelId: call.channel,
                targetMessageId: call.target ?? null,
                evidenceText: e ? truncate(e.text, 4_000, { measure: (g) => g.length }) : null,
                evidenceAuthor: e?.author ?? null,
                evidenceAt: e?.at ?? null,
                evidenceLink: e?.link ?? null,
                reason: call.args.reason,
                severity,
                createdAt: now,
              });
              repo.log(created, now, call.invoker.id, 'reported', noted.length ? log.list(noted) : undefined);
              return created;
            });
            await answer(call, t.t('triage.report.thanks', { id }));
            await ctx.ports.messages.send(modChannel, reportCard(call, id, severity, cited));
            scheduleEscalation(repo.get(community.id, id)!, 1);
            await crisisIfSerious(call.channel, severity, now);
          },
        }),
        mod('crisis on', 'triage.command.crisis.on', z.object({ channel: channelArg }), async (call) => {
          const channel = resolveChannel(call.args.channel, call.channel);
          if (!channel) return call.reply(unknownChannel(call), { private: true });
          const why = flat(ctx.t.t('triage.crisis.why.manual', { member: nameOf(call.invoker.id) }));
          await answer(call, await crisisOn(channel, call.invoker.id, why, wordsFor(call)));
        }),
        mod('crisis off', 'triage.command.crisis.off', z.object({ channel: channelArg }), async (call) => {
          const channel = resolveChannel(call.args.channel, call.channel);
          if (!channel) return call.reply(unknownChannel(call), { private: true });
          await answer(call, await crisisOff(channel, call.invoker.id, wordsFor(call)));
        }),
        mod('triage queue', 'triage.command.triage.queue', z.object({}), async (call) => {
          const t = wordsFor(call);
          const queue = queueOrder(repo.open(community.id), ctx.clock.now(), (r) => repo.accuracy(community.id, r));
          if (queue.length === 0) return answer(call, t.t('triage.queue.empty'));
          await call.reply(
            rich(paragraph(...t.plural('triage.queue.title', queue.length)), list(queue.map((r) => summaryLine(t, r)))),
            { private: true },
          );
        }),
        mod('triage show', 'triage.command.triage.show', z.object({ id: reportId }), async (call) => {
          const report = await getOrSay(call, call.args.id);
          if (report) await call.reply(reportStory(wordsFor(call), report), { private: true });
        }),
        mod('triage ack', 'triage.command.triage.ack', z.object({ id: reportId }), async (call) => {
          const t = wordsFor(call);
          const report = await getOrSay(call, call.args.id);
          if (!report) return;
          if (report.status === 'resolved' || report.status === 'acknowledged')
            return answer(call, t.t('triage.ack.already', { id: report.id, status: statusLabel(t, report.status) }));
          repo.update(report.id, {
            status: 'acknowledged',
            acknowledgedAt: ctx.clock.now(),
            assignee: report.assignee ?? call.invoker.id,
          });
          repo.log(report.id, ctx.clock.now(), call.invoker.id, 'acknowledged');
          await answer(call, t.t('triage.ack.done', { id: report.id }));
        }),
        mod(
          'triage assign',
          'triage.command.triage.assign',
          z.object({ id: reportId, member: z.string().min(1).describe('triage.arg.member') }),
          async (call) => {
            const { args } = call;
            const t = wordsFor(call);
            const report = await getOrSay(call, args.id);
            if (!report) return;
            const who = ctx.parseMember(args.member);
            if (!who) return answer(call, t.t('triage.assign.notMember', { member: args.member }));
            repo.update(report.id, { assignee: who });
            repo.log(report.id, ctx.clock.now(), call.invoker.id, 'assigned', nameOf(who));
            await answer(call, t.t('triage.assign.done', { id: report.id, member: nameOf(who) }));
          },
        ),
        mod(
          'triage escalate',
          'triage.command.triage.escalate',
          z.object({ id: reportId, note: z.string().max(500).optional().describe('triage.arg.note') }),
          async (call) => {
            const { args } = call;
            const report = await getOrSay(call, args.id);
            if (!report) return;
            const done =
              canEscalate(report, steps) &&
              (await escalate(report.id, report.escalationLevel + 1, call.invoker.id, args.note));
            await answer(
              call,
              wordsFor(call).t(done ? 'triage.escalate.done' : 'triage.escalate.cannot', { id: report.id }),
            );
          },
        ),
        mod(
          'triage resolve',
          'triage.command.triage.resolve',
          z.object({
            id: reportId,
            verdict: z.enum(['upheld', 'dismissed']).describe('triage.arg.verdict'),
            outcome: z.string().min(3).max(1_000).describe('triage.arg.outcome'),
          }),
          async (call) => {
            const { args } = call;
            const t = wordsFor(call);
            const report = await getOrSay(call, args.id);
            if (!report) return;
            if (report.status === 'resolved') return answer(call, t.t('triage.resolve.already', { id: report.id }));
            const now = ctx.clock.now();
            repo.update(report.id, {
              status: 'resolved',
              resolvedAt: now,
              outcome: args.outcome,
              upheld: args.verdict === 'upheld',
              acknowledgedAt: report.acknowledgedAt ?? now,
            });
            repo.log(report.id, now, call.invoker.id, `resolved (${args.verdict})`, args.outcome);
            // Reporters are never left without an answer: a DM, or a moderator is asked to tell them.
            // One who erased their data (/mydata erase) is nobody Foyer can name any more.
            if (report.reporterId === ERASED_MEMBER) {
              repo.log(report.id, ctx.clock.now(), 'foyer', 'reporter erased their data');
              return answer(call, t.t('triage.resolve.reporterErased', { id: report.id }));
            }
            const told = await tellReporter(report, args.outcome);
            repo.log(
              report.id,
              ctx.clock.now(),
              'foyer',
              told.ok ? 'reporter told' : 'reporter could not be told',
              told.ok ? undefined : told.kind,
            );
            if (!told.ok) {
              const unreachable = ctx.t.t('triage.outcome.unreachable', {
                id: report.id,
                problem: failureIn(ctx.t, told.kind),
              });
              await ctx.ports.messages.send(modChannel, rich(paragraph(...unreachable)));
            }
            await answer(call, t.t(told.ok ? 'triage.resolve.told' : 'triage.resolve.notTold', { id: report.id }));
          },
        ),
        mod('triage stats', 'triage.command.triage.stats', z.object({}), async (call) => {
          await call.reply(statistics(wordsFor(call)), { private: true });
        }),
      ],
    };
  },
});

/** What every command call offers that the moderators' answers need. */
type AnyCall = Pick<Parameters<CommandDef['run']>[0], 'invoker' | 'reply'>;

export type { ChannelId };
