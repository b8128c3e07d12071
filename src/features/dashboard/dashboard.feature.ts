import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { link, paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { dashboardMessages } from './dashboard.messages.ts';

/**
 * `/dashboard`: a moderator gets, privately, a signed link to the community's read-only
 * web dashboard, valid for `web.linkLifetime`. The link opens this community only and
 * nothing else; the web server checks it. Without a web server the command says how to
 * turn it on.
 */
export const dashboardFeature = defineFeature({
  id: 'dashboard',
  description: 'A private, expiring link to the read-only web dashboard',
  needs: [] as const,
  optional: ['dashboardLinks'] as const,
  messages: dashboardMessages,
  config: () => ({}),
  setup(ctx) {
    return {
      commands: [
        defineCommand({
          name: 'dashboard',
          description: 'dashboard.command.dashboard',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const links = ctx.optionalPorts.dashboardLinks;
            if (!links) return call.reply(rich(paragraph(...t.t('dashboard.off'))), { private: true });
            const issued = links.issue(t.locale);
            const words = t.t('dashboard.link', {
              community: ctx.community.name,
              link: link(issued.url, issued.url),
              until: t.dateTime(issued.expiresAt),
            });
            await call.reply(rich(paragraph(...words)), { private: true });
          },
        }),
      ],
    };
  },
});
