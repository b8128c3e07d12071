import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

describe('outreach log and opt-out', () => {
  it('a member who opted out gets no direct message: the welcome goes to the channel, and the log says why', async () => {
    h = await Harness.start({ features: { welcome: { delivery: 'dm' } } });
    await h.command('ana', '/optout');
    expect(h.lastReplyTo('ana')).toContain('Foyer will not send you direct messages');
    await h.join('ana');
    expect(h.sent.filter((s) => s.kind === 'dm')).toHaveLength(0);
    expect(h.sent.filter((s) => s.kind === 'channel' && s.mentions.includes(h.member('ana')))).toHaveLength(1);
    const log = h.storage.outreach.forMember(h.community, h.member('ana'));
    expect(log.map((e) => [e.via, e.status, e.outcome])).toEqual(
      expect.arrayContaining([
        ['dm', 'skipped', 'the member opted out of direct messages'],
        ['channel', 'sent', 'delivered'],
      ]),
    );
  });

  it('opting back in restores direct messages', async () => {
    h = await Harness.start({ features: { welcome: { delivery: 'dm' } } });
    await h.command('ana', '/optout');
    await h.command('ana', '/optin');
    await h.join('ana');
    expect(h.sent.filter((s) => s.kind === 'dm').map((s) => s.to)).toEqual(['@ana']);
  });

  it('moderators read a member’s contact history; members may not', async () => {
    h = await Harness.start();
    h.roles.set('mod', 'moderator');
    await h.join('ana');
    await h.command('ana', '/member history ana');
    expect(h.lastReplyTo('ana')).toBe('Sorry, /member history is for moderators only.');
    await h.command('mod', '/member history @ana');
    const reply = h.lastReplyTo('mod')!;
    expect(reply).toContain('ana: joined');
    expect(reply).toContain('welcome: welcome on join, by channel — sent (delivered)');
    await h.command('mod', '/member history nobody-here');
    expect(h.lastReplyTo('mod')).toBe(
      'Foyer knows no member nobody-here: nobody by that name has joined or posted here.',
    );
    await h.command('mod', '/member history <script>');
    expect(h.lastReplyTo('mod')).toContain('is not a member reference here');
  });
});

describe('direct-message caps, in one place for every feature', () => {
  it('a nudge over the daily cap waits until the next day, then goes out', async () => {
    h = await Harness.start({
      features: { welcome: { delivery: 'dm' }, photoNudge: { reminders: 0 } },
      outreach: { directMessages: { perDay: 1, perWeek: 3 } },
    });
    await h.join('ana');
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `m${n}`);
    const dms = () => h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana');
    expect(dms()).toHaveLength(1); // the welcome; the nudge is capped for today
    await h.advance('23h');
    expect(dms()).toHaveLength(1);
    await h.advance('1h');
    expect(dms()).toHaveLength(2);
    expect(dms()[1]!.text).toContain('profile photo');
  });

  // A member who leaves and rejoins is welcomed back quietly in the channel, never by DM
  // again (see the welcome tests), so the weekly cap is shown with a welcome and nudges.
  it('the weekly cap holds across days: a reminder due on day 3 waits for the rolling week', async () => {
    h = await Harness.start({
      features: { welcome: { delivery: 'dm' }, photoNudge: { reminders: 1, reminderAfter: '3d' } },
      outreach: { directMessages: { perDay: 5, perWeek: 2 } },
    });
    await h.join('ana');
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `m${n}`);
    const dms = () => h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana');
    expect(dms()).toHaveLength(2); // the welcome and the nudge
    await h.advance('3d');
    expect(dms()).toHaveLength(2); // the reminder is due, but the week already holds two
    await h.advance('3d');
    expect(dms()).toHaveLength(2);
    await h.advance('1d');
    expect(dms()).toHaveLength(3);
    expect(dms()[2]!.text).toContain('profile photo');
  });

  it('a DM welcome over the cap is posted in the channel instead', async () => {
    h = await Harness.start({
      features: { welcome: { delivery: 'dm', burst: { threshold: 50 } }, photoNudge: { enabled: false } },
      outreach: { directMessages: { perDay: 5, perWeek: 0 } },
    });
    await h.join('ana');
    const toAna = h.sent.filter((s) => s.kind !== 'reply' && s.mentions.includes(h.member('ana')));
    expect(toAna.map((s) => s.kind)).toEqual(['channel']);
  });
});

describe('outreach in French', () => {
  it('opt-out, opt-in and the contact history answer in French, errors included', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('ana', '/optout');
    expect(h.lastReplyTo('ana')).toBe(
      'C’est noté : Foyer ne vous enverra plus de messages privés. /optin annule ce choix.',
    );
    await h.command('ana', '/optin');
    expect(h.lastReplyTo('ana')).toBe('C’est noté : Foyer peut de nouveau vous envoyer des messages privés.');
    await h.command('ana', '/optout');
    await h.join('ana');
    await h.command('mod', '/member history @ana');
    expect(h.lastReplyTo('mod')!.split('\n')).toEqual([
      'ana : arrivée 2 mars 2026, 10:00 UTC+1, premier message —, ne veut plus de messages privés.',
      '',
      '• 2 mars 2026, 10:00 UTC+1 — accueil : accueil à l’arrivée, dans le salon — envoyé (remis)',
    ]);
    await h.command('mod', '/member history <script>');
    expect(h.lastReplyTo('mod')).toBe('« <script> » ne désigne pas un membre ici.');
    await h.command('mod', '/member history personne');
    expect(h.lastReplyTo('mod')).toContain('Foyer ne connaît aucun membre personne');
    await h.command('mod', '/member history');
    expect(h.lastReplyTo('mod')).toBe('member manque.\n\nUtilisation : /member history <member>');
  });

  it('says in French that a known member was never contacted, and describes its commands in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' }, features: { welcome: { enabled: false } } });
    h.roles.set('mod', 'moderator');
    await h.post('bo', 'general', 'salut');
    await h.command('mod', '/member history bo');
    expect(h.lastReplyTo('mod')).toContain('Foyer n’a pas contacté ce membre.');
    await h.command('mod', '/help');
    const help = h.lastReplyTo('mod')!;
    expect(help).toContain('/optout — Demander à Foyer de ne plus vous envoyer de messages privés');
    expect(help).toContain('/optin — Permettre de nouveau à Foyer de vous envoyer des messages privés');
    expect(help).toContain('/member history — Modération : chaque contact de Foyer avec un membre');
  });
});
