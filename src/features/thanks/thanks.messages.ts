import type { FeatureMessages } from '../define.ts';

/** English messages of the thanks feature. Variables are always inserted as inert text. */
const en = {
  'thanks.label': 'thanks',
  'thanks.command.thanks': 'Thank a member for their help (counts toward their level)',
  'thanks.command.stats': 'Moderators: thanks given and received in a period, with the most thanked members',
  'thanks.arg.member': 'the member to thank (a mention, an id or a name)',
  'thanks.arg.for': 'what for (optional; shown once, never stored)',
  'thanks.arg.period': 'the period, such as 7d, 30d or 12w (default 30d)',
  'thanks.given': '{giver} thanks {member}!',
  'thanks.givenFor': '{giver} thanks {member} for: {reason}',
  'thanks.refused.self':
    'Thanking yourself does not count, but thank you for being here! Thank someone who helped you with {command}.',
  'thanks.refused.bot': '{member} is a bot: thanks are for members. Thank the person who helped you instead.',
  'thanks.refused.notAReference': '"{member}" is not a member reference here: mention the member you want to thank.',
  'thanks.refused.notAMember': 'Foyer knows no member {member} here: nobody by that name has joined or posted.',
  'thanks.refused.cooldown':
    'You already thanked {member} on {last}: a new thanks to them counts from {next}. Your thanks still shows; thank someone else meanwhile!',
  'thanks.refused.reaction.self':
    'Your {emoji} on your own message did not count as a thanks: thanks are for others. (Foyer tells you this once.)',
  'thanks.refused.reaction.cooldown':
    'Your {emoji} for {member} did not count as a thanks: you thanked them on {last}, and a new thanks counts from {next}. (Foyer tells you this once.)',
  'thanks.refused.reaction.tooOld':
    'Your {emoji} did not count as a thanks: the message is too old for a reaction to count. Thank its author with {command}. (Foyer tells you this once.)',
  'thanks.reason.refusal': 'a reaction that did not count as a thanks',
  'thanks.stats.badPeriod': '{period} is not a period here: type a number of days or weeks, such as {example}.',
  'thanks.stats.title': 'Thanks from {from} to {to}:',
  'thanks.stats.totals': '{thanks}, given by {givers} to {receivers}',
  'thanks.stats.top': 'Most thanked:',
  'thanks.stats.entry': '{member}: {thanks} from {givers}',
  'thanks.stats.none': 'No thanks in this period yet.',
  'thanks.count.thanks.one': '{count} thanks',
  'thanks.count.thanks.other': '{count} thanks',
  'thanks.count.members.one': '{count} member',
  'thanks.count.members.other': '{count} members',
  'thanks.data.given': 'Thanks you gave: {count} (who you thanked and when)',
  'thanks.data.received': 'Thanks you received: {count} from {givers} (who and when)',
} as const;

export type ThanksMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<ThanksMessageKey, string> = {
  'thanks.label': 'remerciements',
  'thanks.command.thanks': 'Remercier un membre pour son aide (compte pour son niveau)',
  'thanks.command.stats':
    'Modération : remerciements donnés et reçus sur une période, avec les membres les plus remerciés',
  'thanks.arg.member': 'le membre à remercier (une mention, un identifiant ou un nom)',
  'thanks.arg.for': 'pour quoi (facultatif ; affiché une fois, jamais conservé)',
  'thanks.arg.period': 'la période, par exemple 7d, 30d ou 12w (30d par défaut)',
  'thanks.given': '{giver} remercie {member} !',
  'thanks.givenFor': '{giver} remercie {member} pour : {reason}',
  'thanks.refused.self':
    'Se remercier soi-même ne compte pas, mais merci d’être là ! Remerciez quelqu’un qui vous a aidé avec {command}.',
  'thanks.refused.bot':
    '{member} est un bot : les remerciements sont pour les membres. Remerciez plutôt la personne qui vous a aidé.',
  'thanks.refused.notAReference': '« {member} » ne désigne pas un membre ici : mentionnez le membre à remercier.',
  'thanks.refused.notAMember': 'Foyer ne connaît aucun membre {member} ici : personne de ce nom n’a rejoint ni écrit.',
  'thanks.refused.cooldown':
    'Vous avez déjà remercié {member} le {last} : un nouveau remerciement comptera à partir du {next}. En attendant, remerciez quelqu’un d’autre !',
  'thanks.refused.reaction.self':
    'Votre {emoji} sur votre propre message ne compte pas comme remerciement : les remerciements sont pour les autres. (Foyer ne vous le dit qu’une fois.)',
  'thanks.refused.reaction.cooldown':
    'Votre {emoji} pour {member} ne compte pas comme remerciement : vous l’avez remercié le {last}, et un nouveau remerciement comptera à partir du {next}. (Foyer ne vous le dit qu’une fois.)',
  'thanks.refused.reaction.tooOld':
    'Votre {emoji} ne compte pas comme remerciement : le message est trop ancien pour qu’une réaction compte. Remerciez son auteur avec {command}. (Foyer ne vous le dit qu’une fois.)',
  'thanks.reason.refusal': 'une réaction qui n’a pas compté comme remerciement',
  'thanks.stats.badPeriod':
    '{period} n’est pas une période ici : tapez un nombre de jours ou de semaines, par exemple {example}.',
  'thanks.stats.title': 'Remerciements du {from} au {to} :',
  'thanks.stats.totals': '{thanks}, donnés par {givers} à {receivers}',
  'thanks.stats.top': 'Les plus remerciés :',
  'thanks.stats.entry': '{member} : {thanks} de {givers}',
  'thanks.stats.none': 'Aucun remerciement sur cette période pour l’instant.',
  'thanks.count.thanks.one': '{count} remerciement',
  'thanks.count.thanks.other': '{count} remerciements',
  'thanks.count.members.one': '{count} membre',
  'thanks.count.members.other': '{count} membres',
  'thanks.data.given': 'Remerciements que vous avez donnés : {count} (à qui et quand)',
  'thanks.data.received': 'Remerciements que vous avez reçus : {count} de {givers} (de qui et quand)',
};

export const thanksMessages: FeatureMessages<ThanksMessageKey> = { en, fr };
