import type { FeatureMessages } from '../define.ts';

/** English messages of the levels feature. Variables are always inserted as inert text. */
const en = {
  'levels.label': 'levels',
  'levels.name.exploring': 'Exploring',
  'levels.name.participating': 'Participating',
  'levels.name.contributing': 'Contributing',
  'levels.name.leading': 'Leading',
  'levels.command.level': 'Where you stand: your level and what the next one needs',
  'levels.command.levels': 'Moderators: how many members are at each level, or where one member stands',
  'levels.arg.member': 'the member (a mention, an id or a name)',
  'levels.you': 'You are {level} (since {since}).',
  'levels.youStart': 'You are {level}: every member starts here.',
  'levels.member': '{member} is {level} (since {since}).',
  'levels.memberStart': '{member} is {level}: where every member starts.',
  'levels.figures': 'In the last {window}: {days} with activity, thanked by {givers}.',
  'levels.next': 'Next, {level} needs {days} with activity and thanks from {givers} in {window}.',
  'levels.missing': 'Still to go: {days} and {givers}.',
  'levels.top': 'This is the highest level. Thank you for all you do!',
  'levels.below':
    'Below this level’s thresholds since {since}: the monthly review after {until} moves down one level unless the figures come back.',
  'levels.staff': 'Staff are not given levels: levels are for the community’s members.',
  'levels.memberStaff': '{member} is staff: staff are not given levels.',
  'levels.notAReference': '"{member}" is not a member reference here.',
  'levels.promoted':
    'Congratulations {member}: you are now {level} in {community}! Thanks to everyone you helped. See where you stand with {command}.',
  'levels.reason.promoted': 'level reached',
  'levels.stats.title': 'Members at each level:',
  'levels.stats.entry': '{level}: {members}',
  'levels.count.days.one': '{count} day',
  'levels.count.days.other': '{count} days',
  'levels.count.members.one': '{count} member',
  'levels.count.members.other': '{count} members',
  'levels.data.line': 'Your level: {level}, since {since}',
} as const;

export type LevelsMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<LevelsMessageKey, string> = {
  'levels.label': 'niveaux',
  'levels.name.exploring': 'Découverte',
  'levels.name.participating': 'Participation',
  'levels.name.contributing': 'Contribution',
  'levels.name.leading': 'Animation',
  'levels.command.level': 'Où vous en êtes : votre niveau et ce que demande le suivant',
  'levels.command.levels': 'Modération : combien de membres à chaque niveau, ou où en est un membre',
  'levels.arg.member': 'le membre (une mention, un identifiant ou un nom)',
  'levels.you': 'Votre niveau : {level} (depuis le {since}).',
  'levels.youStart': 'Votre niveau : {level}, celui où chaque membre commence.',
  'levels.member': 'Niveau de {member} : {level} (depuis le {since}).',
  'levels.memberStart': 'Niveau de {member} : {level}, celui où chaque membre commence.',
  'levels.figures': 'Sur les derniers {window} : {days} avec de l’activité, remercié par {givers}.',
  'levels.next': 'Ensuite, {level} demande {days} avec de l’activité et des remerciements de {givers} sur {window}.',
  'levels.missing': 'Il reste : {days} et {givers}.',
  'levels.top': 'C’est le plus haut niveau. Merci pour tout ce que vous faites !',
  'levels.below':
    'Sous les seuils de ce niveau depuis le {since} : la revue mensuelle après le {until} descend d’un niveau si les chiffres ne remontent pas.',
  'levels.staff': 'L’équipe n’a pas de niveau : les niveaux sont pour les membres de la communauté.',
  'levels.memberStaff': '{member} fait partie de l’équipe : l’équipe n’a pas de niveau.',
  'levels.notAReference': '« {member} » ne désigne pas un membre ici.',
  'levels.promoted':
    'Félicitations {member} : vous êtes maintenant au niveau {level} dans {community} ! Merci à tous ceux que vous avez aidés. Voyez où vous en êtes avec {command}.',
  'levels.reason.promoted': 'niveau atteint',
  'levels.stats.title': 'Membres à chaque niveau :',
  'levels.stats.entry': '{level} : {members}',
  'levels.count.days.one': '{count} jour',
  'levels.count.days.other': '{count} jours',
  'levels.count.members.one': '{count} membre',
  'levels.count.members.other': '{count} membres',
  'levels.data.line': 'Votre niveau : {level}, depuis le {since}',
};

export const levelsMessages: FeatureMessages<LevelsMessageKey> = { en, fr };
