import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { ChannelId, MessageId } from '../../core/ids.ts';
import { code, list, paragraph, plain, rich, strong, text, type RichText } from '../../core/rich-text.ts';
import type { PollRecord } from '../../storage/polls.repository.ts';
import { defineFeature } from '../define.ts';
import { applyVote, fitsNative, parsePollSpec } from './polls.logic.ts';

const CLOSE = 'polls.close';
const REMIND = 'polls.remind';

function results(poll: PollRecord, tally: { counts: number[]; voters: number }, closed: boolean): RichText {
  const total = tally.counts.reduce((a, b) => a + b, 0);
  return rich(
    paragraph(strong(text(closed ? `Poll #${poll.id} closed: ` : `Poll #${poll.id}: `)), text(poll.question)),
    list(poll.options.map((o, i) => [text(`${i + 1}. ${o}: ${tally.counts[i]} vote${tally.counts[i] === 1 ? '' : 's'}${total ? ` (${Math.round((100 * tally.counts[i]!) / total)}%)` : ''}`)])),
    paragraph(text(`${tally.voters} member${tally.voters === 1 ? '' : 's'} voted.`)),
  );
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
  optional: ['polls', 'components', 'edits'],
  config: () => ({}),
  repository: (s) => s.polls,
  setup(ctx) {
    const { repo, community } = ctx;
    const { polls: native, components, edits } = ctx.optionalPorts;

    /** Live results on the poll's own message, where Foyer can edit it (native polls show their own). */
    async function refresh(id: number): Promise<void> {
      const poll = repo.get(community.id, id);
      if (!poll || poll.mode === 'native' || !edits || !poll.messageId) return;
      const edited = await edits.edit(poll.channelId as ChannelId, poll.messageId as MessageId, results(poll, repo.tally(id), poll.closedAt !== null));
      if (!edited.ok) ctx.logger.debug('live poll results not updated', { poll: id, failure: edited.error.kind });
    }

    async function remind(id: number): Promise<void> {
      const poll = repo.get(community.id, id);
      if (!poll || poll.closedAt) return;
      // Once, in the poll's channel, pinging nobody: members who voted can ignore it.
      await ctx.ports.messages.send(poll.channelId as ChannelId, rich(paragraph(
        text(`Poll #${poll.id} closes at ${poll.closesAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: if you have not voted yet, `),
        code(ctx.commandLabel(`vote ${poll.id} 1`)),
        text(` — "${poll.question}"`),
      )));
    }

    async function close(id: number): Promise<boolean> {
      const poll = repo.get(community.id, id);
      if (!poll || !repo.close(id, ctx.clock.now())) return false;
      if (poll.mode === 'native' && native && poll.messageId) await native.end(poll.channelId as ChannelId, poll.messageId as MessageId);
      await refresh(id);
      await ctx.ports.messages.send(poll.channelId as ChannelId, results(poll, repo.tally(id), true));
      ctx.logger.info('poll closed', { poll: id });
      return true;
    }

    async function record(poll: PollRecord | undefined, member: string, answer: number, added: boolean): Promise<void> {
      if (!poll || poll.closedAt || answer < 1 || answer > poll.options.length) return;
      ctx.atomically(() => repo.vote(poll.id, member, applyVote(repo.ballot(poll.id, member), answer, poll.multiple, added), ctx.clock.now()));
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
        // A reminder is only useful before the close: one missed while down is skipped.
        { kind: REMIND, missed: { kind: 'run-late', graceMs: 10 * 60_000 }, run: (task) => remind(Number(task.key)) },
      ],
      commands: [
        defineCommand({
          name: 'poll',
          description: 'Moderators: start a poll — question | option | option … [| for 2d] [| multiple] [| anonymous] [| remind 1h]',
          args: z.object({ spec: z.string().min(1).describe('question | option | option … [| for 2d] [| multiple] [| anonymous] [| remind 1h]') }),
          role: 'moderator',
          async run(call) {
            const spec = parsePollSpec(call.args.spec);
            if (typeof spec === 'string') return call.reply(plain(spec), { private: true });
            const now = ctx.clock.now();
            const mode = native && fitsNative(native.limits, spec) ? 'native' : components ? 'buttons' : 'text';
            const closesAt = new Date(now.getTime() + spec.durationMs);
            const id = repo.create({ communityId: community.id, channelId: call.channel, mode, question: spec.question, options: spec.options, multiple: spec.multiple, anonymous: spec.anonymous, createdBy: call.invoker.id, createdAt: now, closesAt });
            const intro = rich(
              paragraph(strong(text(`Poll #${id}: `)), text(spec.question)),
              list(spec.options.map((o, i) => [text(`${i + 1}. ${o}`)])),
              paragraph(
                text(`${spec.multiple ? 'Pick one or more' : 'Pick one'}${spec.anonymous ? ' (anonymous)' : ''}, until ${closesAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Vote with `),
                code(ctx.commandLabel(`vote ${id} 1`)),
                text('; you can change your vote until then.'),
              ),
            );
            const sent =
              mode === 'native'
                ? await native!.publish(call.channel, { question: spec.question, answers: spec.options, durationHours: Math.ceil(spec.durationMs / 3_600_000), multipleChoice: spec.multiple })
                : mode === 'buttons'
                  ? await components!.sendWithButtons(call.channel, intro, spec.options.map((o, i) => ({ customId: `poll:${id}:${i + 1}`, label: o })))
                  : await ctx.ports.messages.send(call.channel, intro);
            if (sent.ok) repo.setMessage(id, sent.value);
            ctx.scheduler.schedule(CLOSE, String(id), closesAt);
            if (spec.remindBeforeMs) ctx.scheduler.schedule(REMIND, String(id), new Date(closesAt.getTime() - spec.remindBeforeMs));
            await call.reply(plain(`Poll #${id} is open (${mode === 'native' ? 'native poll' : mode === 'buttons' ? 'buttons' : 'typed votes'}).`), { private: true });
          },
        }),
        defineCommand({
          name: 'vote',
          description: 'Vote in a poll: /vote POLL CHOICE…',
          args: z.object({ poll: z.coerce.number().int().positive().describe('the poll number'), choices: z.array(z.string()).min(1).describe('option numbers') }),
          role: 'member',
          async run(call) {
            const poll = repo.get(community.id, call.args.poll);
            if (!poll) return call.reply(plain(`There is no poll #${call.args.poll}.`), { private: true });
            if (poll.closedAt) return call.reply(plain(`Poll #${poll.id} is closed: votes are no longer counted.`), { private: true });
            const choices = [...new Set(call.args.choices.map(Number))];
            if (choices.some((c) => !Number.isInteger(c) || c < 1 || c > poll.options.length))
              return call.reply(plain(`Choose option numbers from 1 to ${poll.options.length}.`), { private: true });
            if (!poll.multiple && choices.length > 1) return call.reply(plain('This poll takes one choice.'), { private: true });
            ctx.atomically(() => repo.vote(poll.id, call.invoker.id, choices.sort((a, b) => a - b), ctx.clock.now()));
            await refresh(poll.id);
            await call.reply(plain(`Your vote in poll #${poll.id} is recorded: ${choices.map((c) => poll.options[c - 1]).join(', ')}.`), { private: true });
          },
        }),
        defineCommand({
          name: 'poll results',
          description: 'See the current results of a poll',
          args: z.object({ poll: z.coerce.number().int().positive().describe('the poll number') }),
          role: 'member',
          async run(call) {
            const poll = repo.get(community.id, call.args.poll);
            if (!poll) return call.reply(plain(`There is no poll #${call.args.poll}.`), { private: true });
            await call.reply(results(poll, repo.tally(poll.id), poll.closedAt !== null), { private: true });
          },
        }),
        defineCommand({
          name: 'poll close',
          description: 'Moderators: close a poll now and post its results',
          args: z.object({ poll: z.coerce.number().int().positive().describe('the poll number') }),
          role: 'moderator',
          async run(call) {
            const closed = await close(call.args.poll);
            if (closed) {
              ctx.scheduler.cancel(CLOSE, String(call.args.poll));
              ctx.scheduler.cancel(REMIND, String(call.args.poll));
            }
            await call.reply(plain(closed ? `Poll #${call.args.poll} closed.` : `Poll #${call.args.poll} does not exist or is already closed.`), { private: true });
          },
        }),
      ],
    };
  },
});
