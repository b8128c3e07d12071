import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { code, paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { dataExportMessages } from './data-export.messages.ts';

/**
 * The largest file sent in chat: Discord's attachment limit is 8 to 25 MiB depending on
 * the server, and Matrix servers set their own (Synapse: 50 MiB by default), so the
 * smallest of them is the one that always works.
 */
export const MAX_CHAT_FILE_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * Admins take the whole community with them: the same export as `npm run export`, as one
 * zip in chat. The community is its organisers' asset, never locked in Foyer.
 */
export const dataExportFeature = defineFeature({
  id: 'data-export',
  description: 'Admins export the whole community’s data with /export',
  needs: [] as const,
  messages: dataExportMessages,
  config: () => ({}),
  setup(ctx) {
    /** A folder name that works as typed, dated so two exports do not collide. */
    const exportCommand = (at: Date) =>
      code(`npm run export -- --out exports/${ctx.community.id}-${at.toISOString().slice(0, 10)}`);

    return {
      commands: [
        defineCommand({
          name: 'export',
          description: 'data-export.command.export',
          args: z.object({}),
          role: 'admin',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const at = ctx.clock.now();
            if (!call.replyWithFile)
              return call.reply(rich(paragraph(...t.t('data-export.noFiles', { command: exportCommand(at) }))), {
                private: true,
              });
            const packed = await ctx.archive.pack({
              community: { id: ctx.community.id, name: ctx.community.name },
              at,
              maxBytes: MAX_CHAT_FILE_BYTES,
            });
            const summary = t.plural('data-export.summary', packed.rows, { count: t.number(packed.rows) });
            if (!packed.fits) {
              const size = t.number(packed.bytes / MIB, { maximumFractionDigits: 1 });
              const limit = t.number(MAX_CHAT_FILE_BYTES / MIB);
              const words = t.t('data-export.tooLarge', { size, limit, summary, command: exportCommand(at) });
              return call.reply(rich(paragraph(...words)), { private: true });
            }
            // Unzipping tools extract into a folder named after the zip: the command works as shown.
            const folder = packed.file.name.replace(/\.zip$/, '');
            const words = t.t('data-export.file', {
              file: code(packed.file.name),
              folder: code(folder),
              summary,
              command: code(`npm run import -- ${folder}`),
            });
            await call.replyWithFile(rich(paragraph(...words)), packed.file, { private: true });
          },
        }),
      ],
    };
  },
});
