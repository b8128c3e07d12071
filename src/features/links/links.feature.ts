import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { link, list, paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { linksConfig } from './links.config.ts';
import { linksMessages } from './links.messages.ts';

/**
 * The community's useful links, one command away. The smallest complete feature: its
 * settings, its messages in both languages, one command; it stores nothing. It is the
 * worked example in CONTRIBUTING.md.
 */
export const linksFeature = defineFeature({
  id: 'links',
  description: 'The community’s useful links, listed by /links',
  needs: [] as const,
  settings: linksConfig,
  messages: linksMessages,
  config: (links) => (links.enabled ? links : undefined),
  setup(ctx) {
    return {
      commands: [
        defineCommand({
          name: 'links',
          description: 'links.command.links',
          args: z.object({}),
          role: 'member',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const { items } = ctx.config;
            if (items.length === 0)
              return call.reply(rich(paragraph(...t.t('links.none', { community: ctx.community.name }))));
            await call.reply(
              rich(
                paragraph(...t.t('links.title', { community: ctx.community.name })),
                list(items.map((item) => [link(item.url, item.title)])),
              ),
            );
          },
        }),
      ],
    };
  },
});
