import type { FeatureMessages } from '../define.ts';

/** English messages of the photo-nudge feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'nudge.photo':
    'Hi {member}! Members with a profile photo are easier to recognise and get more replies. Adding one takes a minute, and we would love to see you.',
  'nudge.reminder': 'A gentle reminder, {member}: a profile photo helps people in {community} recognise you.',
} as const;

export type PhotoNudgeMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PhotoNudgeMessageKey, string> = {
  'nudge.photo':
    'Bonjour {member} ! Les membres avec une photo de profil sont plus faciles à reconnaître et reçoivent plus de réponses. En ajouter une prend une minute, et nous serions ravis de vous voir.',
  'nudge.reminder': 'Petit rappel, {member} : une photo de profil aide les membres de {community} à vous reconnaître.',
};

export const photoNudgeMessages: FeatureMessages<PhotoNudgeMessageKey> = { en, fr };
