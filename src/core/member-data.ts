import { formatUtc } from './clock.ts';
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

/** Contacts listed one by one in `/mydata`; the export has every one. */
const CONTACTS_LISTED = 10;

const when = (d: Date | null | undefined): string => (d ? formatUtc(d) : '—');

/** Core's part of what Foyer keeps about a member: their record, their message activity, the contacts. */
export function coreMemberData(
  record: MemberRecord | null,
  messages: MessageActivitySummary,
  contacts: readonly ContactSummary[],
): MemberDataSection[] {
  return [
    { key: 'profile', data: record, lines: profileLines(record) },
    { key: 'messages', data: messages, lines: [messagesLine(messages)] },
    { key: 'outreach', data: contacts, lines: contactLines(contacts) },
  ];
}

function profileLines(m: MemberRecord | null): Inline[][] {
  const photo = m?.hasPhoto ? `yes (since ${when(m.photoSetAt)})` : 'no';
  return [
    [text(`joined: ${when(m?.joinedAt)}; left: ${when(m?.leftAt)}; first message: ${when(m?.firstMessageAt)}`)],
    [text(`profile photo: ${photo}; language: ${m?.locale ?? 'community default'}`)],
  ];
}

function messagesLine(m: MessageActivitySummary): Inline[] {
  const span = `first ${when(m.first)}, last ${when(m.last)}`;
  return [text(`messages: ${m.count} recorded as channel and time only, never their text (${span})`)];
}

function contactLines(contacts: readonly ContactSummary[]): Inline[][] {
  const listed = contacts.slice(0, CONTACTS_LISTED).map((o) => {
    const via = o.via === 'dm' ? 'direct message' : 'channel';
    return [text(`  ${when(o.at)} ${o.feature}: ${o.reason} by ${via} — ${o.status}`)];
  });
  return [[text(`times Foyer contacted you: ${contacts.length}`)], ...listed];
}
