import type { FeatureMessages } from '../define.ts';

/** English messages of the links feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'links.title': 'Useful links for {community}:',
  'links.none': '{community} has no useful links yet. Admins add them under features.links.items.',
  'links.command.links': 'The community’s useful links',
} as const;

export type LinksMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<LinksMessageKey, string> = {
  'links.title': 'Liens utiles pour {community} :',
  'links.none': '{community} n’a pas encore de liens utiles. Les admins les ajoutent sous features.links.items.',
  'links.command.links': 'Les liens utiles de la communauté',
};

export const linksMessages: FeatureMessages<LinksMessageKey> = { en, fr };
