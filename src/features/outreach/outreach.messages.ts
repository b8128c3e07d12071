import type { FeatureMessages } from '../define.ts';

/** English messages of the outreach feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'optout.done': 'Done: Foyer will not send you direct messages. {command} undoes it.',
  'optin.done': 'Done: Foyer may send you direct messages again.',
  'outreach.unknownMember': 'Foyer knows no member {member}: nobody by that name has joined or posted here.',
} as const;

export type OutreachMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<OutreachMessageKey, string> = {
  'optout.done': 'C’est noté : Foyer ne vous enverra plus de messages privés. {command} annule ce choix.',
  'optin.done': 'C’est noté : Foyer peut de nouveau vous envoyer des messages privés.',
  'outreach.unknownMember':
    'Foyer ne connaît aucun membre {member} : personne de ce nom n’a rejoint la communauté ni écrit ici.',
};

export const outreachMessages: FeatureMessages<OutreachMessageKey> = { en, fr };
