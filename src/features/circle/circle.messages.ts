import type { FeatureMessages } from '../define.ts';

/** English messages of the circle feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'circle.label': 'inner circle',
  'circle.command.add': 'Moderators: add a member to the inner circle',
  'circle.command.remove': 'Moderators: remove a member from the inner circle',
  'circle.command.list': 'Moderators: the members of the inner circle',
  'circle.command.candidates':
    'Moderators: members whose sustained contribution could bring them into the inner circle',
  'circle.arg.member': 'the member',
  'circle.reason.added': 'inner circle: welcome',
  'circle.unknown': 'Foyer knows no member {member} here.',
  'circle.added': '{member} is now in the inner circle and gets its early previews.',
  'circle.alreadyIn': '{member} is already in the inner circle.',
  'circle.removed': '{member} is no longer in the inner circle.',
  'circle.notIn': '{member} is not in the inner circle.',
  'circle.welcome':
    'Hello {member}! The moderators of {community} have welcomed you into the inner circle, the members who keep the community alive. You will get early previews: the coming week’s posts and polls before they open to everyone. Thank you for all you do!',
  'circle.list.title.one': '{count} member in the inner circle:',
  'circle.list.title.other': '{count} members in the inner circle:',
  'circle.list.item': '{member}, since {at}',
  'circle.list.empty': 'The inner circle is empty. {command} lists members who could join it.',
  'circle.candidates.title': 'Members whose sustained contribution could bring them into the inner circle:',
  'circle.candidates.none': 'No member meets the inner circle’s bar of sustained contribution yet.',
  'circle.candidates.item': '{member} ({command}): {reasons}',
  'circle.why.level': 'level {level} since {since}',
  'circle.why.thanks.one': 'thanked by {count} member',
  'circle.why.thanks.other': 'thanked by {count} distinct members',
  'circle.data.member': 'You are in the inner circle (since {at}).',
} as const;

export type CircleMessageKey = keyof typeof en;

const fr: Record<CircleMessageKey, string> = {
  'circle.label': 'cercle des proches',
  'circle.command.add': 'Modérateurs : ajouter un membre au cercle des proches',
  'circle.command.remove': 'Modérateurs : retirer un membre du cercle des proches',
  'circle.command.list': 'Modérateurs : les membres du cercle des proches',
  'circle.command.candidates':
    'Modérateurs : les membres dont la contribution durable pourrait les faire entrer dans le cercle des proches',
  'circle.arg.member': 'le membre',
  'circle.reason.added': 'cercle des proches : bienvenue',
  'circle.unknown': 'Foyer ne connaît aucun membre {member} ici.',
  'circle.added': '{member} fait maintenant partie du cercle des proches et reçoit ses avant-premières.',
  'circle.alreadyIn': '{member} fait déjà partie du cercle des proches.',
  'circle.removed': '{member} ne fait plus partie du cercle des proches.',
  'circle.notIn': '{member} ne fait pas partie du cercle des proches.',
  'circle.welcome':
    'Bonjour {member} ! Les modérateurs de {community} vous ont accueilli·e dans le cercle des proches, les membres qui font vivre la communauté. Vous recevrez des avant-premières : les publications de la semaine à venir et les sondages avant leur ouverture à tous. Merci pour tout ce que vous faites !',
  'circle.list.title.one': '{count} membre dans le cercle des proches :',
  'circle.list.title.other': '{count} membres dans le cercle des proches :',
  'circle.list.item': '{member}, depuis le {at}',
  'circle.list.empty': 'Le cercle des proches est vide. {command} liste les membres qui pourraient le rejoindre.',
  'circle.candidates.title':
    'Membres dont la contribution durable pourrait les faire entrer dans le cercle des proches :',
  'circle.candidates.none': 'Aucun membre n’atteint encore le seuil de contribution durable du cercle des proches.',
  'circle.candidates.item': '{member} ({command}) : {reasons}',
  'circle.why.level': 'niveau {level} depuis le {since}',
  'circle.why.thanks.one': 'remercié·e par {count} membre',
  'circle.why.thanks.other': 'remercié·e par {count} membres différents',
  'circle.data.member': 'Vous faites partie du cercle des proches (depuis le {at}).',
};

export const circleMessages: FeatureMessages<CircleMessageKey> = { en, fr };
