import type { FeatureMessages } from '../define.ts';

/** English messages of the missed-you feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'missedYou.dm': 'Hello {member}, we have missed you in {community}! It has been a while since we last saw you.',
  'missedYou.dm.highlights': 'What happened lately:',
  'missedYou.highlight.newMembers.one': '{count} new member joined',
  'missedYou.highlight.newMembers.other': '{count} new members joined',
  'missedYou.highlight.channel': 'lively in {channel}: {messages} from {members}',
  'missedYou.highlight.poll': 'poll “{question}”: {voters}',
  'missedYou.highlight.upcoming': 'coming up on {date}: {title}',
  'missedYou.messages.one': '{count} message',
  'missedYou.messages.other': '{count} messages',
  'missedYou.members.one': '{count} member',
  'missedYou.members.other': '{count} members',
  'missedYou.voters.one': '{count} member voted',
  'missedYou.voters.other': '{count} members voted',
  'missedYou.dm.close':
    'Drop by whenever you like, we would be glad to see you. To get no more direct messages from Foyer, type {optout}.',
  'missedYou.reason': 'we missed you (member silent for a while)',
  'missedYou.data.none': 'No absence recorded.',
  'missedYou.data.absence.contact': 'silent after {day}: a “we missed you” message ({status})',
  'missedYou.data.absence.holdout': 'silent after {day}: in the group that gets no message, to measure the effect',
  'missedYou.status.sent': 'sent',
  'missedYou.status.waiting': 'not sent yet',
  'missedYou.status.other': 'not sent',
  'missedYou.label': 'we missed you',
} as const;

export type MissedYouMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<MissedYouMessageKey, string> = {
  'missedYou.dm':
    'Bonjour {member}, vous nous avez manqué dans {community} ! Cela fait un moment que nous ne vous avons pas vu.',
  'missedYou.dm.highlights': 'Ce qui s’est passé ces derniers temps :',
  'missedYou.highlight.newMembers.one': '{count} nouveau membre est arrivé',
  'missedYou.highlight.newMembers.other': '{count} nouveaux membres sont arrivés',
  'missedYou.highlight.channel': 'de l’animation dans {channel} : {messages} de {members}',
  'missedYou.highlight.poll': 'sondage « {question} » : {voters}',
  'missedYou.highlight.upcoming': 'à venir le {date} : {title}',
  'missedYou.messages.one': '{count} message',
  'missedYou.messages.other': '{count} messages',
  'missedYou.members.one': '{count} membre',
  'missedYou.members.other': '{count} membres',
  'missedYou.voters.one': '{count} membre a voté',
  'missedYou.voters.other': '{count} membres ont voté',
  'missedYou.dm.close':
    'Passez quand vous voulez, nous serons ravis de vous revoir. Pour ne plus recevoir de messages privés de Foyer, tapez {optout}.',
  'missedYou.reason': 'vous nous avez manqué (membre silencieux depuis un moment)',
  'missedYou.data.none': 'Aucune absence enregistrée.',
  'missedYou.data.absence.contact': 'silencieux après le {day} : un message « vous nous avez manqué » ({status})',
  'missedYou.data.absence.holdout':
    'silencieux après le {day} : dans le groupe qui ne reçoit pas de message, pour mesurer l’effet',
  'missedYou.status.sent': 'envoyé',
  'missedYou.status.waiting': 'pas encore envoyé',
  'missedYou.status.other': 'non envoyé',
  'missedYou.label': 'vous nous avez manqué',
};

export const missedYouMessages: FeatureMessages<MissedYouMessageKey> = { en, fr };
