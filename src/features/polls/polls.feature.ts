import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { ChannelId, MemberId, MessageId } from '../../core/ids.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import {
  code,
  list,
  paragraph,
  rich,
  strong,
  text,
  toPlainText,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { pollsMessages, type PollsMessageKey } from './polls.messages.ts';
import {
  applyVote,
  isPollRefusal,
  parsePollSpec,
  pollMode,
  tally,
  type PollSpec,
  type PollSpecRefusal,
  type Tally,
} from './polls.logic.ts';
import type { Poll, PollMode } from './polls.store.ts';

const CLOSE = 'polls.close';
const REMIND = 'polls.remind';
/** Opens a poll the inner circle previewed to everyone. */
const OPEN = 'polls.open';

type PollsTranslator = Translator<PollsMessageKey | CoreMessageKey>;

/** One option's line in the results: its votes and its share of all votes, when there are any. */
function optionLine(t: PollsTranslator, option: string, index: number, votes: number, total: number): Inline[] {
  const n = index + 1;
  if (total === 0) return t.t('polls.optionNoVotes', { n, option });
  const share = t.number(votes / total, { style: 'percent' });
  return t.plural('polls.option', votes, { n, option, share, count: t.number(votes) });
}

function results(t: PollsTranslator, poll: Poll, votes: Tally, closed: boolean): RichText {
  const total = votes.counts.reduce((a, b) => a + b, 0);
  const title = t.t(closed ? 'polls.closedTitle' : 'polls.title', { id: poll.id });
  const lines = poll.options.map((option, i) => optionLine(t, option, i, votes.counts[i]!, total));
  const voters = t.plural('polls.voters', votes.voters, { count: t.number(votes.voters) });
  return rich(paragraph(strong(...title), text(poll.question)), list(lines), paragraph(...voters));
}

const HOW_TO = {
  single: 'polls.howTo.single',
  multiple: 'polls.howTo.multiple',
  singleAnonymous: 'polls.howTo.singleAnonymous',
  multipleAnonymous: 'polls.howTo.multipleAnonymous',
} as const;

/** How to vote, in one sentence that says whether several choices count and whether ballots are secret. */
function howToKey(spec: Pick<PollSpec, 'multiple' | 'anonymous'>): PollsMessageKey {
  const choices = spec.multiple ? 'multiple' : 'single';
  return HOW_TO[spec.anonymous ? (`${choices}Anonymous` as const) : choices];
}

const OPENED: Record<PollMode, PollsMessageKey> = {
  native: 'polls.opened.native',
  buttons: 'polls.opened.buttons',
  text: 'polls.opened.text',
};

function refusalMessage(t: PollsTranslator, refusal: PollSpecRefusal): Inline[] {
  switch (refusal.kind) {
    case 'questionTooLong':
    case 'optionTooLong':
      return t.t(`polls.spec.${refusal.kind}`, { max: t.number(refusal.max) });
    case 'notDuration':
      return t.t('polls.spec.notDuration', { typed: refusal.typed });
    case 'optionCount':
      return t.t('polls.spec.optionCount', { count: t.number(refusal.count) });
    default:
      return t.t(`polls.spec.${refusal.kind}`);
  }
}

/**
 * Polls: platform-native where the poll fits (Discord limits, Matrix m.poll), buttons
 * where there are buttons, typed votes otherwise. One ballot per member, changeable
 * until the poll closes; closed at its deadline exactly once, results posted.
 */
