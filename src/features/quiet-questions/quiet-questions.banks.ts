import type { Locale } from '../../core/i18n/translator.ts';

/**
 * The questions asked when the community's file gives none in its language: open ones,
 * easy to answer in a line, about the members rather than the community. Each language
 * has its own bank, written for its speakers rather than translated.
 */
export const DEFAULT_QUESTIONS: Record<Locale, readonly string[]> = {
  en: [
    'What are you working on this week?',
    'What is one tool you could not do without?',
    'What did you learn recently that surprised you?',
    'What is a small win you had lately?',
    'Which book, talk or article would you recommend to everyone here?',
    'What is something you would like to get better at this year?',
    'What made you smile today?',
    'If you could spend one day learning anything, what would it be?',
  ],
  fr: [
    'Sur quoi travaillez-vous cette semaine ?',
    'Quel outil ne pourriez-vous plus quitter ?',
    'Qu’avez-vous appris récemment qui vous a surpris ?',
    'Quelle petite victoire avez-vous remportée ces derniers temps ?',
    'Quel livre, podcast ou article conseilleriez-vous à tout le monde ici ?',
    'Qu’aimeriez-vous apprendre à faire cette année ?',
    'Qu’est-ce qui vous a fait plaisir aujourd’hui ?',
    'Quelle est la meilleure idée que vous ayez eue ce mois-ci ?',
  ],
};
