import type { FeatureMessages } from '../define.ts';

/** English messages of the welcome feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'welcome.single': 'Welcome to {community}, {member}! We are glad you are here.',
  'welcome.dm': 'Welcome to {community}, {member}! We are glad you are here.',
  'welcome.back': 'Welcome back to {community}, {name}.',
  'welcome.next': 'Your first steps are waiting: type {command} to see them.',
  'welcome.group.one': 'A warm welcome to our newest member: {members}! We are glad you are here.',
  'welcome.group.other': 'A warm welcome to our {count} newest members: {members}! We are glad you are all here.',
  'welcome.label': 'welcome',
  'welcome.reason.join': 'welcome on join',
  'welcome.reason.joinDmsClosed': 'welcome on join (DMs closed)',
  'welcome.reason.back': 'welcome back on rejoin',
  'welcome.reason.burst': 'grouped welcome during a join burst',
} as const;

export type WelcomeMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<WelcomeMessageKey, string> = {
  'welcome.single': 'Bienvenue dans {community}, {member} ! Nous sommes ravis de vous accueillir.',
  'welcome.dm': 'Bienvenue dans {community}, {member} ! Nous sommes ravis de vous accueillir.',
  'welcome.back': 'Bon retour dans {community}, {name}.',
  'welcome.next': 'Vos premiers pas vous attendent : tapez {command} pour les voir.',
  'welcome.group.one': 'Bienvenue à notre nouveau membre : {members} ! Nous sommes ravis de vous accueillir.',
  'welcome.group.other': 'Bienvenue à nos {count} nouveaux membres : {members} ! Nous sommes ravis de vous accueillir.',
  'welcome.label': 'accueil',
  'welcome.reason.join': 'accueil à l’arrivée',
  'welcome.reason.joinDmsClosed': 'accueil à l’arrivée (messages privés fermés)',
  'welcome.reason.back': 'bon retour après une nouvelle arrivée',
  'welcome.reason.burst': 'accueil groupé pendant une vague d’arrivées',
};

export const welcomeMessages: FeatureMessages<WelcomeMessageKey> = { en, fr };
