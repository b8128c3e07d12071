import type { FeatureMessages } from '../define.ts';

/**
 * English words of the dashboard: the `/dashboard` answer, and the web page itself (the
 * web server reads them through the same catalogue, so YAML `templates:` override both).
 * `{name}` marks a variable; values are always inserted as inert text.
 */
const en = {
  'dashboard.command.dashboard': 'A private link to the community’s web dashboard',
  'dashboard.link':
    'Your private link to the dashboard of {community}: {link} — it works until {until}. Keep it to yourself: whoever has it can read the community’s figures.',
  'dashboard.off':
    'The web dashboard is not turned on: an admin sets web.listen (and web.publicUrl) in the configuration, then restarts Foyer.',
  'dashboard.page.title': '{community}: community health',
  'dashboard.page.period': 'Figures for the 28 days to {day}; charts for the 12 weeks to {day}.',
  'dashboard.page.privacy': 'Aggregates only: members are counted, never named.',
  'dashboard.page.kpis': 'Key figures',
  'dashboard.page.charts': 'Charts',
  'dashboard.page.goals': 'Goals',
  'dashboard.page.goals.none': 'No goals yet: admins add them under features.health.goals in the configuration.',
  'dashboard.page.goal.metric': 'Metric',
  'dashboard.page.goal.objective': 'Business objective',
  'dashboard.page.goal.target': 'Target',
  'dashboard.page.goal.current': 'Now',
  'dashboard.page.goal.progress': 'Progress',
  'dashboard.page.goal.by': 'By',
  'dashboard.page.goal.reached': 'reached',
  'dashboard.page.baseline': 'Baseline',
  'dashboard.page.baseline.taken': 'Taken on {day}, over the 28 days to that day.',
  'dashboard.page.baseline.none': 'No baseline yet: it is taken on Foyer’s first start.',
  'dashboard.page.baseline.value': 'Baseline',
  'dashboard.page.reports': 'Open reports by severity and age',
  'dashboard.page.reports.none': 'No open reports.',
  'dashboard.page.reports.severity': 'Severity',
  'dashboard.page.reports.hour': 'Under 1 hour',
  'dashboard.page.reports.day': '1 to 24 hours',
  'dashboard.page.reports.week': '1 to 7 days',
  'dashboard.page.reports.older': 'Over 7 days',
  'dashboard.page.reports.total': 'Total',
  'dashboard.page.generated': 'Read-only page, computed {at}.',
  'dashboard.denied.title': 'This link does not open the dashboard',
  'dashboard.denied.forged': 'The link is not one Foyer signed, or it was changed.',
  'dashboard.denied.expired': 'The link has expired.',
  'dashboard.denied.other-community': 'The link is for another community.',
  'dashboard.denied.again': 'A moderator gets a new link by typing {command} in the community.',
} as const;

export type DashboardMessageKey = keyof typeof en;

/** French words; the type makes sure no key is missing. */
const fr: Record<DashboardMessageKey, string> = {
  'dashboard.command.dashboard': 'Un lien privé vers le tableau de bord web de la communauté',
  'dashboard.link':
    'Votre lien vers le tableau de bord de {community} : {link} — il fonctionne jusqu’au {until}. Gardez-le pour vous : quiconque l’a peut lire les chiffres de la communauté.',
  'dashboard.off':
    'Le tableau de bord web n’est pas activé : un admin renseigne web.listen (et web.publicUrl) dans la configuration, puis redémarre Foyer.',
  'dashboard.page.title': '{community} : santé de la communauté',
  'dashboard.page.period': 'Chiffres des 28 jours jusqu’au {day} ; graphiques des 12 semaines jusqu’au {day}.',
  'dashboard.page.privacy': 'Agrégats uniquement : les membres sont comptés, jamais nommés.',
  'dashboard.page.kpis': 'Chiffres clés',
  'dashboard.page.charts': 'Graphiques',
  'dashboard.page.goals': 'Objectifs',
  'dashboard.page.goals.none':
    'Pas encore d’objectifs : les admins les ajoutent sous features.health.goals dans la configuration.',
  'dashboard.page.goal.metric': 'Indicateur',
  'dashboard.page.goal.objective': 'Objectif métier',
  'dashboard.page.goal.target': 'Cible',
  'dashboard.page.goal.current': 'Actuel',
  'dashboard.page.goal.progress': 'Progression',
  'dashboard.page.goal.by': 'Échéance',
  'dashboard.page.goal.reached': 'atteint',
  'dashboard.page.baseline': 'Référence',
  'dashboard.page.baseline.taken': 'Prise le {day}, sur les 28 jours jusqu’à ce jour.',
  'dashboard.page.baseline.none': 'Pas encore de référence : elle est prise au premier démarrage de Foyer.',
  'dashboard.page.baseline.value': 'Référence',
  'dashboard.page.reports': 'Signalements ouverts par gravité et ancienneté',
  'dashboard.page.reports.none': 'Aucun signalement ouvert.',
  'dashboard.page.reports.severity': 'Gravité',
  'dashboard.page.reports.hour': 'Moins d’1 heure',
  'dashboard.page.reports.day': '1 à 24 heures',
  'dashboard.page.reports.week': '1 à 7 jours',
  'dashboard.page.reports.older': 'Plus de 7 jours',
  'dashboard.page.reports.total': 'Total',
  'dashboard.page.generated': 'Page en lecture seule, calculée le {at}.',
  'dashboard.denied.title': 'Ce lien n’ouvre pas le tableau de bord',
  'dashboard.denied.forged': 'Ce lien n’a pas été signé par Foyer, ou il a été modifié.',
  'dashboard.denied.expired': 'Ce lien a expiré.',
  'dashboard.denied.other-community': 'Ce lien est celui d’une autre communauté.',
  'dashboard.denied.again': 'Un modérateur obtient un nouveau lien en tapant {command} dans la communauté.',
};

export const dashboardMessages: FeatureMessages<DashboardMessageKey> = { en, fr };
