import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { contactStatus, contactVia, outcomeIn, whenIn } from '../../core/member-data.ts';
import type { MemberRecord } from '../../core/members.ts';
import type { OutreachRecord } from '../../core/outreach.ts';
import { list, paragraph, rich, type Inline } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { outreachMessages, type OutreachMessageKey } from './outreach.messages.ts';

type OutreachTranslator = Translator<OutreachMessageKey | CoreMessageKey>;

/** The most recent contacts a moderator sees: enough to judge, short enough to read in chat. */
const HISTORY_LENGTH = 20;

/** Who the member is to Foyer: when they joined and first posted, and whether they refused direct messages. */
function memberLine(t: OutreachTranslator, record: MemberRecord | undefined, typed: string): Inline[] {
  const vars = {
    member: record?.displayName ?? typed,
    joined: whenIn(t, record?.joinedAt),
    firstMessage: whenIn(t, record?.firstMessageAt),
  };
  return t.t(record?.dmOptOutAt ? 'outreach.history.memberOptedOut' : 'outreach.history.member', vars);
}

/** One contact: when, which feature and why, how it was sent, and what became of it. */
function contactLine(t: OutreachTranslator, entry: OutreachRecord): Inline[] {
  const vars = {
    at: whenIn(t, entry.at),
    feature: t.lookup(`${entry.feature}.label`) ?? entry.feature,
    reason: t.rephrase(entry.reason),
    via: contactVia(t, entry.via),
    status: contactStatus(t, entry.status),
  };
  return entry.outcome
    ? t.t('outreach.history.entryWithOutcome', { ...vars, outcome: outcomeIn(t, entry.outcome) })
    : t.t('outreach.history.entry', vars);
}

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
          description: 'outreach.command.optout',
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
          description: 'outreach.command.optin',
          args: z.object({}),
          role: 'member',
          async run(call) {
            ctx.memberSettings.setDmOptOut(call.invoker.id, call.invoker.displayName, null);
            await call.reply(rich(paragraph(...ctx.translatorFor(call.invoker.id).t('optin.done'))), { private: true });
          },
        }),
        defineCommand({
          name: 'member history',
          description: 'outreach.command.member.history',
          args: z.object({ member: z.string().min(1).describe('outreach.arg.member') }),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const member = ctx.parseMember(call.args.member);
            if (!member)
              return call.reply(rich(paragraph(...t.t('outreach.notAMember', { member: call.args.member }))), {
                private: true,
              });
            const record = ctx.members.get(member);
            const entries = ctx.outreach.history(member, HISTORY_LENGTH);
            // A typo must not read as "never contacted": say that nobody by that name is known.
            if (!record && entries.length === 0)
              return call.reply(rich(paragraph(...t.t('outreach.unknownMember', { member: call.args.member }))), {
                private: true,
              });
            const contacts =
              entries.length === 0
                ? paragraph(...t.t('outreach.history.none'))
                : list(entries.map((entry) => contactLine(t, entry)));
            await call.reply(rich(paragraph(...memberLine(t, record, call.args.member)), contacts), {
              private: true,
            });
          },
        }),
      ],
    };
  },
});
