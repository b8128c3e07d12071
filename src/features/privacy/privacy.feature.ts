import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { CommandCall } from '../../core/commands.ts';
import type { MemberId } from '../../core/ids.ts';
import type { MemberDataSection } from '../../core/members.ts';
import { code, codeBlock, inertJson, list, paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import {
  checkErasureCode,
  erasedCount,
  erasureCode,
  exportDocument,
  summaryLines,
  type PendingErasure,
} from './privacy.logic.ts';
import { privacyMessages } from './privacy.messages.ts';

/** An export longer than this is better read as a file than as many chat messages. */
const INLINE_EXPORT_LENGTH = 1_500;
/** Long enough to read the reply and type the code back, short enough that a code left in a chat log is useless. */
const CODE_VALID_MINUTES = 10;

/**
 * Members can see what Foyer keeps about them, and take a copy: the community is an
 * asset, but each member's data is theirs to read.
 */
export const privacyFeature = defineFeature({
  id: 'privacy',
  description: 'Members see, export and erase what Foyer keeps about them',
  needs: [] as const,
  messages: privacyMessages,
  config: () => ({}),
  setup(ctx) {
    /** The export as a file where the platform can attach one and it is long, else as code blocks. */
    async function sendExport(call: CommandCall<unknown>, sections: readonly MemberDataSection[]): Promise<void> {
      const header = { community: ctx.community.id, member: call.invoker.id, exportedAt: ctx.clock.now() };
      const json = inertJson(exportDocument(header, sections));
      const t = ctx.translatorFor(call.invoker.id as MemberId);
      if (json.length > INLINE_EXPORT_LENGTH && call.replyWithFile) {
        const name = `foyer-mydata-${ctx.clock.now().toISOString().slice(0, 10)}.json`;
        const file = { name, mediaType: 'application/json', content: json };
        return call.replyWithFile(rich(paragraph(...t.t('privacy.exportFile', { file: code(name) }))), file, {
          private: true,
        });
      }
      await call.reply(rich(paragraph(...t.t('privacy.export')), codeBlock(json)), { private: true });
    }

    /** Codes waiting to be typed back, in memory only: a restart simply asks the member for a new one. */
    const pending = new Map<MemberId, PendingErasure>();

    /** The first step: what goes and what stays, and the code that confirms it. */
    async function askToConfirm(call: CommandCall<unknown>): Promise<void> {
      const member = call.invoker.id;
      const confirmation = erasureCode(randomInt);
      pending.set(member, {
        code: confirmation,
        expiresAt: new Date(ctx.clock.now().getTime() + CODE_VALID_MINUTES * 60_000),
      });
      const t = ctx.translatorFor(member);
      const confirm = code(ctx.commandLabel(`mydata erase ${confirmation}`));
      await call.reply(
        rich(
          paragraph(...t.t('privacy.erase.title')),
          list([
            t.t('privacy.erase.removed'),
            t.t('privacy.erase.keptSafety'),
            t.t('privacy.erase.keptTotals'),
            t.t('privacy.erase.after'),
          ]),
          paragraph(...t.t('privacy.erase.confirm', { command: confirm, minutes: CODE_VALID_MINUTES })),
        ),
        { private: true },
      );
    }

    /** The second step: the typed code erases, or says why it did not. */
    async function erase(call: CommandCall<unknown>, typed: string): Promise<void> {
      const member = call.invoker.id;
      // The member's language is part of what goes: the answer is chosen before.
      const t = ctx.translatorFor(member);
      const again = code(ctx.commandLabel('mydata erase'));
      const check = checkErasureCode(pending.get(member), typed, ctx.clock.now());
      if (check === 'none') {
        pending.delete(member);
        return call.reply(rich(paragraph(...t.t('privacy.erase.noCode', { command: again }))), { private: true });
      }
      if (check === 'wrong')
        return call.reply(rich(paragraph(...t.t('privacy.erase.wrongCode', { command: again }))), { private: true });
      pending.delete(member);
      const summary = ctx.eraseMember(member);
      ctx.logger.info('member data erased', { records: erasedCount(summary) });
      await call.reply(rich(paragraph(...t.plural('privacy.erase.done', erasedCount(summary)))), { private: true });
    }

    return {
      commands: [
        defineCommand({
          name: 'mydata',
          description: 'privacy.command.mydata',
          args: z.object({
            format: z.enum(['summary', 'export', 'erase']).default('summary').describe('privacy.arg.format'),
            code: z.string().optional().describe('privacy.arg.code'),
          }),
          role: 'member',
          async run(call) {
            if (call.args.format === 'erase')
              return call.args.code === undefined ? askToConfirm(call) : erase(call, call.args.code);
            const sections = ctx.memberData(call.invoker.id);
            if (call.args.format === 'export') return sendExport(call, sections);
            const t = ctx.translatorFor(call.invoker.id);
            const title = paragraph(...t.t('privacy.title'));
            const copy = paragraph(
              ...t.t('privacy.copy', {
                command: code(ctx.commandLabel('mydata export')),
                erase: code(ctx.commandLabel('mydata erase')),
              }),
            );
            await call.reply(rich(title, list(summaryLines(sections)), copy), { private: true });
          },
        }),
      ],
    };
  },
});
