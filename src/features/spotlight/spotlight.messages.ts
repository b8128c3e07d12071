import type { FeatureMessages } from '../define.ts';

/** English messages of the spotlight feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'spotlight.label': 'spotlight',
  'spotlight.command.optout': 'Never be suggested for a member spotlight',
  'spotlight.command.optin': 'Allow moderators to suggest you for a member spotlight again',
  'spotlight.command.candidates': 'Moderators: members who could be featured in a spotlight, with why',
  'spotlight.command.pick': 'Moderators: ask a member privately whether they want to be featured',
  'spotlight.command.yes': 'Say yes to being featured in the spotlight you were asked about',
  'spotlight.command.no': 'Say no to the spotlight you were asked about: nothing is posted',
  'spotlight.command.story': 'Give the words you would like posted in your spotlight',
  'spotlight.arg.member': 'the member',
  'spotlight.arg.text': 'your own words',
  'spotlight.reason.ask': 'spotlight: asked whether they want to be featured',
  'spotlight.optedOut': 'Done: moderators will never be offered you for a spotlight. {command} undoes it.',
  'spotlight.optedOutDeclined':
    'Done: moderators will never be offered you for a spotlight, and the one you were asked about is cancelled: nothing is posted. {command} undoes it.',
  'spotlight.optedIn': 'Done: moderators may suggest you for a spotlight again.',
  'spotlight.suggestion.title': 'Members who could be featured in a spotlight this week:',
  'spotlight.suggestion.none': 'No member to suggest for a spotlight this week.',
  'spotlight.suggestion.how':
    'To ask one of them privately, type the command beside their name. Nothing is posted without their yes.',
  'spotlight.candidate': '{member} ({command}): {reasons}',
  'spotlight.reason.level': 'level {level}',
  'spotlight.reason.givers.one': 'thanked by {count} member',
  'spotlight.reason.givers.other': 'thanked by {count} distinct members',
  'spotlight.reason.days.one': 'active on {count} day',
  'spotlight.reason.days.other': 'active on {count} days',
  'spotlight.pick.unknown': 'Foyer knows no member {member} here.',
  'spotlight.pick.optedOut': '{member} asked never to be featured in a spotlight.',
  'spotlight.pick.asking': '{member} was already asked, and has until {until} to answer.',
  'spotlight.pick.asked':
    '{member} is asked privately. Nothing is posted unless they say yes and give their words by {until}; you will be told here.',
  'spotlight.pick.capped':
    '{member} already got their share of direct messages: try again after {when}. Nothing was sent.',
  'spotlight.pick.unreachable': '{member} could not be asked ({why}): nothing was sent and nothing will be posted.',
  'spotlight.why.skipped': 'they turned off direct messages from Foyer',
  'spotlight.why.failed': 'their direct messages are closed',
  'spotlight.ask':
    'Hello {member}! The moderators of {community} would love to feature you in a member spotlight, in {channel}. It is entirely up to you: nothing is posted unless you say yes.',
  'spotlight.ask.how':
    'To say yes, type {yes}, then tell the community about yourself in your own words with {story} (followed by your text). To say no, type {no}. Without an answer by {until}, nothing is posted.',
  'spotlight.ask.optout': 'Rather never be asked again? {command}',
  'spotlight.nothingAsked': 'You have no spotlight waiting for your answer.',
  'spotlight.yes.needStory': 'Thank you! Now give the words you would like posted: {command} followed by your text.',
  'spotlight.story.needYes':
    'Your words are saved, but nothing is posted until you say yes with {command} (by {until}).',
  'spotlight.story.tooLong': 'Your text is too long: {max} characters at most (it has {length}).',
  'spotlight.posted.you': 'Your spotlight is posted in {channel}. Thank you for sharing!',
  'spotlight.no.you': 'Understood: nothing is posted. Thank you for answering.',
  'spotlight.post.intro': 'Member spotlight: meet {member}! In their own words:',
  'spotlight.mods.posted': 'The spotlight of {member} is posted in {channel}, with their yes and their words.',
  'spotlight.mods.declined': '{member} declined the spotlight: nothing is posted.',
  'spotlight.mods.expired': '{member} did not answer about the spotlight in time: nothing is posted.',
  'spotlight.mods.failed': 'The spotlight of {member} could not be posted in {channel} ({failure}).',
  'spotlight.data.optedOut': 'You asked never to be suggested for a spotlight ({at}).',
  'spotlight.data.entry': 'Spotlight asked on {at}: {status}.',
  'spotlight.data.story': 'Your words for it: {story}',
  'spotlight.status.asking': 'waiting for your answer',
  'spotlight.status.posted': 'posted',
  'spotlight.status.declined': 'you said no',
  'spotlight.status.expired': 'no answer in time',
  'spotlight.status.unreachable': 'could not be asked',
} as const;

export type SpotlightMessageKey = keyof typeof en;

const fr: Record<SpotlightMessageKey, string> = {
  'spotlight.label': 'portrait de membre',
  'spotlight.command.optout': 'Ne jamais être proposé·e pour un portrait de membre',
  'spotlight.command.optin': 'Permettre à nouveau aux modérateurs de vous proposer pour un portrait',
  'spotlight.command.candidates': 'Modérateurs : les membres qui pourraient faire l’objet d’un portrait, et pourquoi',
  'spotlight.command.pick': 'Modérateurs : demander en privé à un membre s’il souhaite un portrait',
  'spotlight.command.yes': 'Dire oui au portrait qu’on vous a proposé',
  'spotlight.command.no': 'Dire non au portrait qu’on vous a proposé : rien n’est publié',
  'spotlight.command.story': 'Donner les mots que vous souhaitez voir publiés dans votre portrait',
  'spotlight.arg.member': 'le membre',
  'spotlight.arg.text': 'vos propres mots',
  'spotlight.reason.ask': 'portrait : demande d’accord pour être mis·e en avant',
  'spotlight.optedOut':
    'C’est fait : les modérateurs ne se verront jamais proposer votre nom pour un portrait. {command} annule ce choix.',
  'spotlight.optedOutDeclined':
    'C’est fait : les modérateurs ne se verront jamais proposer votre nom pour un portrait, et celui qu’on vous a proposé est annulé : rien n’est publié. {command} annule ce choix.',
  'spotlight.optedIn': 'C’est fait : les modérateurs peuvent de nouveau vous proposer pour un portrait.',
  'spotlight.suggestion.title': 'Membres qui pourraient faire l’objet d’un portrait cette semaine :',
  'spotlight.suggestion.none': 'Aucun membre à proposer pour un portrait cette semaine.',
  'spotlight.suggestion.how':
    'Pour demander en privé à l’un d’eux, tapez la commande à côté de son nom. Rien n’est publié sans son accord.',
  'spotlight.candidate': '{member} ({command}) : {reasons}',
  'spotlight.reason.level': 'niveau {level}',
  'spotlight.reason.givers.one': 'remercié·e par {count} membre',
  'spotlight.reason.givers.other': 'remercié·e par {count} membres différents',
  'spotlight.reason.days.one': 'actif·ve {count} jour',
  'spotlight.reason.days.other': 'actif·ve {count} jours',
  'spotlight.pick.unknown': 'Foyer ne connaît aucun membre {member} ici.',
  'spotlight.pick.optedOut': '{member} a demandé à ne jamais faire l’objet d’un portrait.',
  'spotlight.pick.asking': '{member} a déjà été sollicité·e et a jusqu’au {until} pour répondre.',
  'spotlight.pick.asked':
    '{member} est sollicité·e en privé. Rien n’est publié sans son accord et ses mots avant le {until} ; vous en serez informés ici.',
  'spotlight.pick.capped':
    '{member} a déjà reçu sa part de messages privés : réessayez après le {when}. Rien n’a été envoyé.',
  'spotlight.pick.unreachable':
    '{member} n’a pas pu être sollicité·e ({why}) : rien n’a été envoyé et rien ne sera publié.',
  'spotlight.why.skipped': 'ce membre a désactivé les messages privés de Foyer',
  'spotlight.why.failed': 'ses messages privés sont fermés',
  'spotlight.ask':
    'Bonjour {member} ! Les modérateurs de {community} aimeraient vous mettre en avant dans un portrait de membre, dans {channel}. C’est entièrement votre choix : rien n’est publié sans votre accord.',
  'spotlight.ask.how':
    'Pour dire oui, tapez {yes}, puis présentez-vous à la communauté avec vos propres mots grâce à {story} (suivi de votre texte). Pour dire non, tapez {no}. Sans réponse avant le {until}, rien n’est publié.',
  'spotlight.ask.optout': 'Vous préférez ne plus jamais être sollicité·e ? {command}',
  'spotlight.nothingAsked': 'Aucun portrait n’attend votre réponse.',
  'spotlight.yes.needStory': 'Merci ! Donnez maintenant les mots à publier : {command} suivi de votre texte.',
  'spotlight.story.needYes':
    'Vos mots sont enregistrés, mais rien n’est publié tant que vous n’avez pas dit oui avec {command} (avant le {until}).',
  'spotlight.story.tooLong': 'Votre texte est trop long : {max} caractères au plus (il en a {length}).',
  'spotlight.posted.you': 'Votre portrait est publié dans {channel}. Merci de vous être livré·e !',
  'spotlight.no.you': 'Entendu : rien n’est publié. Merci d’avoir répondu.',
  'spotlight.post.intro': 'Portrait de membre : voici {member} ! Avec ses propres mots :',
  'spotlight.mods.posted': 'Le portrait de {member} est publié dans {channel}, avec son accord et ses mots.',
  'spotlight.mods.declined': '{member} a refusé le portrait : rien n’est publié.',
  'spotlight.mods.expired': '{member} n’a pas répondu à temps pour le portrait : rien n’est publié.',
  'spotlight.mods.failed': 'Le portrait de {member} n’a pas pu être publié dans {channel} ({failure}).',
  'spotlight.data.optedOut': 'Vous avez demandé à ne jamais être proposé·e pour un portrait ({at}).',
  'spotlight.data.entry': 'Portrait proposé le {at} : {status}.',
  'spotlight.data.story': 'Vos mots pour ce portrait : {story}',
  'spotlight.status.asking': 'en attente de votre réponse',
  'spotlight.status.posted': 'publié',
  'spotlight.status.declined': 'vous avez dit non',
  'spotlight.status.expired': 'pas de réponse à temps',
  'spotlight.status.unreachable': 'sollicitation impossible',
};

export const spotlightMessages: FeatureMessages<SpotlightMessageKey> = { en, fr };
