import type { CoreMessageKey } from './en.ts';

/** Core's French messages; the type makes sure no key is missing. */
export const fr: Record<CoreMessageKey, string> = {
  'time.problem.month': 'le mois {month} n’existe pas (01 à 12)',
  'time.problem.day': 'le jour {day} n’existe pas en {yearMonth} (ce mois compte {days} jours)',
  'time.problem.hour': 'l’heure {hour} n’existe pas (00 à 23)',
  'time.problem.minute': 'la minute {minute} n’existe pas (00 à 59)',
  'outreach.outcome.delivered': 'remis',
  'outreach.outcome.optedOut': 'le membre a refusé les messages privés',
  'outreach.failure.dm-closed': 'ses messages privés sont fermés',
  'outreach.failure.member-gone': 'ce n’est plus un membre',
  'outreach.failure.missing-permission': 'il manque une permission à Foyer',
  'outreach.failure.rate-limited': 'la plateforme a demandé à Foyer de ralentir',
  'outreach.failure.not-found': 'introuvable',
  'outreach.failure.unsupported': 'la plateforme ne le permet pas',
  'outreach.failure.invalid': 'la plateforme l’a refusé',
  'outreach.failure.unavailable': 'la plateforme était indisponible',
  'outreach.failure.not-sent': 'non envoyé',
  'outreach.failure.already-sent': 'déjà envoyé',
  'command.refused': 'Désolé, {command} est réservée aux {role}s.',
  'command.usage': 'Utilisation : {usage}',
  'command.arg.missing': '{argument} manque.',
  'command.arg.number': '{argument} doit être un nombre, par exemple 3.',
  'command.arg.wholeNumber': '{argument} doit être un nombre entier, par exemple 3.',
  'command.arg.yesNo': '{argument} doit être oui ou non.',
  'command.arg.choice': '{argument} doit être l’un de : {choices}.',
  'command.arg.tooShort.one': '{argument} doit faire au moins {count} caractère.',
  'command.arg.tooShort.other': '{argument} doit faire au moins {count} caractères.',
  'command.arg.tooLong.one': '{argument} doit faire au plus {count} caractère.',
  'command.arg.tooLong.other': '{argument} doit faire au plus {count} caractères.',
  'command.arg.atLeast': '{argument} doit valoir {limit} ou plus.',
  'command.arg.above': '{argument} doit être supérieur à {limit}.',
  'command.arg.atMost': '{argument} doit valoir {limit} ou moins.',
  'command.arg.below': '{argument} doit être inférieur à {limit}.',
  'command.arg.invalid': '{argument} n’est pas valable ici.',
  'command.arg.commaSeparated': '{description} (séparés par des virgules)',
  'command.help.description': 'Lister les commandes que vous pouvez utiliser',
  'command.help.title': 'Commandes :',
  'command.arg.extra': 'Je n’attendais pas {extra} après la commande.',
  'command.unknown': 'Commande inconnue {command}. Disponibles : {commands}',
  'command.unknownChannel':
    'Je ne connais pas le salon {channel} : tapez son nom dans la configuration, sa mention ou son identifiant.',
  'command.failed': 'Désolé, une erreur est survenue pendant {command}. L’équipe a été prévenue.',
  'role.member': 'membre',
  'role.moderator': 'modérateur',
  'role.admin': 'administrateur',
  'platform.elsewhere': 'Foyer ne sert que {community} : ses commandes ne font rien sur ce serveur.',
  'platform.setupProblems':
    'Foyer ne peut pas faire tout ce qu’il devrait dans {community}. Il vérifie de nouveau de lui-même quand les salons ou les rôles changent :',
  'platform.problem.notFound':
    '{channel} : Foyer ne voit pas ce salon (id {id}), donc {features} ne fonctionnera pas là.',
  'platform.problem.missing':
    '{channel} : il manque à Foyer les permissions {permissions}, donc {features} ne fonctionnera pas là.',
  'platform.problem.forum':
    '{channel} est un forum : Foyer ne peut pas y poster de messages, donc {features} ne fonctionnera pas là. Choisissez un salon textuel.',
  'platform.problem.crisisLock':
    '{channel} : il manque à Foyer les permissions {permissions}, donc le mode crise ne peut pas verrouiller ce salon.',
  'platform.problem.crisisSlowmode':
    '{channel} : il manque à Foyer les permissions {permissions}, donc le mode crise ne peut pas ralentir ce salon.',
  'platform.matrix.upgraded':
    '{old} a été mis à niveau vers un nouveau salon, {new}. Foyer s’y est installé et le traite comme le même salon. Remplacez {old} par {new} sous channels dans la configuration.',
  'platform.matrix.upgradeNotFollowed':
    '{old} a été mis à niveau vers un nouveau salon, {new}, mais Foyer ne peut pas le rejoindre ({reason}). Invitez Foyer dans ce salon et remplacez {old} par {new} sous channels dans la configuration.',
  'platform.matrix.kicked':
    'Foyer a été retiré de {room} par {by}{reason}. Il n’y retourne pas de lui-même, même après un redémarrage : invitez-le de nouveau pour le faire revenir.',
  'platform.matrix.banned':
    'Foyer a été banni de {room} par {by}{reason}. Pour le faire revenir, levez le bannissement et invitez-le de nouveau.',
  'platform.matrix.reason': ' (motif : {reason})',
  'platform.matrix.encrypted':
    'Foyer ne sait pas lire les salons chiffrés de bout en bout : il y voit les arrivées, mais ni les messages ni les commandes.',
  'mydata.profile.dates': 'arrivée : {joined} ; départ : {left} ; premier message : {firstMessage}',
  'mydata.profile.withPhoto': 'photo de profil : oui (depuis le {since}) ; langue : {language}',
  'mydata.profile.withoutPhoto': 'photo de profil : non ; langue : {language}',
  'mydata.language.default': 'celle de la communauté',
  'mydata.messages.one':
    'messages : {count} enregistré comme salon et heure seulement, jamais son texte (premier {first}, dernier {last})',
  'mydata.messages.other':
    'messages : {count} enregistrés comme salon et heure seulement, jamais leur texte (premier {first}, dernier {last})',
  'mydata.contacts': 'nombre de fois où Foyer vous a contacté : {count}',
  'mydata.contact': '{at} {feature} : {reason} {via} — {status}',
  'mydata.via.dm': 'par message privé',
  'mydata.via.channel': 'dans le salon',
  'mydata.status.pending': 'en attente',
  'mydata.status.sent': 'envoyé',
  'mydata.status.failed': 'échoué',
  'mydata.status.unknown': 'inconnu',
  'mydata.status.skipped': 'pas envoyé',
};
