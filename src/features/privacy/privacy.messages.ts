import type { FeatureMessages } from '../define.ts';

/** English messages of the privacy feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'privacy.export': 'Everything Foyer keeps about you, as JSON:',
  'privacy.exportFile': 'Everything Foyer keeps about you, as JSON, is in the attached file {file}.',
  'privacy.title': 'What Foyer keeps about you:',
  'privacy.copy': 'A JSON copy: {command}; to erase it all: {erase}',
  'privacy.command.mydata': 'See what Foyer keeps about you (add "export" for a JSON copy, "erase" to erase it)',
  'privacy.arg.format': 'summary (what Foyer keeps, in words), export (a JSON copy) or erase (remove it)',
  'privacy.arg.code': 'the confirmation code Foyer gave you, to erase your data',
  'privacy.erase.title': 'Erase what Foyer keeps about you?',
  'privacy.erase.removed':
    'Removed: your member record (name, join and leave times, profile photo, language, opt-out), your onboarding steps, when and where you posted (never the text, which Foyer does not keep), your part in the activity figures, your poll votes, every contact Foyer had with you, and what Foyer had planned for you (reminders).',
  'privacy.erase.keptSafety':
    'Kept, for the safety of others: reports other members filed about you and what moderators decided. Reports you filed keep their evidence for the moderators but no longer name you; the same goes for polls and posts you started.',
  'privacy.erase.keptTotals': 'Kept, because they name nobody: totals per channel and per day.',
  'privacy.erase.after':
    'If you come back, Foyer will greet you as a new member. The erasure is recorded with its date and counts only.',
  'privacy.erase.confirm': 'This cannot be undone. To confirm, type {command} within {minutes} minutes.',
  'privacy.erase.done.one': 'Done: {count} record about you was removed or no longer names you.',
  'privacy.erase.done.other': 'Done: {count} records about you were removed or no longer name you.',
  'privacy.erase.noCode': 'Foyer did not ask you for a code, or it has expired. To start again, type {command}.',
  'privacy.erase.wrongCode':
    'That is not the code Foyer gave you: nothing was erased. Type the code from Foyer’s last message, or {command} for a new one.',
} as const;

export type PrivacyMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PrivacyMessageKey, string> = {
  'privacy.export': 'Tout ce que Foyer conserve sur vous, en JSON :',
  'privacy.exportFile': 'Tout ce que Foyer conserve sur vous, en JSON, est dans le fichier joint {file}.',
  'privacy.title': 'Ce que Foyer conserve sur vous :',
  'privacy.copy': 'Une copie en JSON : {command} ; pour tout effacer : {erase}',
  'privacy.command.mydata':
    'Voir ce que Foyer conserve sur vous (ajoutez « export » pour une copie JSON, « erase » pour l’effacer)',
  'privacy.arg.format': 'summary (ce que Foyer conserve, en mots), export (une copie JSON) ou erase (tout effacer)',
  'privacy.arg.code': 'le code de confirmation que Foyer vous a donné, pour effacer vos données',
  'privacy.erase.title': 'Effacer ce que Foyer conserve sur vous ?',
  'privacy.erase.removed':
    'Effacés : votre fiche de membre (nom, dates d’arrivée et de départ, photo de profil, langue, refus des messages privés), vos étapes d’accueil, quand et où vous avez écrit (jamais le texte, que Foyer ne conserve pas), votre part dans les chiffres d’activité, vos votes, chaque contact de Foyer avec vous, et ce que Foyer avait prévu pour vous (rappels).',
  'privacy.erase.keptSafety':
    'Conservés, pour la sécurité des autres : les signalements d’autres membres à votre sujet et les décisions des modérateurs. Les signalements que vous avez faits gardent leurs preuves pour les modérateurs mais ne vous nomment plus ; de même pour les sondages et publications que vous avez lancés.',
  'privacy.erase.keptTotals': 'Conservés, car ils ne nomment personne : les totaux par salon et par jour.',
  'privacy.erase.after':
    'Si vous revenez, Foyer vous accueillera comme un nouveau membre. L’effacement est enregistré avec sa date et des nombres seulement.',
  'privacy.erase.confirm': 'C’est définitif. Pour confirmer, tapez {command} dans les {minutes} minutes.',
  'privacy.erase.done.one': 'C’est fait : {count} donnée à votre sujet a été effacée ou ne vous nomme plus.',
  'privacy.erase.done.other': 'C’est fait : {count} données à votre sujet ont été effacées ou ne vous nomment plus.',
  'privacy.erase.noCode': 'Foyer ne vous a pas demandé de code, ou il a expiré. Pour recommencer, tapez {command}.',
  'privacy.erase.wrongCode':
    'Ce n’est pas le code que Foyer vous a donné : rien n’a été effacé. Tapez le code du dernier message de Foyer, ou {command} pour en avoir un nouveau.',
};

export const privacyMessages: FeatureMessages<PrivacyMessageKey> = { en, fr };
