import type { FeatureMessages } from '../define.ts';

/** English messages of the onboarding feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'onboarding.title': 'Your first steps in {community} ({done} of {total} done):',
  'onboarding.step.code-of-conduct': 'Read and accept the code of conduct: {command}',
  'onboarding.step.introduce': 'Introduce yourself in {channel}',
  'onboarding.step.photo': 'Add a profile photo, so people recognise you',
  'onboarding.step.interests': 'Pick your interests: {command}',
  'onboarding.done': 'done',
  'onboarding.todo': 'to do',
  'onboarding.activated': 'First message: {date}',
  'onboarding.complete':
    'Well done {member}, you have completed every first step in {community}! You are one of us now.',
  'onboarding.disabled': 'Onboarding is not enabled in this community.',
  'rules.accepted': 'Thank you for accepting the code of conduct.',
  'rules.alreadyAccepted': 'You already accepted the code of conduct.',
  'rules.read': 'Please read the code of conduct: {link}',
  'interests.options': 'Pick one or more interests with {command}. Available: {options}',
  'interests.saved': 'Saved your interests: {interests}.',
  'interests.unknown': 'Unknown interest: {unknown}. Available: {options}',
  'language.set': 'Language: English.',
} as const;

export type OnboardingMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<OnboardingMessageKey, string> = {
  'onboarding.title': 'Vos premiers pas dans {community} ({done} sur {total} faits) :',
  'onboarding.step.code-of-conduct': 'Lire et accepter le code de conduite : {command}',
  'onboarding.step.introduce': 'Vous présenter dans {channel}',
  'onboarding.step.photo': 'Ajouter une photo de profil, pour que l’on vous reconnaisse',
  'onboarding.step.interests': 'Choisir vos centres d’intérêt : {command}',
  'onboarding.done': 'fait',
  'onboarding.todo': 'à faire',
  'onboarding.activated': 'Premier message : {date}',
  'onboarding.complete':
    'Bravo {member}, vous avez terminé tous vos premiers pas dans {community} ! Vous faites partie de la communauté.',
  'onboarding.disabled': 'L’accueil guidé n’est pas activé dans cette communauté.',
  'rules.accepted': 'Merci d’avoir accepté le code de conduite.',
  'rules.alreadyAccepted': 'Vous avez déjà accepté le code de conduite.',
  'rules.read': 'Merci de lire le code de conduite : {link}',
  'interests.options': 'Choisissez un ou plusieurs centres d’intérêt avec {command}. Disponibles : {options}',
  'interests.saved': 'Centres d’intérêt enregistrés : {interests}.',
  'interests.unknown': 'Centre d’intérêt inconnu : {unknown}. Disponibles : {options}',
  'language.set': 'Langue : français.',
};

export const onboardingMessages: FeatureMessages<OnboardingMessageKey> = { en, fr };
