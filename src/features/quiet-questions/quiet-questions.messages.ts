import type { FeatureMessages } from '../define.ts';

/**
 * English messages of the quiet-channel questions. `{name}` marks a variable; values are always inserted as inert
 * text.
 */
const en = {
  'quiet-questions.command.questions.stats': 'Moderators: which quiet-channel questions revive a channel',
  'quiet-questions.stats.title': 'Quiet-channel questions (asked, revived the channel):',
  'quiet-questions.stats.line': '{asked} asked, {revived} revived — {question}',
} as const;

export type QuietQuestionsMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<QuietQuestionsMessageKey, string> = {
  'quiet-questions.command.questions.stats':
    'Modérateurs : quelles questions des canaux calmes relancent la discussion',
  'quiet-questions.stats.title': 'Questions des canaux calmes (posées, ont relancé la discussion) :',
  // "fois" does not change with the number: one form for every count.
  'quiet-questions.stats.line': 'posée {asked} fois, a relancé {revived} fois — {question}',
};

export const quietQuestionsMessages: FeatureMessages<QuietQuestionsMessageKey> = { en, fr };
