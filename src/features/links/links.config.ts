import { z } from 'zod';
import { webAddress } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const linksSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** The community's useful links (rules, wiki, events page…), shown by `/links`. */
  items: z
    .array(z.strictObject({ title: z.string().min(1).max(80), url: webAddress }))
    .max(20)
    .default([]),
});

export type LinksConfig = z.infer<typeof linksSettings>;

export const linksConfig: FeatureSettings<LinksConfig, 'links'> = {
  key: 'links',
  schema: linksSettings,
  check(links, { at, error }) {
    const titles = new Set<string>();
    links.items.forEach((item, i) => {
      if (titles.has(item.title)) error([...at, 'items', i, 'title'], `the title "${item.title}" is used twice`);
      titles.add(item.title);
    });
  },
};
