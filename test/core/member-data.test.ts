import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/core/i18n/translator.ts';
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
const english = createTranslator('en');
const french = createTranslator('fr', {}, undefined, 'Europe/Paris');
const linesOf = (sections: ReturnType<typeof coreMemberData>, key: string) =>
  sections.find((s) => s.key === key)!.lines.map((l) => l.map((i) => (i.type === 'text' ? i.text : '')).join(''));

describe('core’s part of a member’s data', () => {
  it('has the record, the message activity and the contacts, each as it is, under its export key', () => {
    const messages = { count: 3, first: t('2026-03-02T09:05:00Z'), last: t('2026-03-04T18:00:00Z') };
    const contacts = [contact(2, 'channel')];
    expect(coreMemberData(record, messages, contacts, english).map((s) => [s.key, s.data])).toEqual([
      ['profile', record],
      ['messages', messages],
      ['outreach', contacts],
    ]);
  });

  it('shows the record’s dates, the photo and the language the member chose', () => {
    const sections = coreMemberData(record, { count: 0, first: null, last: null }, [], english);
    expect(linesOf(sections, 'profile')).toEqual([
      'joined: Mar 2, 2026, 9:00 AM UTC; left: —; first message: Mar 2, 2026, 9:05 AM UTC',
      'profile photo: yes (since Mar 3, 2026, 10:00 AM UTC); language: French',
    ]);
    expect(linesOf(sections, 'messages')).toEqual([
      'messages: 0 recorded as channel and time only, never their text (first —, last —)',
    ]);
  });

  it('counts every contact but lists only the ten newest, by how they were sent', () => {
    const contacts = Array.from({ length: 12 }, (_, i) => contact(12 - i, i === 0 ? 'dm' : 'channel'));
    const lines = linesOf(coreMemberData(null, { count: 0, first: null, last: null }, contacts, english), 'outreach');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('times Foyer contacted you: 12');
    expect(lines[1]).toBe('  Mar 12, 2026, 12:00 PM UTC welcome: reason 12 by direct message — sent');
    expect(lines[10]).toBe('  Mar 3, 2026, 12:00 PM UTC welcome: reason 3 by channel — sent');
  });

  it('keeps what a feature recorded as plain text: markup in a reason is shown, never read', () => {
    const sneaky = { ...contact(1, 'channel'), reason: 'see **this** <@&1>' };
    const sections = coreMemberData(null, { count: 0, first: null, last: null }, [sneaky], english);
    const outreach = sections.find((s) => s.key === 'outreach')!;
    const shown = '  Mar 1, 2026, 12:00 PM UTC welcome: see **this** <@&1> by channel — sent';
    expect(outreach.lines[1]!.map((i) => (i.type === 'text' ? i.text : '')).join('')).toBe(shown);
    expect(outreach.lines[1]!.every((i) => i.type === 'text')).toBe(true);
  });

  it('speaks the member’s French, with dates in the community’s timezone and French plurals', () => {
    const one = { count: 1, first: t('2026-03-02T09:05:00Z'), last: t('2026-03-02T09:05:00Z') };
    const sections = coreMemberData(record, one, [contact(2, 'dm')], french);
    expect(linesOf(sections, 'profile')).toEqual([
      'arrivée : 2 mars 2026, 10:00 UTC+1 ; départ : — ; premier message : 2 mars 2026, 10:05 UTC+1',
      'photo de profil : oui (depuis le 3 mars 2026, 11:00 UTC+1) ; langue : français',
    ]);
    expect(linesOf(sections, 'messages')).toEqual([
      'messages : 1 enregistré comme salon et heure seulement, jamais son texte ' +
        '(premier 2 mars 2026, 10:05 UTC+1, dernier 2 mars 2026, 10:05 UTC+1)',
    ]);
    expect(linesOf(sections, 'outreach')).toEqual([
      'nombre de fois où Foyer vous a contacté : 1',
      '  2 mars 2026, 13:00 UTC+1 welcome : reason 2 par message privé — envoyé',
    ]);
    const none = coreMemberData(null, { count: 2, first: null, last: null }, [], french);
    expect(linesOf(none, 'profile')[1]).toBe('photo de profil : non ; langue : celle de la communauté');
    expect(linesOf(none, 'messages')[0]).toMatch(/^messages : 2 enregistrés .*jamais leur texte/);
  });
});
