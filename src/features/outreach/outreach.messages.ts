import type { FeatureMessages } from '../define.ts';

/** English messages of the outreach feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'optout.done': 'Done: Foyer will not send you direct messages. {command} undoes it.',
  'optin.done': 'Done: Foyer may send you direct messages again.',
  'outreach.unknownMember': 'Foyer knows no member {member}: nobody by that name has joined or posted here.',
  'outreach.notAMember': '"{member}" is not a member reference here.',
  'outreach.history.member': '{member}: joined {joined}, first message {firstMessage}.',
  'outreach.history.memberOptedOut':
    '{member}: joined {joined}, first message {firstMessage}, opted out of direct messages.',
  'outreach.history.none': 'Foyer has not contacted this member.',
  'outreach.history.entry': '{at} — {feature}: {reason}, {via} — {status}',
  'outreach.history.entryWithOutcome': '{at} — {feature}: {reason}, {via} — {status} ({outcome})',
  'outreach.command.optout': 'Ask Foyer not to send you direct messages',
  'outreach.command.optin': 'Let Foyer send you direct messages again',
  'outreach.command.member.history': 'Moderators: every contact Foyer had with a member',
  'outreach.arg.member': 'the member (a mention, an id or a name)',
} as const;

export type OutreachMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<OutreachMessageKey, string> = {
  'optout.done': 'C’est noté : Foyer ne vous enverra plus de messages privés. {command} annule ce choix.',
  'optin.done': 'C’est noté : Foyer peut de nouveau vous envoyer des messages privés.',
  'outreach.unknownMember':
    'Foyer ne connaît aucun membre {member} : personne de ce nom n’a rejoint la communauté ni écrit ici.',
  'outreach.notAMember': '« {member} » ne désigne pas un membre ici.',
  'outreach.history.member': '{member} : arrivée {joined}, premier message {firstMessage}.',
  'outreach.history.memberOptedOut':
    '{member} : arrivée {joined}, premier message {firstMessage}, ne veut plus de messages privés.',
  'outreach.history.none': 'Foyer n’a pas contacté ce membre.',
  'outreach.history.entry': '{at} — {feature} : {reason}, {via} — {status}',
  'outreach.history.entryWithOutcome': '{at} — {feature} : {reason}, {via} — {status} ({outcome})',
  'outreach.command.optout': 'Demander à Foyer de ne plus vous envoyer de messages privés',
  'outreach.command.optin': 'Permettre de nouveau à Foyer de vous envoyer des messages privés',
  'outreach.command.member.history': 'Modération : chaque contact de Foyer avec un membre',
  'outreach.arg.member': 'le membre (une mention, un identifiant ou un nom)',
};

export const outreachMessages: FeatureMessages<OutreachMessageKey> = { en, fr };
