/**
 * Core's English messages (features keep theirs in their own folder). `{name}` marks a variable; values are always
 * inserted as inert text.
 */
export const en = {
  'time.problem.month': 'month {month} does not exist (01 to 12)',
  'time.problem.day': 'day {day} does not exist in {yearMonth} (that month has {days} days)',
  'time.problem.hour': 'hour {hour} does not exist (00 to 23)',
  'time.problem.minute': 'minute {minute} does not exist (00 to 59)',
  'outreach.outcome.delivered': 'delivered',
  'outreach.outcome.optedOut': 'the member opted out of direct messages',
  'outreach.failure.dm-closed': 'their direct messages are closed',
  'outreach.failure.member-gone': 'they are no longer a member',
  'outreach.failure.missing-permission': 'Foyer lacks a permission',
  'outreach.failure.rate-limited': 'the platform asked Foyer to slow down',
  'outreach.failure.not-found': 'not found',
  'outreach.failure.unsupported': 'the platform cannot do this',
  'outreach.failure.invalid': 'the platform refused it',
  'outreach.failure.unavailable': 'the platform was unavailable',
  'outreach.failure.not-sent': 'not sent',
  'outreach.failure.already-sent': 'already sent',
  'command.refused': 'Sorry, {command} is for {role}s only.',
  'command.usage': 'Usage: {usage}',
  'command.arg.missing': '{argument} is missing.',
  'command.arg.number': '{argument} must be a number, like 3.',
  'command.arg.wholeNumber': '{argument} must be a whole number, like 3.',
  'command.arg.yesNo': '{argument} must be yes or no.',
  'command.arg.choice': '{argument} must be one of: {choices}.',
  'command.arg.tooShort.one': '{argument} must be at least {count} character long.',
  'command.arg.tooShort.other': '{argument} must be at least {count} characters long.',
  'command.arg.tooLong.one': '{argument} must be at most {count} character long.',
  'command.arg.tooLong.other': '{argument} must be at most {count} characters long.',
  'command.arg.atLeast': '{argument} must be {limit} or more.',
  'command.arg.above': '{argument} must be more than {limit}.',
  'command.arg.atMost': '{argument} must be {limit} or less.',
  'command.arg.below': '{argument} must be less than {limit}.',
  'command.arg.invalid': '{argument} is not valid here.',
  'command.arg.commaSeparated': '{description} (comma-separated)',
  'command.help.description': 'List the commands you can use',
  'command.help.title': 'Commands:',
  'command.arg.extra': 'I did not expect {extra} after the command.',
  'command.unknown': 'Unknown command {command}. Available: {commands}',
  'command.unknownChannel':
    'I do not know the channel {channel}: type its name from the configuration, its mention or its id.',
  'command.failed': 'Sorry, something went wrong while running {command}. The team has been told.',
  'role.member': 'member',
  'role.moderator': 'moderator',
  'role.admin': 'admin',
  'platform.elsewhere': 'Foyer serves only {community}: its commands do nothing in this server.',
  'platform.setupProblems':
    'Foyer cannot do everything it should in {community}. It checks again by itself when channels or roles change:',
  'platform.problem.notFound': '{channel}: Foyer cannot see this channel (id {id}), so {features} will not work there.',
  'platform.problem.missing':
    '{channel}: Foyer lacks the permissions {permissions}, so {features} will not work there.',
  'platform.problem.forum':
    '{channel} is a forum: Foyer cannot post messages in it, so {features} will not work there. Pick a text channel.',
  'platform.problem.crisisLock':
    '{channel}: Foyer lacks the permissions {permissions}, so crisis mode cannot lock this channel.',
  'platform.problem.crisisSlowmode':
    '{channel}: Foyer lacks the permissions {permissions}, so crisis mode cannot slow this channel down.',
  'platform.matrix.upgraded':
    '{old} was upgraded to a new room, {new}. Foyer has moved there and treats it as the same channel. Replace {old} by {new} under channels in the config.',
  'platform.matrix.upgradeNotFollowed':
    '{old} was upgraded to a new room, {new}, but Foyer cannot join it ({reason}). Invite Foyer there, and replace {old} by {new} under channels in the config.',
  'platform.matrix.kicked':
    'Foyer was removed from {room} by {by}{reason}. It does not go back by itself, even after a restart: invite it again to bring it back.',
  'platform.matrix.banned':
    'Foyer was banned from {room} by {by}{reason}. To bring it back, lift the ban and invite it again.',
  'platform.matrix.reason': ' (reason: {reason})',
  'platform.matrix.encrypted':
    'Foyer cannot read end-to-end encrypted rooms: it sees joins, but not messages or commands here.',
  // What core keeps about a member, in /mydata; features add their own lines.
  'mydata.profile.dates': 'joined: {joined}; left: {left}; first message: {firstMessage}',
  'mydata.profile.withPhoto': 'profile photo: yes (since {since}); language: {language}',
  'mydata.profile.withoutPhoto': 'profile photo: no; language: {language}',
  'mydata.language.default': 'community default',
  'mydata.messages.one':
    'messages: {count} recorded as channel and time only, never their text (first {first}, last {last})',
  'mydata.messages.other':
    'messages: {count} recorded as channel and time only, never their text (first {first}, last {last})',
  'mydata.contacts': 'times Foyer contacted you: {count}',
  'mydata.contact': '{at} {feature}: {reason} {via} — {status}',
  'mydata.via.dm': 'by direct message',
  'mydata.via.channel': 'by channel',
  'mydata.status.pending': 'pending',
  'mydata.status.sent': 'sent',
  'mydata.status.failed': 'failed',
  'mydata.status.unknown': 'unknown',
  'mydata.status.skipped': 'skipped',
} as const;

export type CoreMessageKey = keyof typeof en;
