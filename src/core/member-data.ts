import type { CoreMessageKey, Translator } from './i18n/translator.ts';
import type { MemberDataSection, MemberRecord } from './members.ts';
import { text, type Inline } from './rich-text.ts';

/** How many messages core recorded for a member (channel and time only, never the text). */
export interface MessageActivitySummary {
  count: number;
  first: Date | null;
  last: Date | null;
}

/** One contact of the outreach log, as the member sees it. */
export interface ContactSummary {
  at: Date;
  feature: string;
  reason: string;
  via: string;
  status: string;
  outcome: string | null;
}

type CoreTranslator = Translator<CoreMessageKey>;

/** Contacts listed one by one in `/mydata`; the export has every one. */
const CONTACTS_LISTED = 10;

/** Shown where a date is not known yet (never left, never posted): the same in every language. */
const NO_DATE = '—';

/** Contact lines sit under the count, indented so they read as its details. */
const CONTACT_INDENT = '  ';

const STATUSES = ['pending', 'sent', 'failed', 'unknown', 'skipped'] as const;

/** A date and time in the member's language and the community's timezone, or a dash. */
export const whenIn = (t: CoreTranslator, date: Date | null | undefined): string => (date ? t.dateTime(date) : NO_DATE);

/** How a contact was sent, in words ("by direct message"). */
export const contactVia = (t: CoreTranslator, via: string): Inline[] =>
  t.t(via === 'dm' ? 'mydata.via.dm' : 'mydata.via.channel');

/** What became of a contact, in words; a status core does not know is shown as recorded. */
export function contactStatus(t: CoreTranslator, status: string): Inline[] {
  const known = STATUSES.find((s) => s === status);
  return known ? t.t(`mydata.status.${known}`) : [text(status)];
}

/**
 * Core's part of what Foyer keeps about a member, in the member's language: their record, their message activity, the
 * contacts.
 */
export function coreMemberData(
  record: MemberRecord | null,
  messages: MessageActivitySummary,
  contacts: readonly ContactSummary[],
  t: CoreTranslator,
): MemberDataSection[] {
  return [
    { key: 'profile', data: record, lines: profileLines(record, t) },
    { key: 'messages', data: messages, lines: [messagesLine(messages, t)] },
    {
      key: 'outreach',
      data: contacts.map((contact) => inMemberLanguage(contact, t)),
      lines: contactLines(contacts, t),
    },
  ];
}

/**
 * A contact as the export shows it: the log keeps Foyer's reasons and outcomes in English
 * (so it reads the same in any community); the member reads them in their own language.
 */
const inMemberLanguage = (contact: ContactSummary, t: CoreTranslator): ContactSummary => ({
  ...contact,
  reason: t.rephrase(contact.reason),
  outcome: contact.outcome === null ? null : outcomeIn(t, contact.outcome),
});

/**
 * A contact's recorded outcome in the reader's language. A failure is recorded as
 * `kind: technical detail`; readers get the kind in words, the detail stays in the log.
 */
export function outcomeIn(t: Pick<CoreTranslator, 'lookup' | 'rephrase'>, outcome: string): string {
  const failure = /^([a-z-]+): /.exec(outcome)?.[1];
  return (failure && t.lookup(`outreach.failure.${failure}`)) || t.rephrase(outcome);
}

/** A failure kind (`dm-closed`, `not-sent`…) in the reader's language; an unknown code as it is. */
export const failureIn = (t: Pick<CoreTranslator, 'lookup'>, kind: string): string =>
  t.lookup(`outreach.failure.${kind}`) ?? kind;

function profileLines(m: MemberRecord | null, t: CoreTranslator): Inline[][] {
  const dates = t.t('mydata.profile.dates', {
    joined: whenIn(t, m?.joinedAt),
    left: whenIn(t, m?.leftAt),
    firstMessage: whenIn(t, m?.firstMessageAt),
  });
  const language = m?.locale ? languageName(m.locale, t) : t.t('mydata.language.default');
  const photo = m?.hasPhoto
    ? t.t('mydata.profile.withPhoto', { since: whenIn(t, m.photoSetAt), language })
    : t.t('mydata.profile.withoutPhoto', { language });
  return [dates, photo];
}

/** A language's name in the member's own language ("French", "français"). */
const languageName = (locale: string, t: CoreTranslator): string =>
  new Intl.DisplayNames([t.locale], { type: 'language' }).of(locale) ?? locale;

const messagesLine = (m: MessageActivitySummary, t: CoreTranslator): Inline[] =>
  t.plural('mydata.messages', m.count, { first: whenIn(t, m.first), last: whenIn(t, m.last) });

function contactLines(contacts: readonly ContactSummary[], t: CoreTranslator): Inline[][] {
  const listed = contacts.slice(0, CONTACTS_LISTED).map((o) => [
    text(CONTACT_INDENT),
    ...t.t('mydata.contact', {
      at: whenIn(t, o.at),
      feature: t.lookup(`${o.feature}.label`) ?? o.feature,
      reason: t.rephrase(o.reason),
      via: contactVia(t, o.via),
      status: contactStatus(t, o.status),
    }),
  ]);
  return [t.t('mydata.contacts', { count: contacts.length }), ...listed];
}
