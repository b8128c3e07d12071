import type { FeatureMessages } from '../define.ts';

/** English messages of the polls feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'polls.command.poll':
    'Moderators: start a poll — question | option | option … [| for 2d] [| multiple] [| anonymous] [| remind 1h] [| beta] [| preview 1d]',
  'polls.arg.spec':
    'question | option | option … [| for 2d] [| multiple] [| anonymous] [| remind 1h] [| beta] [| preview 1d]',
  'polls.command.vote': 'Vote in a poll (vote again to change your vote)',
  'polls.arg.poll': 'the poll number',
  'polls.arg.choices': 'option numbers',
  'polls.command.poll.results': 'See the current results of a poll',
  'polls.command.poll.close': 'Moderators: close a poll now and post its results',
  'polls.title': 'Poll #{id}: ',
  'polls.closedTitle': 'Poll #{id} closed: ',
  'polls.howTo.single': 'Pick one, until {until}. Vote with {command}; you can change your vote until then.',
  'polls.howTo.multiple': 'Pick one or more, until {until}. Vote with {command}; you can change your vote until then.',
  'polls.howTo.singleAnonymous':
    'Pick one (anonymous), until {until}. Vote with {command}; you can change your vote until then.',
  'polls.howTo.multipleAnonymous':
    'Pick one or more (anonymous), until {until}. Vote with {command}; you can change your vote until then.',
  'polls.option.one': '{n}. {option}: {count} vote ({share})',
  'polls.option.other': '{n}. {option}: {count} votes ({share})',
  'polls.optionNoVotes': '{n}. {option}: no votes',
  'polls.voters.one': '{count} member voted.',
  'polls.voters.other': '{count} members voted.',
  'polls.reminder': 'Poll #{id} closes at {until}: if you have not voted yet, {command} — "{question}"',
  'polls.ended': 'The poll has ended.',
  'polls.opened.native': 'Poll #{id} is open (native poll).',
  'polls.opened.buttons': 'Poll #{id} is open (buttons).',
  'polls.opened.text': 'Poll #{id} is open (typed votes).',
  'polls.closedNow': 'Poll #{id} closed.',
  'polls.notOpen': 'Poll #{id} does not exist or is already closed.',
  'polls.noPoll': 'There is no poll #{id}.',
  'polls.vote.recorded': 'Your vote in poll #{id} is recorded: {choices}.',
  'polls.vote.closed': 'Poll #{id} is closed: votes are no longer counted.',
  'polls.vote.range': 'Choose option numbers from 1 to {max}.',
  'polls.vote.single': 'This poll takes one choice.',
  'polls.spec.noQuestion': 'Write the question first, then the options, separated by |.',
  'polls.spec.questionTooLong': 'The question is too long ({max} characters at most).',
  'polls.spec.optionTooLong': 'An option is too long ({max} characters at most).',
  'polls.spec.notDuration': '"{typed}" is not a duration (try 30m, 2h, 3d).',
  'polls.spec.durationRange': 'A poll runs between 5 minutes and 30 days.',
  'polls.spec.optionCount': 'A poll needs 2 to 10 options (got {count}).',
  'polls.spec.sameOptions': 'Two options are the same.',
  'polls.spec.reminderTooLate': 'The reminder must come before the poll closes.',
  'polls.spec.previewForBeta':
    'A beta poll cannot also be previewed: the inner circle’s preview is for polls that open to everyone.',
  'polls.reason.beta': 'beta-only poll',
  'polls.reason.preview': 'inner circle: poll preview',
  'polls.betaTitle': 'Beta group poll #{id}: ',
  'polls.previewNote': 'Inner circle preview: this poll opens to everyone at {opens}, and you can vote already.',
  'polls.betaEmpty': 'Nobody is in the beta group yet: no poll was started.',
  'polls.opened.beta.one': 'Poll #{id} is for the beta group: sent privately to {count} member.',
  'polls.opened.beta.other': 'Poll #{id} is for the beta group: sent privately to {count} members.',
  'polls.opened.preview.one':
    'Poll #{id} is previewed privately to {count} inner circle member and opens to everyone at {opens}.',
  'polls.opened.preview.other':
    'Poll #{id} is previewed privately to {count} inner circle members and opens to everyone at {opens}.',
  'polls.vote.betaOnly': 'Poll #{id} is for the beta group only. {command} joins it.',
  'polls.vote.notOpenYet': 'Poll #{id} opens to everyone at {opens}.',
} as const;

export type PollsMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PollsMessageKey, string> = {
  'polls.command.poll':
    'Modérateurs : lancer un sondage — question | option | option … [| pour 2j] [| plusieurs] [| anonyme] [| rappel 1h] [| bêta] [| aperçu 1j]',
  'polls.arg.spec':
    'question | option | option … [| pour 2j] [| plusieurs] [| anonyme] [| rappel 1h] [| bêta] [| aperçu 1j]',
  'polls.command.vote': 'Voter à un sondage (votez à nouveau pour changer d’avis)',
  'polls.arg.poll': 'le numéro du sondage',
  'polls.arg.choices': 'les numéros des options choisies',
  'polls.command.poll.results': 'Voir les résultats actuels d’un sondage',
  'polls.command.poll.close': 'Modérateurs : terminer un sondage maintenant et publier ses résultats',
  'polls.title': 'Sondage n°{id} : ',
  'polls.closedTitle': 'Sondage n°{id} terminé : ',
  'polls.howTo.single': 'Un seul choix, jusqu’au {until}. Votez avec {command} ; vous pouvez changer d’avis jusque-là.',
  'polls.howTo.multiple':
    'Un ou plusieurs choix, jusqu’au {until}. Votez avec {command} ; vous pouvez changer d’avis jusque-là.',
  'polls.howTo.singleAnonymous':
    'Un seul choix (anonyme), jusqu’au {until}. Votez avec {command} ; vous pouvez changer d’avis jusque-là.',
  'polls.howTo.multipleAnonymous':
    'Un ou plusieurs choix (anonyme), jusqu’au {until}. Votez avec {command} ; vous pouvez changer d’avis jusque-là.',
  'polls.option.one': '{n}. {option} : {count} voix ({share})',
  'polls.option.other': '{n}. {option} : {count} voix ({share})',
  'polls.optionNoVotes': '{n}. {option} : aucune voix',
  'polls.voters.one': '{count} membre a voté.',
  'polls.voters.other': '{count} membres ont voté.',
  'polls.reminder':
    'Le sondage n°{id} se termine le {until} : si vous n’avez pas encore voté, {command} — « {question} »',
  'polls.ended': 'Le sondage est terminé.',
  'polls.opened.native': 'Le sondage n°{id} est ouvert (sondage de la plateforme).',
  'polls.opened.buttons': 'Le sondage n°{id} est ouvert (boutons).',
  'polls.opened.text': 'Le sondage n°{id} est ouvert (votes par commande).',
  'polls.closedNow': 'Sondage n°{id} terminé.',
  'polls.notOpen': 'Le sondage n°{id} n’existe pas ou est déjà terminé.',
  'polls.noPoll': 'Il n’y a pas de sondage n°{id}.',
  'polls.vote.recorded': 'Votre vote au sondage n°{id} est enregistré : {choices}.',
  'polls.vote.closed': 'Le sondage n°{id} est terminé : les votes ne sont plus comptés.',
  'polls.vote.range': 'Choisissez des numéros d’option de 1 à {max}.',
  'polls.vote.single': 'Ce sondage n’accepte qu’un seul choix.',
  'polls.spec.noQuestion': 'Écrivez d’abord la question, puis les options, séparées par |.',
  'polls.spec.questionTooLong': 'La question est trop longue ({max} caractères au plus).',
  'polls.spec.optionTooLong': 'Une option est trop longue ({max} caractères au plus).',
  'polls.spec.notDuration': '« {typed} » n’est pas une durée (essayez 30m, 2h, 3j).',
  'polls.spec.durationRange': 'Un sondage dure entre 5 minutes et 30 jours.',
  'polls.spec.optionCount': 'Un sondage propose de 2 à 10 options (ici {count}).',
  'polls.spec.sameOptions': 'Deux options sont identiques.',
  'polls.spec.reminderTooLate': 'Le rappel doit venir avant la fin du sondage.',
  'polls.spec.previewForBeta':
    'Un sondage bêta ne peut pas aussi être en avant-première : l’avant-première du cercle des proches concerne les sondages ouverts à tous.',
  'polls.reason.beta': 'sondage réservé au groupe bêta',
  'polls.reason.preview': 'cercle des proches : avant-première d’un sondage',
  'polls.betaTitle': 'Sondage du groupe bêta n°{id} : ',
  'polls.previewNote':
    'Avant-première pour le cercle des proches : ce sondage s’ouvre à tous le {opens}, et vous pouvez déjà voter.',
  'polls.betaEmpty': 'Personne n’est encore dans le groupe bêta : aucun sondage n’a été lancé.',
  'polls.opened.beta.one': 'Le sondage n°{id} est réservé au groupe bêta : envoyé en privé à {count} membre.',
  'polls.opened.beta.other': 'Le sondage n°{id} est réservé au groupe bêta : envoyé en privé à {count} membres.',
  'polls.opened.preview.one':
    'Le sondage n°{id} est présenté en avant-première à {count} membre du cercle des proches et s’ouvre à tous le {opens}.',
  'polls.opened.preview.other':
    'Le sondage n°{id} est présenté en avant-première à {count} membres du cercle des proches et s’ouvre à tous le {opens}.',
  'polls.vote.betaOnly': 'Le sondage n°{id} est réservé au groupe bêta. {command} vous y fait entrer.',
  'polls.vote.notOpenYet': 'Le sondage n°{id} s’ouvre à tous le {opens}.',
};

export const pollsMessages: FeatureMessages<PollsMessageKey> = { en, fr };
