import type { FeatureMessages } from '../define.ts';

/** English messages of the calendar feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'calendar.command.add':
    'Moderators: add a draft post — WHEN CHANNEL TEXT (WHEN: 2026-12-01T09:00 or "0 9 * * 1", optionally @Timezone)',
  'calendar.arg.when': '2026-12-01T09:00 or "0 9 * * 1", optionally @Europe/Paris',
  'calendar.arg.channel': 'a channel name, or beta for the beta group',
  // The limit is CALENDAR_TEXT_MAX; descriptions take no variables.
  'calendar.arg.text': 'what to post (at most 1000 characters)',
  'calendar.command.approve': 'Approvers: approve a draft so it is published on time',
  'calendar.arg.id': 'the entry id',
  'calendar.command.cancel': 'Moderators: cancel an entry (nothing more is published from it)',
  'calendar.command.list': 'Moderators: every draft and approved entry',
  'calendar.command.week': 'What goes out in the next 7 days',
  'calendar.textTooLong':
    'A calendar post can have at most {max} characters; this text has {length}. Shorten it and try again.',
  'calendar.impossibleDate': '{when} is not a real date and time: {problem}.',
  'calendar.past': '{when} ({timezone}) is in the past.',
  'calendar.unknownTimezone': 'Unknown timezone "{timezone}" (use a name such as Europe/Paris).',
  'calendar.unreadableWhen':
    '"{when}" is neither a date and time (2026-12-01T09:00) nor a cron expression (0 9 * * 1).',
  'calendar.unknownChannel': 'Unknown channel "{channel}": use a channel name from the configuration.',
  'calendar.added': 'Draft {id} added. It goes out once approved: {command}.',
  'calendar.noEntry': 'No calendar entry "{id}".',
  'calendar.noLiveEntry': 'No live calendar entry "{id}".',
  'calendar.notDraft': '"{id}" is {status}, not a draft.',
  'calendar.approved': 'Approved: {entry}',
  'calendar.cancelled': 'Cancelled "{id}".',
  'calendar.empty': 'The calendar is empty.',
  'calendar.listTitle': 'Calendar:',
  'calendar.weekEmpty': 'Nothing goes out in the next 7 days.',
  'calendar.reason.beta': 'calendar post for the beta group',
  'calendar.reason.preview': 'inner circle: the coming week’s posts',
  'calendar.betaGroup': 'the beta group',
  'calendar.preview.title': 'Inner circle preview: what goes out in the next 7 days.',
  'calendar.preview.item': '{at} in {channel}: {preview}',
  'calendar.weekTitle': 'Next 7 days:',
  'calendar.weekItem': '{at} — {id} [{status}] in {channel}',
  'calendar.entry.once': '{id} [{status}] on {next} in {channel} by {author}: {preview}',
  'calendar.entry.recurring':
    '{id} [{status}] cron "{cron}" ({timezone}), next on {next}, in {channel} by {author}: {preview}',
  'calendar.entry.unscheduled': '{id} [{status}] in {channel} by {author}: {preview}',
  'calendar.entry.file': 'file {file}',
  'calendar.status.draft': 'draft',
  'calendar.status.approved': 'approved',
  'calendar.status.published': 'published',
  'calendar.status.cancelled': 'cancelled',
  'calendar.status.missed': 'missed',
  'calendar.missed':
    'Calendar: "{id}" was due {due} in {channel} and was not published ({reason}). Publish it by hand if it still matters.',
  'calendar.missed.unreadable': 'cannot read {file}: {error}',
  'calendar.missed.tooLong': 'its text has {length} characters, more than the {max} a calendar post can have',
  'calendar.missed.refused': 'the platform refused it: {failure}',
  'calendar.missed.down': 'Foyer was not running, and the grace window had passed',
} as const;

export type CalendarMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<CalendarMessageKey, string> = {
  'calendar.command.add':
    'Modérateurs : ajouter un brouillon — QUAND CANAL TEXTE (QUAND : 2026-12-01T09:00 ou "0 9 * * 1", éventuellement @Fuseau)',
  'calendar.arg.when': '2026-12-01T09:00 ou "0 9 * * 1", éventuellement @Europe/Paris',
  'calendar.arg.channel': 'un nom de canal, ou beta pour le groupe bêta',
  'calendar.arg.text': 'ce qu’il faut publier (1000 caractères au plus)',
  'calendar.command.approve': 'Approbateurs : approuver un brouillon pour qu’il soit publié à l’heure',
  'calendar.arg.id': 'l’identifiant de l’entrée',
  'calendar.command.cancel': 'Modérateurs : annuler une entrée (plus rien n’en est publié)',
  'calendar.command.list': 'Modérateurs : tous les brouillons et les entrées approuvées',
  'calendar.command.week': 'Ce qui part dans les 7 prochains jours',
  'calendar.textTooLong':
    'Une publication du calendrier compte au plus {max} caractères ; ce texte en compte {length}. Raccourcissez-le et réessayez.',
  'calendar.impossibleDate': '{when} n’est pas une date et une heure qui existent : {problem}.',
  'calendar.past': '{when} ({timezone}) est déjà passé.',
  'calendar.unknownTimezone': 'Fuseau horaire inconnu « {timezone} » (utilisez un nom comme Europe/Paris).',
  'calendar.unreadableWhen':
    '« {when} » n’est ni une date et une heure (2026-12-01T09:00) ni une expression cron (0 9 * * 1).',
  'calendar.unknownChannel': 'Canal inconnu « {channel} » : utilisez un nom de canal de la configuration.',
  'calendar.added': 'Brouillon {id} ajouté. Il sera publié une fois approuvé : {command}.',
  'calendar.noEntry': 'Aucune entrée « {id} » dans le calendrier.',
  'calendar.noLiveEntry': 'Aucune entrée active « {id} » dans le calendrier.',
  'calendar.notDraft': '« {id} » est {status}, ce n’est pas un brouillon.',
  'calendar.approved': 'Approuvé : {entry}',
  'calendar.cancelled': '« {id} » est annulé.',
  'calendar.empty': 'Le calendrier est vide.',
  'calendar.listTitle': 'Calendrier :',
  'calendar.weekEmpty': 'Rien ne part dans les 7 prochains jours.',
  'calendar.reason.beta': 'publication du calendrier pour le groupe bêta',
  'calendar.reason.preview': 'cercle des proches : les publications de la semaine à venir',
  'calendar.betaGroup': 'le groupe bêta',
  'calendar.preview.title': 'Avant-première du cercle des proches : ce qui sera publié dans les 7 prochains jours.',
  'calendar.preview.item': '{at} dans {channel} : {preview}',
  'calendar.weekTitle': 'Les 7 prochains jours :',
  'calendar.weekItem': '{at} — {id} [{status}] dans {channel}',
  'calendar.entry.once': '{id} [{status}] le {next} dans {channel}, par {author} : {preview}',
  'calendar.entry.recurring':
    '{id} [{status}] cron « {cron} » ({timezone}), prochaine le {next}, dans {channel}, par {author} : {preview}',
  'calendar.entry.unscheduled': '{id} [{status}] dans {channel}, par {author} : {preview}',
  'calendar.entry.file': 'fichier {file}',
  'calendar.status.draft': 'brouillon',
  'calendar.status.approved': 'approuvé',
  'calendar.status.published': 'publié',
  'calendar.status.cancelled': 'annulé',
  'calendar.status.missed': 'manqué',
  'calendar.missed':
    'Calendrier : « {id} » devait partir le {due} dans {channel} et n’a pas été publié ({reason}). Publiez-le à la main s’il compte encore.',
  'calendar.missed.unreadable': 'impossible de lire {file} : {error}',
  'calendar.missed.tooLong': 'son texte compte {length} caractères, plus que les {max} qu’une publication peut avoir',
  'calendar.missed.refused': 'la plateforme l’a refusé : {failure}',
  'calendar.missed.down': 'Foyer ne tournait pas et le délai de grâce était passé',
};

export const calendarMessages: FeatureMessages<CalendarMessageKey> = { en, fr };
