import { z } from 'zod';
import { formatUtc } from '../../core/clock.ts';
import { defineCommand, type CommandDef } from '../../core/commands.ts';
import { localPart, type ChannelId, type MemberId } from '../../core/ids.ts';
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
  truncate,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { triageConfig } from './triage.config.ts';
import { triageMessages } from './triage.messages.ts';
import {
  canEscalate,
  citedRules,
  classify,
  crisisTrigger,
  escalationAudience,
  escalationDeadline,
  escalationSteps,
  formatAge,
  handlingTimes,
  isSerious,
  openByAge,
  queueOrder,
  reporterChoice,
  worst,
} from './triage.logic.ts';
import { SEVERITIES, type FiledReport, type Report } from './triage.store.ts';

const ESCALATE = 'triage.escalate';
const when = (d: Date | null) => (d ? formatUtc(d) : '—');
const age = (from: Date, now: Date) => formatAge(now.getTime() - from.getTime());
const duration = (ms: number | undefined) => (ms === undefined ? '—' : formatAge(ms));

/** What `/mydata` shows of the reports a member filed: how many, each with its number and status. */
function filedSummary(filed: readonly FiledReport[]): string {
  const each = filed.map((r) => `#${r.id} ${r.status}`).join(', ');
  return `reports you filed: ${filed.length}${filed.length ? ` (${each})` : ''}`;
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
  memberData(store, member, _t, community) {
    const filed = store.filedBy(community.id, member);
    return { key: 'reportsFiled', data: filed, lines: [[text(filedSummary(filed))]] };
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

    /**
     * A direct message someone asked for — the outcome of their own report, a page they are
     * on call for — so opt-out and caps do not hold it back; the outreach log records it.
     */
    async function directMessage(
      contact: { member: MemberId; effectKey: string; reason: string },
      message: RichText,
    ): Promise<{ ok: true } | { ok: false; kind: string }> {
      let failure = 'not sent';
      const outcome = await ctx.outreach.contact({ ...contact, via: 'dm', requested: true }, async () => {
        const sent = await ctx.ports.directMessages.sendDirect(contact.member, message);
        if (!sent.ok) failure = sent.error.kind;
        return sent;
      });
      return outcome === 'sent'
        ? { ok: true }
        : { ok: false, kind: outcome === 'duplicate' ? 'already sent' : failure };
    }

    const scheduleEscalation = (report: Report, level: number): void => {
      const due = escalationDeadline(report.severity, ctx.clock.now(), config.acknowledgeWithin);
      ctx.scheduler.schedule(ESCALATE, `${report.id}:${level}`, due, { id: report.id, level });
    };

    async function escalate(id: number, level: number, actor: string, note?: string): Promise<boolean> {
      const report = repo.get(community.id, id);
      if (!report || !repo.escalate(id, level - 1)) return false; // someone acknowledged, resolved or escalated it already
      repo.log(id, ctx.clock.now(), actor, `escalated to level ${level}`, note);
      const card: Inline[] = [
        strong(text(`Report #${id} escalated`)),
        text(` [${report.severity}] — unacknowledged for ${age(report.createdAt, ctx.clock.now())}: `),
        text(report.reason),
      ];
      if (escalationAudience(level, onCall.length) === 'admins') {
        const pings = admins.flatMap((a, i) => [...(i > 0 ? [text(' ')] : []), mention(a, nameOf(a))]);
        await ctx.ports.messages.send(
          modChannel,
          rich(paragraph(...card), ...(pings.length ? [paragraph(text('Admins: '), ...pings)] : [])),
        );
      } else {
        for (const person of onCall) {
          const page = rich(
            paragraph(...card),
            paragraph(text('Acknowledge with '), code(ctx.commandLabel(`triage ack ${id}`))),
          );
          const paged = await directMessage(
            {
              member: person,
              effectKey: `triage:${community.id}:${id}:page:${level}:${person}`,
              reason: `on-call page for report #${id}`,
            },
            page,
          );
          repo.log(id, ctx.clock.now(), 'foyer', paged.ok ? 'on-call paged' : 'on-call page failed', nameOf(person));
        }
      }
      if (level < steps) scheduleEscalation(report, level + 1);
      return true;
    }

    const at = (channel: ChannelId) => ctx.channelMention(channel);

    /** Turns crisis mode on for a channel: slowmode or lock where the platform can, a notice, an alert. */
    async function crisisOn(channel: ChannelId, actor: string, why: string): Promise<Inline[]> {
      if (repo.crisis(community.id, channel)) return [at(channel), text(' is already in crisis mode.')];
      const moderation = ctx.optionalPorts.channelModeration;
      const { action, slowmodeSeconds } = config.crisis;
      const applied = moderation
        ? await (action === 'lock' ? moderation.lock(channel) : moderation.slowDown(channel, slowmodeSeconds))
        : undefined;
      const snapshot = applied?.ok ? applied.value : null;
      if (
        !repo.startCrisis({
          communityId: community.id,
          channelId: channel,
          mode: action,
          snapshot,
          startedAt: ctx.clock.now(),
          startedBy: actor,
        })
      )
        return [text('Crisis mode is already on.')];
      const did = applied?.ok
        ? action === 'lock'
          ? 'locked (members cannot post)'
          : `slowed down (one message every ${slowmodeSeconds} s)`
        : `not ${action === 'lock' ? 'locked' : 'slowed down'} (${applied ? applied.error.kind : 'the platform cannot'})`;
      ctx.logger.warn('crisis mode on', { channel, actor, why, applied: applied?.ok ?? false });
      for (const r of repo.open(community.id).filter((x) => x.channelId === channel))
        repo.log(r.id, ctx.clock.now(), actor, 'crisis mode on', `${did}; ${why}`);
      await ctx.ports.messages.send(channel, plain(config.crisis.notice));
      await ctx.ports.messages.send(
        modChannel,
        rich(
          paragraph(
            strong(text('Crisis mode ON in '), at(channel)),
            text(`: ${why}. The channel is ${did}. End it with `),
            code(ctx.commandLabel(`crisis off ${ctx.channelArgument(channel)}`)),
          ),
        ),
      );
      return [text('Crisis mode is on in '), at(channel), text(`: ${did}.`)];
    }

    async function crisisOff(channel: ChannelId, actor: string): Promise<Inline[]> {
      const state = repo.crisis(community.id, channel);
      if (!state) return [at(channel), text(' is not in crisis mode.')];
      const moderation = ctx.optionalPorts.channelModeration;
      const restored = state.snapshot && moderation ? await moderation.restore(channel, state.snapshot) : undefined;
      if (restored && !restored.ok)
        return [text('Could not restore '), at(channel), text(` (${restored.error.kind}); crisis mode stays on.`)];
      repo.endCrisis(community.id, channel);
      ctx.logger.warn('crisis mode off', { channel, actor });
      for (const r of repo.open(community.id).filter((x) => x.channelId === channel))
        repo.log(r.id, ctx.clock.now(), actor, 'crisis mode off', 'previous channel settings restored');
      await ctx.ports.messages.send(
        modChannel,
        rich(paragraph(text('Crisis mode OFF in '), at(channel), text(': previous settings restored.'))),
      );
      return [text('Crisis mode is off in '), at(channel), text('; its previous settings are back.')];
    }

    const resolveChannel = (typed: string | undefined, fallback: ChannelId): ChannelId | undefined =>
      typed ? ctx.parseChannel(typed) : fallback;

    const show = (r: Report) =>
      `#${r.id} [${r.severity}] ${r.status}${r.assignee ? ` → ${nameOf(r.assignee)}` : ''}, ${age(r.createdAt, ctx.clock.now())} old: ${truncate(r.reason, PREVIEW_LENGTH)}`;

    /** A moderator command; its argument types are inferred from its schema. */
    const mod = <S extends z.ZodObject>(
      name: string,
      description: string,
      args: S,
      run: CommandDef<S>['run'],
    ): CommandDef => defineCommand({ name, description, args, role: 'moderator', run });
    const reportId = z.coerce.number().int().positive().describe('the report number');
    const channelArg = z.string().optional().describe('the channel (default: this one)');
    const unknownChannel = (call: { invoker: { id: MemberId }; args: { channel?: string | undefined } }) =>
      rich(
        paragraph(
          ...ctx.translatorFor(call.invoker.id).t('command.unknownChannel', { channel: code(call.args.channel ?? '') }),
        ),
      );

    const getOrSay = async (
      call: { reply(m: ReturnType<typeof plain>, o?: { private?: boolean }): Promise<void> },
      id: number,
    ) => {
      const report = repo.get(community.id, id);
      if (!report) await call.reply(plain(`There is no report #${id}.`), { private: true });
      return report;
    };

    return {
      tasks: [
        {
          kind: ESCALATE,
          missed: { kind: 'catch-up' },
          run: async (t) => {
            const { id, level } = t.payload as { id: number; level: number };
            await escalate(id, level, 'foyer', 'deadline passed');
          },
        },
      ],
      commands: [
        defineCommand({
          name: 'report',
          description: 'Report a problem to the moderators (privately)',
          args: z.object({
            reason: z.string().min(3, 'say in a few words what is wrong').max(1_000).describe('what is wrong'),
          }),
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
            if (
              repo.countByReporterSince(community.id, call.invoker.id, new Date(now.getTime() - 86_400_000)) >=
              config.maxReportsPerDay
            )
              return call.reply(
                plain('You have sent many reports today; the moderators are on them. Please wait before sending more.'),
                { private: true },
              );
            // The reporter may say how serious it is ("high: …"); the rules can only raise it.
            const choice = reporterChoice(call.args.reason);
            const severity = worst(classify(choice.reason, config.rules), choice.severity);
            const cited = citedRules(choice.reason, config.codeRules);
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
              repo.log(
                created,
                now,
                call.invoker.id,
                'reported',
                [call.target ? `message ${call.target}` : '', ...cited].filter(Boolean).join('; ') || undefined,
              );
              return created;
            });
            await call.reply(
              plain(
                `Thank you: report #${id} reached the moderators. You will hear back when it is handled; the member concerned never learns who reported.`,
              ),
              { private: true },
            );
            await ctx.ports.messages.send(
              modChannel,
              rich(
                paragraph(
                  strong(text(`Report #${id}`)),
                  text(` [${severity}] in `),
                  at(call.channel),
                  text(` by ${nameOf(call.invoker.id)}: `),
                  text(call.args.reason),
                ),
                ...(call.evidence
                  ? [
                      paragraph(
                        text(`Reported message by ${nameOf(call.evidence.author)} at ${when(call.evidence.at)}: `),
                        text(call.evidence.text),
                      ),
                      ...(call.evidence.link ? [paragraph(text(call.evidence.link))] : []),
                    ]
                  : call.target
                    ? [paragraph(text(`Message: ${call.target}`))]
                    : []),
                ...(cited.length ? [paragraph(text(`Cites ${cited.join('; ')}`))] : []),
                paragraph(
                  text('Acknowledge: '),
                  code(ctx.commandLabel(`triage ack ${id}`)),
                  text(' — details: '),
                  code(ctx.commandLabel(`triage show ${id}`)),
                ),
              ),
            );
            scheduleEscalation(repo.get(community.id, id)!, 1);
            // Several serious reports about one channel in a short time: crisis mode, automatically.
            if (isSerious(severity)) {
              const since = new Date(now.getTime() - config.crisis.within);
              const recent = repo.filedInChannelSince(community.id, call.channel, since);
              const serious = crisisTrigger(recent, call.channel, now, config.crisis);
              const why = `${serious} serious reports within ${Math.round(config.crisis.within / 60_000)} minutes`;
              if (serious !== undefined) await crisisOn(call.channel, 'foyer', why);
            }
          },
        }),
        mod(
          'crisis on',
          'Moderators: put a channel in crisis mode (slowmode or lock, notice, alert)',
          z.object({ channel: channelArg }),
          async (call) => {
            const channel = resolveChannel(call.args.channel, call.channel);
            if (!channel) return call.reply(unknownChannel(call), { private: true });
            await call.reply(
              rich(paragraph(...(await crisisOn(channel, call.invoker.id, `started by ${nameOf(call.invoker.id)}`)))),
              { private: true },
            );
          },
        ),
        mod(
          'crisis off',
          'Moderators: end crisis mode and restore the channel exactly',
          z.object({ channel: channelArg }),
          async (call) => {
            const channel = resolveChannel(call.args.channel, call.channel);
            if (!channel) return call.reply(unknownChannel(call), { private: true });
            await call.reply(rich(paragraph(...(await crisisOff(channel, call.invoker.id)))), { private: true });
          },
        ),
        mod('triage queue', 'Moderators: open reports, most urgent first', z.object({}), async (call) => {
          const now = ctx.clock.now();
          const queue = queueOrder(repo.open(community.id), now, (r) => repo.accuracy(community.id, r));
          await call.reply(
            queue.length === 0
              ? plain('No open reports.')
              : rich(paragraph(text(`Open reports (${queue.length}):`)), list(queue.map((r) => [text(show(r))]))),
            { private: true },
          );
        }),
        mod('triage show', 'Moderators: the full story of a report', z.object({ id: reportId }), async (call) => {
          const report = await getOrSay(call, call.args.id);
          if (!report) return;
          const accuracy = repo.accuracy(community.id, report.reporterId, report.id);
          const mt = ctx.translatorFor(call.invoker.id);
          await call.reply(
            rich(
              paragraph(text(show(report))),
              ...(report.evidenceText !== null
                ? [
                    paragraph(
                      text(`Evidence — ${nameOf(report.evidenceAuthor ?? '')} at ${when(report.evidenceAt)}: `),
                      text(report.evidenceText),
                      text(report.evidenceLink ? ` (${report.evidenceLink})` : ''),
                    ),
                  ]
                : []),
              paragraph(
                ...mt.t('triage.reportedBy', {
                  reporter: nameOf(report.reporterId),
                  record:
                    accuracy === undefined
                      ? mt.t('triage.record.none')
                      : mt.t('triage.record.upheld', { percent: `${Math.round(accuracy * 100)}%` }),
                  channel: at(report.channelId as ChannelId),
                  at: when(report.createdAt),
                  message: report.targetMessageId
                    ? mt.t('triage.reportedMessage', { message: report.targetMessageId })
                    : '',
                }),
              ),
              list(
                repo
                  .history(report.id)
                  .map((e) => [
                    text(
                      `${when(e.at)} — ${e.action} by ${e.actor === 'foyer' ? 'Foyer' : nameOf(e.actor)}${e.note ? `: ${e.note}` : ''}`,
                    ),
                  ]),
              ),
            ),
            { private: true },
          );
        }),
        mod(
          'triage ack',
          'Moderators: acknowledge a report (stops its escalation)',
          z.object({ id: reportId }),
          async (call) => {
            const report = await getOrSay(call, call.args.id);
            if (!report) return;
            if (report.status === 'resolved' || report.status === 'acknowledged')
              return call.reply(plain(`Report #${report.id} is already ${report.status}.`), { private: true });
            repo.update(report.id, {
              status: 'acknowledged',
              acknowledgedAt: ctx.clock.now(),
              assignee: report.assignee ?? call.invoker.id,
            });
            repo.log(report.id, ctx.clock.now(), call.invoker.id, 'acknowledged');
            await call.reply(plain(`Report #${report.id} acknowledged.`), { private: true });
          },
        ),
        mod(
          'triage assign',
          'Moderators: give a report to a moderator',
          z.object({ id: reportId, member: z.string().min(1).describe('who takes it') }),
          async (call) => {
            const { args } = call;
            const report = await getOrSay(call, args.id);
            if (!report) return;
            const who = ctx.parseMember(args.member);
            if (!who) return call.reply(plain(`"${args.member}" is not a member reference here.`), { private: true });
            repo.update(report.id, { assignee: who });
            repo.log(report.id, ctx.clock.now(), call.invoker.id, 'assigned', nameOf(who));
            await call.reply(plain(`Report #${report.id} assigned to ${nameOf(who)}.`), { private: true });
          },
        ),
        mod(
          'triage escalate',
          'Moderators: escalate a report now',
          z.object({ id: reportId, note: z.string().max(500).optional().describe('why') }),
          async (call) => {
            const { args } = call;
            const report = await getOrSay(call, args.id);
            if (!report) return;
            const done =
              canEscalate(report, steps) &&
              (await escalate(report.id, report.escalationLevel + 1, call.invoker.id, args.note));
            await call.reply(
              plain(done ? `Report #${report.id} escalated.` : `Report #${report.id} cannot be escalated further.`),
              { private: true },
            );
          },
        ),
        mod(
          'triage resolve',
          'Moderators: resolve a report — ID upheld|dismissed OUTCOME (the reporter is told the outcome)',
          z.object({
            id: reportId,
            verdict: z.enum(['upheld', 'dismissed']).describe('upheld or dismissed'),
            outcome: z.string().min(3).max(1_000).describe('what the reporter is told'),
          }),
          async (call) => {
            const { args } = call;
            const report = await getOrSay(call, args.id);
            if (!report) return;
            if (report.status === 'resolved')
              return call.reply(plain(`Report #${report.id} is already resolved.`), { private: true });
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
            const cited = citedRules(args.outcome, config.codeRules);
            const answer = rich(
              paragraph(
                text(`Your report #${report.id} has been handled. The moderators' answer: `),
                text(args.outcome),
              ),
              ...(cited.length ? [paragraph(text(`Code of conduct — ${cited.join('; ')}`))] : []),
            );
            const told = await directMessage(
              {
                member: report.reporterId as MemberId,
                effectKey: `triage:${community.id}:${report.id}:outcome`,
                reason: `the outcome of their report #${report.id}`,
              },
              answer,
            );
            repo.log(
              report.id,
              ctx.clock.now(),
              'foyer',
              told.ok ? 'reporter told' : 'reporter could not be told',
              told.ok ? undefined : told.kind,
            );
            if (!told.ok)
              await ctx.ports.messages.send(
                modChannel,
                plain(
                  `Report #${report.id}: the reporter could not be reached by direct message (${told.kind}). Please tell them the outcome another way.`,
                ),
              );
            await call.reply(
              plain(
                `Report #${report.id} resolved; the reporter ${told.ok ? 'was told' : 'could not be told by direct message (moderators were asked to)'}.`,
              ),
              { private: true },
            );
          },
        ),
        mod(
          'triage stats',
          'Moderators: time to acknowledge and to resolve, open reports by age',
          z.object({}),
          async (call) => {
            const now = ctx.clock.now();
            const done = repo.resolved(community.id);
            const lines = [...SEVERITIES].reverse().map((s) => {
              const times = handlingTimes(done, s);
              const medians = `to acknowledge ${duration(times.acknowledge)}, to resolve ${duration(times.resolve)}`;
              return [text(`${s}: ${times.count} resolved; median time ${medians}`)];
            });
            const byAge = openByAge(repo.open(community.id), now).map(({ label, count }) => `${label}: ${count}`);
            await call.reply(
              rich(paragraph(text('Reports:')), list(lines), paragraph(text(`Open by age — ${byAge.join(', ')}`))),
              { private: true },
            );
          },
        ),
      ],
    };
  },
});

export type { ChannelId };