export const pollsFeature = defineFeature({
  id: 'polls',
  description: 'Polls with one ballot per member, closed on time',
  needs: ['messages'] as const,
  optional: ['polls', 'components', 'edits', 'directMessages'],
  messages: pollsMessages,
  // Beta-only polls go to the channel the beta group shares, or privately to each of its members.
  config: (_settings: undefined, { sharedChannel }) => ({ betaChannel: sharedChannel('beta') }),
  store: (stores) => stores.polls,
  setup(ctx) {
    const { repo, community, config } = ctx;
    const { polls: native, components, edits, directMessages } = ctx.optionalPorts;
    const endedNotice = (): string => toPlainText(rich(paragraph(...ctx.t.t('polls.ended'))));
    const tallyOf = (poll: Poll): Tally => tally(poll.options.length, repo.ballots(poll.id));

    /** Live results on the poll's own message, where Foyer can edit it (native polls show their own). */
    async function refresh(id: number): Promise<void> {
      const poll = repo.get(community.id, id);
      if (!poll || poll.mode === 'native' || !edits || !poll.messageId) return;
      const edited = await edits.edit(
        poll.channelId as ChannelId,
        poll.messageId as MessageId,
        results(ctx.t, poll, tallyOf(poll), poll.closedAt !== null),
      );
      if (!edited.ok) ctx.logger.debug('live poll results not updated', { poll: id, failure: edited.error.kind });
    }

    async function remind(id: number): Promise<void> {
      const poll = repo.get(community.id, id);
      if (!poll || poll.closedAt) return;
      // Once, in the poll's channel, pinging nobody: members who voted can ignore it.
      await ctx.ports.messages.send(
        poll.channelId as ChannelId,
        rich(
          paragraph(
            ...ctx.t.t('polls.reminder', {
              id: poll.id,
              until: ctx.t.dateTime(poll.closesAt),
              command: code(ctx.commandLabel(`vote ${poll.id} 1`)),
              question: poll.question,
            }),
          ),
        ),
      );
    }

    async function close(id: number): Promise<boolean> {
      const poll = repo.get(community.id, id);
      if (!poll || !repo.close(id, ctx.clock.now())) return false;
      if (poll.mode === 'native' && native && poll.messageId)
        await native.end(poll.channelId as ChannelId, poll.messageId as MessageId, endedNotice());
      await refresh(id);
      await ctx.ports.messages.send(poll.channelId as ChannelId, results(ctx.t, poll, tallyOf(poll), true));
      ctx.logger.info('poll closed', { poll: id });
      return true;
    }

    /** Why the member may not vote in the poll (yet), or undefined when they may. */
    function refusal(t: PollsTranslator, poll: Poll, member: MemberId): Inline[] | undefined {
      if (poll.audience === 'beta' && !ctx.groups.isIn('beta', member))
        return t.t('polls.vote.betaOnly', { id: poll.id, command: code(ctx.commandLabel('beta join')) });
      if (poll.opensAt && poll.opensAt > ctx.clock.now() && !ctx.groups.isIn('circle', member))
        return t.t('polls.vote.notOpenYet', { id: poll.id, opens: t.dateTime(poll.opensAt) });
      return undefined;
    }

    /** The poll as members read it: title, question, options and how to vote, in `t`'s language. */
    function intro(t: PollsTranslator, poll: Poll, note?: Inline[]): RichText {
      const title = t.t(poll.audience === 'beta' ? 'polls.betaTitle' : 'polls.title', { id: poll.id });
      return rich(
        paragraph(strong(...title), text(poll.question)),
        list(poll.options.map((o, i) => [text(`${i + 1}. ${o}`)])),
        paragraph(
          ...t.t(howToKey(poll), {
            until: t.dateTime(poll.closesAt),
            command: code(ctx.commandLabel(`vote ${poll.id} 1`)),
          }),
        ),
        ...(note ? [paragraph(...note)] : []),
      );
    }

    /** Posts the poll in its channel, in the mode chosen when it was created. */
    async function publish(poll: Poll): Promise<void> {
      const channel = poll.channelId as ChannelId;
      const hoursLeft = Math.ceil((poll.closesAt.getTime() - ctx.clock.now().getTime()) / 3_600_000);
      const sent =
        poll.mode === 'native' && native
          ? await native.publish(channel, {
              question: poll.question,
              answers: poll.options,
              durationHours: Math.max(native.limits.minHours, hoursLeft),
              multipleChoice: poll.multiple,
            })
          : poll.mode === 'buttons' && components
            ? await components.sendWithButtons(
                channel,
                intro(ctx.t, poll),
                poll.options.map((o, i) => ({ customId: `poll:${poll.id}:${i + 1}`, label: o })),
              )
            : await ctx.ports.messages.send(channel, intro(ctx.t, poll));
      if (sent.ok) repo.setMessage(poll.id, sent.value);
    }

    /** Sends the poll to each member privately, through outreach (its caps, the DM opt-out, the log). */
    async function sendPrivately(poll: Poll, members: readonly MemberId[], reason: PollsMessageKey): Promise<void> {
      if (!directMessages) return;
      for (const member of members) {
        const t = ctx.translatorFor(member);
        const note = poll.opensAt ? t.t('polls.previewNote', { opens: t.dateTime(poll.opensAt) }) : undefined;
        await ctx.outreach.contact(
          { member, effectKey: `polls:${community.id}:${poll.id}:${reason}:${member}`, reason, via: 'dm' },
          () => directMessages.sendDirect(member, intro(t, poll, note)),
        );
      }
    }

    async function record(poll: Poll | undefined, member: MemberId, answer: number, added: boolean): Promise<void> {
      if (!poll || poll.closedAt || answer < 1 || answer > poll.options.length) return;
      if (refusal(ctx.t, poll, member)) return;
      ctx.atomically(() =>
        repo.vote(
          poll.id,
          member,
          applyVote(repo.ballot(poll.id, member), answer, poll.multiple, added),
          ctx.clock.now(),
        ),
      );
      await refresh(poll.id);
    }

    return {
      on: {
        async 'poll.voted'(event) {
          await record(repo.byMessage(community.id, event.message), event.member.id, event.answer, event.added);
        },
        async 'button.pressed'(event) {
          const match = /^poll:(\d+):(\d+)$/.exec(event.customId);
          if (match) await record(repo.get(community.id, Number(match[1])), event.member.id, Number(match[2]), true);
        },
      },
      tasks: [
        { kind: CLOSE, missed: { kind: 'catch-up' }, run: async (task) => void (await close(Number(task.key))) },
        {
          kind: OPEN,
          missed: { kind: 'catch-up' },
          run: async (task) => {
            const poll = repo.get(community.id, Number(task.key));
            if (poll && !poll.closedAt && !poll.messageId) await publish(poll);
          },
        },
        // A reminder is only useful before the close: one missed while down is skipped.
        { kind: REMIND, missed: { kind: 'run-late', graceMs: 10 * 60_000 }, run: (task) => remind(Number(task.key)) },
      ],
      commands: [
        defineCommand({
          name: 'poll',
          description: 'polls.command.poll',
          args: z.object({ spec: z.string().min(1).describe('polls.arg.spec') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const spec = parsePollSpec(call.args.spec);
            if (isPollRefusal(spec)) return call.reply(rich(paragraph(...refusalMessage(t, spec))), { private: true });
            const now = ctx.clock.now();
            const audience = spec.audience ?? 'everyone';
            const betaChannel = audience === 'beta' && config.betaChannel ? ctx.channel(config.betaChannel) : undefined;
            // Without a beta channel, a beta poll reaches its members privately and takes typed votes.
            const privately = audience === 'beta' && !betaChannel;
            const recipients = privately
              ? ctx.groups.members('beta')
              : spec.previewMs
                ? ctx.groups.members('circle')
                : [];
            if (privately && (recipients.length === 0 || !directMessages))
              return call.reply(rich(paragraph(...t.t('polls.betaEmpty'))), { private: true });
            const opensAt = spec.previewMs ? new Date(now.getTime() + spec.previewMs) : null;
            const closesAt = new Date((opensAt ?? now).getTime() + spec.durationMs);
            const mode = privately ? 'text' : pollMode(native?.limits, components !== undefined, spec);
            const id = repo.create({
              communityId: community.id,
              channelId: betaChannel ?? call.channel,
              mode,
              question: spec.question,
              options: spec.options,
              multiple: spec.multiple,
              anonymous: spec.anonymous,
              createdBy: call.invoker.id,
              createdAt: now,
              closesAt,
              audience,
              opensAt,
            });
            const poll = repo.get(community.id, id)!;
            if (recipients.length > 0)
              await sendPrivately(poll, recipients, privately ? 'polls.reason.beta' : 'polls.reason.preview');
            if (opensAt) ctx.scheduler.schedule(OPEN, String(id), opensAt);
            else if (!privately) await publish(poll);
            ctx.scheduler.schedule(CLOSE, String(id), closesAt);
            // The reminder is posted in the poll's channel: a poll sent privately has none.
            if (spec.remindBeforeMs && !privately)
              ctx.scheduler.schedule(REMIND, String(id), new Date(closesAt.getTime() - spec.remindBeforeMs));
            const count = recipients.length;
            const opened = privately
              ? t.plural('polls.opened.beta', count, { id, count: t.number(count) })
              : opensAt
                ? t.plural('polls.opened.preview', count, { id, count: t.number(count), opens: t.dateTime(opensAt) })
                : t.t(OPENED[mode], { id });
            await call.reply(rich(paragraph(...opened)), { private: true });
          },
        }),
        defineCommand({
          name: 'vote',
          description: 'polls.command.vote',
          args: z.object({
            poll: z.coerce.number().int().positive().describe('polls.arg.poll'),
            choices: z.array(z.string()).min(1).describe('polls.arg.choices'),
          }),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const say = (...inlines: ReturnType<typeof t.t>) =>
              call.reply(rich(paragraph(...inlines)), { private: true });
            const poll = repo.get(community.id, call.args.poll);
            if (!poll) return say(...t.t('polls.noPoll', { id: call.args.poll }));
            if (poll.closedAt) return say(...t.t('polls.vote.closed', { id: poll.id }));
            const choices = [...new Set(call.args.choices.map(Number))];
            if (choices.some((c) => !Number.isInteger(c) || c < 1 || c > poll.options.length))
              return say(...t.t('polls.vote.range', { max: poll.options.length }));
            if (!poll.multiple && choices.length > 1) return say(...t.t('polls.vote.single'));
            const refused = refusal(t, poll, call.invoker.id);
            if (refused) return say(...refused);
            ctx.atomically(() =>
              repo.vote(
                poll.id,
                call.invoker.id,
                choices.sort((a, b) => a - b),
                ctx.clock.now(),
              ),
            );
            await refresh(poll.id);
            const chosen = t.list(choices.map((c) => poll.options[c - 1]!));
            await say(...t.t('polls.vote.recorded', { id: poll.id, choices: chosen }));
          },
        }),
        defineCommand({
          name: 'poll results',
          description: 'polls.command.poll.results',
          args: z.object({ poll: z.coerce.number().int().positive().describe('polls.arg.poll') }),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const poll = repo.get(community.id, call.args.poll);
            if (!poll)
              return call.reply(rich(paragraph(...t.t('polls.noPoll', { id: call.args.poll }))), { private: true });
            await call.reply(results(t, poll, tallyOf(poll), poll.closedAt !== null), { private: true });
          },
        }),
        defineCommand({
          name: 'poll close',
          description: 'polls.command.poll.close',
          args: z.object({ poll: z.coerce.number().int().positive().describe('polls.arg.poll') }),
          role: 'moderator',
          async run(call) {
            const closed = await close(call.args.poll);
            if (closed) {
              ctx.scheduler.cancel(CLOSE, String(call.args.poll));
              ctx.scheduler.cancel(REMIND, String(call.args.poll));
            }
            const t = ctx.translatorFor(call.invoker.id);
            const answer = t.t(closed ? 'polls.closedNow' : 'polls.notOpen', { id: call.args.poll });
            await call.reply(rich(paragraph(...answer)), { private: true });
          },
        }),
      ],
    };
  },
});
