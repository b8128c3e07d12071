import type { FeatureMessages } from '../define.ts';

/** English messages of the polls feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'poll.title': 'Poll #{id}: ',
  'poll.closedTitle': 'Poll #{id} closed: ',
  'poll.pickOne': 'Pick one',
  'poll.pickMany': 'Pick one or more',
  'poll.anonymous': ' (anonymous)',
  'poll.howTo': '{pick}{anonymous}, until {until}. Vote with {command}; you can change your vote until then.',
  'poll.option': '{n}. {option}: {count} votes{percent}',
  'poll.optionOne': '{n}. {option}: {count} vote{percent}',
  'poll.voters': '{count} members voted.',
  'poll.votersOne': '{count} member voted.',
  'poll.reminder': 'Poll #{id} closes at {until}: if you have not voted yet, {command} — "{question}"',
  'vote.recorded': 'Your vote in poll #{id} is recorded: {choices}.',
  'vote.closed': 'Poll #{id} is closed: votes are no longer counted.',
  'vote.noPoll': 'There is no poll #{id}.',
  'vote.range': 'Choose option numbers from 1 to {max}.',
  'vote.single': 'This poll takes one choice.',
} as const;

export type PollsMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PollsMessageKey, string> = {
  'poll.title': 'Sondage n°{id} : ',
  'poll.closedTitle': 'Sondage n°{id} terminé : ',
  'poll.pickOne': 'Un seul choix',
  'poll.pickMany': 'Un ou plusieurs choix',
  'poll.anonymous': ' (anonyme)',
  'poll.howTo': '{pick}{anonymous}, jusqu’au {until}. Votez avec {command} ; vous pouvez changer d’avis jusque-là.',
  'poll.option': '{n}. {option} : {count} voix{percent}',
  'poll.optionOne': '{n}. {option} : {count} voix{percent}',
  'poll.voters': '{count} membres ont voté.',
  'poll.votersOne': '{count} membre a voté.',
  'poll.reminder':
    'Le sondage n°{id} se termine le {until} : si vous n’avez pas encore voté, {command} — « {question} »',
  'vote.recorded': 'Votre vote au sondage n°{id} est enregistré : {choices}.',
  'vote.closed': 'Le sondage n°{id} est terminé : les votes ne sont plus comptés.',
  'vote.noPoll': 'Il n’y a pas de sondage n°{id}.',
  'vote.range': 'Choisissez des numéros d’option de 1 à {max}.',
  'vote.single': 'Ce sondage n’accepte qu’un seul choix.',
};

export const pollsMessages: FeatureMessages<PollsMessageKey> = { en, fr };
