import type { FeatureMessages } from '../define.ts';

/** English messages of the photo-nudge feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'nudge.photo':
    'Hi {member}! Members with a profile photo are easier to recognise and get more replies. Adding one takes a minute, and we would love to see you.',
  'nudge.reminder': 'A gentle reminder, {member}: a profile photo helps people in {community} recognise you.',
  'photo-nudge.command.photo.stats': 'Moderators: how members with a profile photo post, compared with members without',
  'photo-nudge.stats.title': 'Profile photos and posting:',
  'photo-nudge.stats.withPhoto': 'with a photo: {members}, {messages} ({rate} per member)',
  'photo-nudge.stats.withoutPhoto': 'without a photo: {members}, {messages} ({rate} per member)',
  'photo-nudge.stats.members.one': '{count} member',
  'photo-nudge.stats.members.other': '{count} members',
  'photo-nudge.stats.messages.one': '{count} message',
  'photo-nudge.stats.messages.other': '{count} messages',
  'photo-nudge.stats.ratio': 'members with a photo post {ratio}× as much',
  'photo-nudge.stats.ratio.nobodyPosted': 'nobody has posted yet',
  'photo-nudge.stats.ratio.onlyWithPhoto': 'only members with a photo posted',
  'photo-nudge.stats.nudged': 'nudged: {nudged}; set a photo after the nudge: {photoAfterNudge}',
  'photo-nudge.label': 'photo-nudge',
  'nudge.reason.first': 'profile photo nudge',
  'nudge.reason.reminder1': 'profile photo reminder 1',
  'nudge.reason.reminder2': 'profile photo reminder 2',
  'nudge.reason.reminder3': 'profile photo reminder 3',
} as const;

export type PhotoNudgeMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PhotoNudgeMessageKey, string> = {
  'nudge.photo':
    'Bonjour {member} ! Les membres avec une photo de profil sont plus faciles à reconnaître et reçoivent plus de réponses. En ajouter une prend une minute, et nous serions ravis de vous voir.',
  'nudge.reminder': 'Petit rappel, {member} : une photo de profil aide les membres de {community} à vous reconnaître.',
  'photo-nudge.command.photo.stats':
    'Modération : comment écrivent les membres avec une photo de profil, comparés à ceux sans',
  'photo-nudge.stats.title': 'Photos de profil et messages :',
  'photo-nudge.stats.withPhoto': 'avec une photo : {members}, {messages} ({rate} par membre)',
  'photo-nudge.stats.withoutPhoto': 'sans photo : {members}, {messages} ({rate} par membre)',
  'photo-nudge.stats.members.one': '{count} membre',
  'photo-nudge.stats.members.other': '{count} membres',
  'photo-nudge.stats.messages.one': '{count} message',
  'photo-nudge.stats.messages.other': '{count} messages',
  'photo-nudge.stats.ratio': 'les membres avec une photo écrivent {ratio} fois autant',
  'photo-nudge.stats.ratio.nobodyPosted': 'personne n’a encore écrit',
  'photo-nudge.stats.ratio.onlyWithPhoto': 'seuls les membres avec une photo ont écrit',
  'photo-nudge.stats.nudged': 'relancés : {nudged} ; ont mis une photo après la relance : {photoAfterNudge}',
  'photo-nudge.label': 'photo de profil',
  'nudge.reason.first': 'invitation à ajouter une photo de profil',
  'nudge.reason.reminder1': 'rappel de photo de profil 1',
  'nudge.reason.reminder2': 'rappel de photo de profil 2',
  'nudge.reason.reminder3': 'rappel de photo de profil 3',
};

export const photoNudgeMessages: FeatureMessages<PhotoNudgeMessageKey> = { en, fr };
