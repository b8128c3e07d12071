import { z } from 'zod';
import { formatUtc } from '../../core/clock.ts';
import { defineCommand } from '../../core/commands.ts';
import { list, paragraph, rich, text } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { outreachMessages } from './outreach.messages.ts';

const when = (d: Date | null) => (d ? formatUtc(d) : '—');

/** The most recent contacts a moderator sees: enough to judge, short enough to read in chat. */
const HISTORY_LENGTH = 20;

/**
 * The outreach log, seen from the chat: members opt out of (and back into) direct
 * messages — core's outreach checks it for every feature — and moderators read a
 * member's history of contacts (who, when, why, what happened).
 */
export const outreachFeature = defineFeature({
  id: 'outreach',
  description: 'Direct-message opt-out and the outreach history for moderators',
  needs: [] as const,
  messages: outreachMessages,
  config: () => ({}),
  setup(ctx) {
    return {
      commands: [
        defineCommand({
          name: 'optout',
          description: 'Ask Foyer not to send you direct messages',
          args: z.object({}),
          role: 'member',
          async run(call) {
            ctx.memberSettings.setDmOptOut(call.invoker.id, call.invoker.displayName, ctx.clock.now());
            await call.reply(
              rich(
                paragraph(
                  ...ctx.translatorFor(call.invoker.id).t('optout.done', { command: ctx.commandLabel('optin') }),
                ),
              ),
              { private: true },
            );
          },
        }),
        defineCommand({
          name: 'optin',
          description: 'Let Foyer send you direct messages again',
          args: z.object({}),
          role: 'member',
          async run(call) {
            ctx.memberSettings.setDmOptOut(call.invoker.id, call.invoker.displayName, null);
            await call.reply(rich(paragraph(...ctx.translatorFor(call.invoker.id).t('optin.done'))), { private: true });
          },
        }),
        defineCommand({
          name: 'member history',
          description: 'Moderators: every contact Foyer had with a member',
          args: z.object({ member: z.string().min(1).describe('the member (a mention, an id or a name)') }),
          role: 'moderator',
          async run(call) {
            const member = ctx.parseMember(call.args.member);
            if (!member)
              return call.reply(rich(paragraph(text(`"${call.args.member}" is not a member reference here.`))), {
                private: true,
              });
            const record = ctx.members.get(member);
            const entries = ctx.outreach.history(member, HISTORY_LENGTH);
            // A typo must not read as "never contacted": say that nobody by that name is known.
            if (!record && entries.length === 0)
              return call.reply(
                rich(
                  paragraph(
                    ...ctx.translatorFor(call.invoker.id).t('outreach.unknownMember', { member: call.args.member }),
                  ),
                ),
                { private: true },
              );
            await call.reply(
              rich(
                paragraph(
                  text(
                    `${record?.displayName ?? call.args.member}: joined ${when(record?.joinedAt ?? null)}, first message ${when(record?.firstMessageAt ?? null)}${record?.dmOptOutAt ? ', opted out of direct messages' : ''}.`,
                  ),
                ),
                entries.length === 0
                  ? paragraph(text('Foyer has not contacted this member.'))
                  : list(
                      entries.map((e) => [
                        text(
                          `${when(e.at)} — ${e.feature}: ${e.reason}, by ${e.via === 'dm' ? 'direct message' : 'channel'} — ${e.status}${e.outcome ? ` (${e.outcome})` : ''}`,
                        ),
                      ]),
                    ),
              ),
              { private: true },
            );
          },
        }),
      ],
    };
  },
});
