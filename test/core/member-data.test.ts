import { describe, expect, it } from 'vitest';
import { coreMemberData, type ContactSummary } from '../../src/core/member-data.ts';
import type { MemberRecord } from '../../src/core/members.ts';

const t = (iso: string) => new Date(iso);
const record: MemberRecord = {
  communityId: 'garden',
  memberId: 'console:ana',
  displayName: 'ana',
  joinedAt: t('2026-03-02T09:00:00Z'),
  leftAt: null,
  firstMessageAt: t('2026-03-02T09:05:00Z'),
  hasPhoto: true,
  photoSetAt: t('2026-03-03T10:00:00Z'),
  onboardingCompletedAt: null,
  locale: 'fr',
  dmOptOutAt: null,
};
const contact = (n: number, via: string): ContactSummary => ({
  at: t(`2026-03-${String(n).padStart(2, '0')}T12:00:00Z`),
  feature: 'welcome',
  reason: `reason ${n}`,
  via,
  status: 'sent',
  outcome: 'delivered',
});
const linesOf = (sections: ReturnType<typeof coreMemberData>, key: string) =>
  sections.find((s) => s.key === key)!.lines.map((l) => l.map((i) => (i.type === 'text' ? i.text : '')).join(''));

describe('core’s part of a member’s data', () => {
  it('has the record, the message activity and the contacts, each as it is, under its export key', () => {
    const messages = { count: 3, first: t('2026-03-02T09:05:00Z'), last: t('2026-03-04T18:00:00Z') };
    const contacts = [contact(2, 'channel')];
    expect(coreMemberData(record, messages, contacts).map((s) => [s.key, s.data])).toEqual([
      ['profile', record],
      ['messages', messages],
      ['outreach', contacts],
    ]);
  });

  it('shows the record’s dates, the photo and the language the member chose', () => {
    const sections = coreMemberData(record, { count: 0, first: null, last: null }, []);
    expect(linesOf(sections, 'profile')).toEqual([
      'joined: 2026-03-02 09:00 UTC; left: —; first message: 2026-03-02 09:05 UTC',
      'profile photo: yes (since 2026-03-03 10:00 UTC); language: fr',
    ]);
    expect(linesOf(sections, 'messages')).toEqual([
      'messages: 0 recorded as channel and time only, never their text (first —, last —)',
    ]);
  });

  it('counts every contact but lists only the ten newest, by how they were sent', () => {
    const contacts = Array.from({ length: 12 }, (_, i) => contact(12 - i, i === 0 ? 'dm' : 'channel'));
    const lines = linesOf(coreMemberData(null, { count: 0, first: null, last: null }, contacts), 'outreach');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('times Foyer contacted you: 12');
    expect(lines[1]).toBe('  2026-03-12 12:00 UTC welcome: reason 12 by direct message — sent');
    expect(lines[10]).toBe('  2026-03-03 12:00 UTC welcome: reason 3 by channel — sent');
  });

  it('keeps what a feature recorded as plain text: markup in a reason is shown, never read', () => {
    const sneaky = { ...contact(1, 'channel'), reason: 'see **this** <@&1>' };
    const sections = coreMemberData(null, { count: 0, first: null, last: null }, [sneaky]);
    const outreach = sections.find((s) => s.key === 'outreach')!;
    const shown = '  2026-03-01 12:00 UTC welcome: see **this** <@&1> by channel — sent';
    expect(outreach.lines[1]).toEqual([{ type: 'text', text: shown }]);
  });
});
