import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import type { CommandCall } from '../../core/commands.ts';
import type { MemberId } from '../../core/ids.ts';
import type { MemberDataSection } from '../../core/members.ts';
import { code, codeBlock, inertJson, list, paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { exportDocument, summaryLines } from './privacy.logic.ts';
import { privacyMessages } from './privacy.messages.ts';

/** An export longer than this is better read as a file than as many chat messages. */
const INLINE_EXPORT_LENGTH = 1_500;

/**
 * Members can see what Foyer keeps about them, and take a copy: the community is an
 * asset, but each member's data is theirs to read.
 */
export const privacyFeature = defineFeature({
  id: 'privacy',
  description: 'Members see and export what Foyer keeps about them',
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

    return {
      commands: [
        defineCommand({
          name: 'mydata',
          description: 'privacy.command.mydata',
          args: z.object({
            format: z.enum(['summary', 'export']).default('summary').describe('privacy.arg.format'),
          }),
          role: 'member',
          async run(call) {
            const sections = ctx.memberData(call.invoker.id);
            if (call.args.format === 'export') return sendExport(call, sections);
            const t = ctx.translatorFor(call.invoker.id);
            const title = paragraph(...t.t('privacy.title'));
            const copy = paragraph(...t.t('privacy.copy', { command: code(ctx.commandLabel('mydata export')) }));
            await call.reply(rich(title, list(summaryLines(sections)), copy), { private: true });
          },
        }),
      ],
    };
  },
});
