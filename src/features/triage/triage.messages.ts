import type { FeatureMessages } from '../define.ts';

/** English messages of the triage feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'triage.reportedBy': 'Reported by {reporter} ({record}) in {channel} at {at}{message}.',
  'triage.reportedMessage': ', message {message}',
  'triage.record.none': 'no earlier report judged yet',
  'triage.record.upheld': 'earlier reports upheld: {percent}',
  'triage.menu.label': 'Report message',
  'triage.menu.reason': 'What is wrong with this message?',
} as const;

export type TriageMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<TriageMessageKey, string> = {
  'triage.reportedBy': 'Signalé par {reporter} ({record}) dans {channel} le {at}{message}.',
  'triage.reportedMessage': ', message {message}',
  'triage.record.none': 'aucun signalement précédent encore jugé',
  'triage.record.upheld': 'signalements précédents retenus : {percent}',
  'triage.menu.label': 'Signaler le message',
  'triage.menu.reason': 'Qu’est-ce qui ne va pas dans ce message ?',
};

export const triageMessages: FeatureMessages<TriageMessageKey> = { en, fr };
