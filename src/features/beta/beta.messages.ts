import type { FeatureMessages } from '../define.ts';

/** English messages of the beta feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'beta.label': 'beta group',
  'beta.command.join': 'Join the beta group (or accept an invitation): try new things first and give your opinion',
  'beta.command.leave': 'Leave the beta group',
  'beta.command.invite': 'Moderators: invite a member to the beta group (they accept with /beta join)',
  'beta.command.list': 'Moderators: who is in the beta group, and who was invited',
  'beta.arg.member': 'the member',
  'beta.reason.invite': 'beta group: invitation',
  'beta.joined':
    'Welcome to the beta group! You will get beta-only polls, posts and questions. {command} leaves it at any time.',
  'beta.already': 'You are already in the beta group. {command} leaves it.',
  'beta.left': 'You left the beta group: nothing beta-only will reach you any more.',
  'beta.notIn': 'You are not in the beta group. {command} joins it.',
  'beta.invite.unknown': 'Foyer knows no member {member} here.',
  'beta.invite.already': '{member} is already in the beta group.',
  'beta.invite.pending': '{member} was already invited on {at}.',
  'beta.invite.sent': '{member} is invited privately; they are in the group once they accept.',
  'beta.invite.capped': '{member} already got their share of direct messages: try again after {when}.',
  'beta.invite.unreachable': '{member} could not be invited: their direct messages are off or closed.',
  'beta.invitation':
    'Hello {member}! The moderators of {community} invite you to the beta group: members who try new things first and say what they think. To accept, type {command}; otherwise, just ignore this message.',
  'beta.list.title.one': '{count} member in the beta group:',
  'beta.list.title.other': '{count} members in the beta group:',
  'beta.list.invited.one': '{count} invitation waiting: {members}',
  'beta.list.invited.other': '{count} invitations waiting: {members}',
  'beta.list.empty': 'Nobody is in the beta group yet.',
  'beta.data.member': 'You are in the beta group (since {at}).',
  'beta.data.invited': 'You were invited to the beta group on {at} and have not accepted.',
} as const;

export type BetaMessageKey = keyof typeof en;

const fr: Record<BetaMessageKey, string> = {
  'beta.label': 'groupe bêta',
  'beta.command.join':
    'Rejoindre le groupe bêta (ou accepter une invitation) : essayer les nouveautés en premier et donner votre avis',
  'beta.command.leave': 'Quitter le groupe bêta',
  'beta.command.invite': 'Modérateurs : inviter un membre dans le groupe bêta (il accepte avec /beta join)',
  'beta.command.list': 'Modérateurs : qui est dans le groupe bêta, et qui est invité',
  'beta.arg.member': 'le membre',
  'beta.reason.invite': 'groupe bêta : invitation',
  'beta.joined':
    'Bienvenue dans le groupe bêta ! Vous recevrez les sondages, publications et questions réservés au groupe. {command} vous en fait sortir à tout moment.',
  'beta.already': 'Vous êtes déjà dans le groupe bêta. {command} vous en fait sortir.',
  'beta.left': 'Vous avez quitté le groupe bêta : plus rien de réservé au groupe ne vous parviendra.',
  'beta.notIn': 'Vous n’êtes pas dans le groupe bêta. {command} vous y fait entrer.',
  'beta.invite.unknown': 'Foyer ne connaît aucun membre {member} ici.',
  'beta.invite.already': '{member} est déjà dans le groupe bêta.',
  'beta.invite.pending': '{member} a déjà été invité·e le {at}.',
  'beta.invite.sent': '{member} est invité·e en privé ; ce membre fera partie du groupe dès qu’il aura accepté.',
  'beta.invite.capped': '{member} a déjà reçu sa part de messages privés : réessayez après le {when}.',
  'beta.invite.unreachable': '{member} n’a pas pu être invité·e : ses messages privés sont désactivés ou fermés.',
  'beta.invitation':
    'Bonjour {member} ! Les modérateurs de {community} vous invitent dans le groupe bêta : les membres qui essaient les nouveautés en premier et donnent leur avis. Pour accepter, tapez {command} ; sinon, ignorez simplement ce message.',
  'beta.list.title.one': '{count} membre dans le groupe bêta :',
  'beta.list.title.other': '{count} membres dans le groupe bêta :',
  'beta.list.invited.one': '{count} invitation en attente : {members}',
  'beta.list.invited.other': '{count} invitations en attente : {members}',
  'beta.list.empty': 'Personne n’est encore dans le groupe bêta.',
  'beta.data.member': 'Vous êtes dans le groupe bêta (depuis le {at}).',
  'beta.data.invited': 'Vous avez été invité·e dans le groupe bêta le {at} et n’avez pas accepté.',
};

export const betaMessages: FeatureMessages<BetaMessageKey> = { en, fr };
