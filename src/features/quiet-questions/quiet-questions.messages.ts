import type { FeatureMessages } from '../define.ts';

/**
 * English messages of the quiet-channel questions. `{name}` marks a variable; values are always inserted as inert
 * text.
 */
const en = {
  'quiet-questions.command.questions.stats': 'Moderators: which quiet-channel questions revive a channel',
  'quiet-questions.stats.title': 'Quiet-channel questions (asked, revived the channel):',
  'quiet-questions.command.questions.ask.beta':
    'Moderators: ask the beta group the next question from the bank (in the beta channel, or privately)',
  'quiet-questions.reason.beta': 'question for the beta group',
  'quiet-questions.beta.asked.channel': 'Asked the beta group in {channel}: "{question}"',
  'quiet-questions.beta.asked.one': 'Asked {count} beta member privately: "{question}"',
  'quiet-questions.beta.asked.other': 'Asked {count} beta members privately: "{question}"',
  'quiet-questions.beta.empty': 'Nobody is in the beta group yet: no question was asked.',
  'quiet-questions.beta.intro': 'A question for the beta group of {community}: {question}',
  'quiet-questions.stats.line': '{asked} asked, {revived} revived — {question}',
} as const;

export type QuietQuestionsMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<QuietQuestionsMessageKey, string> = {
  'quiet-questions.command.questions.stats':
    'Modérateurs : quelles questions des canaux calmes relancent la discussion',
  'quiet-questions.stats.title': 'Questions des canaux calmes (posées, ont relancé la discussion) :',
  'quiet-questions.command.questions.ask.beta':
    'Modérateurs : poser au groupe bêta la question suivante de la banque (dans le canal bêta, ou en privé)',
  'quiet-questions.reason.beta': 'question pour le groupe bêta',
  'quiet-questions.beta.asked.channel': 'Question posée au groupe bêta dans {channel} : « {question} »',
  'quiet-questions.beta.asked.one': 'Question posée en privé à {count} membre du groupe bêta : « {question} »',
  'quiet-questions.beta.asked.other': 'Question posée en privé à {count} membres du groupe bêta : « {question} »',
  'quiet-questions.beta.empty': 'Personne n’est encore dans le groupe bêta : aucune question n’a été posée.',
  'quiet-questions.beta.intro': 'Une question pour le groupe bêta de {community} : {question}',
  // "fois" does not change with the number: one form for every count.
  'quiet-questions.stats.line': 'posée {asked} fois, a relancé {revived} fois — {question}',
};

export const quietQuestionsMessages: FeatureMessages<QuietQuestionsMessageKey> = { en, fr };
