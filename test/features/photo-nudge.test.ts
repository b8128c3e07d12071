import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const nudges = (h: Harness, name: string) =>
  h.sent.filter((s) => s.kind !== 'reply' && s.mentions.includes(h.member(name)) && /photo/.test(s.text));

describe('profile-photo nudge', () => {
  it('nudges after the member’s third message, not in the welcome, and only once', async () => {
    h = await Harness.start();
    await h.join('ana');
    expect(nudges(h, 'ana')).toHaveLength(0);
    await h.post('ana', 'general', 'one');
    await h.post('ana', 'general', 'two');
    expect(nudges(h, 'ana')).toHaveLength(0);
    await h.post('ana', 'general', 'three');
    expect(nudges(h, 'ana').map((s) => [s.kind, s.to])).toEqual([['dm', '@ana']]);
    expect(nudges(h, 'ana')[0]!.text).toContain('Members with a profile photo are easier to recognise');
    await h.post('ana', 'general', 'four');
    expect(nudges(h, 'ana')).toHaveLength(1);
  });

  it('never nudges a member who joined with a photo', async () => {
    h = await Harness.start();
    await h.join('bo', { photo: true });
    for (const n of [1, 2, 3, 4]) await h.post('bo', 'general', `m${n}`);
    expect(nudges(h, 'bo')).toHaveLength(0);
  });

  it('sends one reminder after the configured time, and none once the photo is set', async () => {
    h = await Harness.start({ features: { photoNudge: { reminders: 1, reminderAfter: '3d' } } });
    await h.join('ana');
    await h.join('cy');
    for (const n of [1, 2, 3]) {
      await h.post('ana', 'general', `a${n}`);
      await h.post('cy', 'general', `c${n}`);
    }
    await h.setPhoto('cy', true);
    await h.advance('3d');
    expect(nudges(h, 'ana')).toHaveLength(2);
    expect(nudges(h, 'ana')[1]!.text).toContain('A gentle reminder');
    expect(nudges(h, 'cy')).toHaveLength(1);
    await h.advance('10d');
    expect(nudges(h, 'ana')).toHaveLength(2); // at most 1 + reminders
  });

  it('with the delay trigger, nudges a day after joining, even across a restart', async () => {
    h = await Harness.start({
      features: { photoNudge: { trigger: 'delay', delay: '24h', reminders: 0, delivery: 'mention' } },
    });
    await h.join('ana');
    await h.advance('23h');
    expect(nudges(h, 'ana')).toHaveLength(0);
    await h.restart(30 * 60_000);
    await h.advance('1h');
    expect(nudges(h, 'ana').map((s) => s.to)).toEqual(['#welcome']);
    await h.restart(60_000);
    await h.advance('2d');
    expect(nudges(h, 'ana')).toHaveLength(1);
  });

  it('respects /optout: a DM nudge is not sent, and the log says why', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.command('ana', '/optout');
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `m${n}`);
    expect(nudges(h, 'ana')).toHaveLength(0);
    expect(
      h.storage.outreach.forMember(h.community, h.member('ana')).find((e) => e.feature === 'photo-nudge'),
    ).toMatchObject({ status: 'skipped' });
  });

  it('records whether nudged members set a photo, and shows who posts more', async () => {
    h = await Harness.start({ features: { photoNudge: { reminders: 0 } } });
    h.roles.set('mod', 'moderator');
    await h.join('ana');
    await h.join('bo', { photo: true });
    await h.join('cy');
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `a${n}`);
    await h.advance('1h');
    await h.setPhoto('ana', true);
    for (const n of [1, 2, 3, 4, 5]) await h.post('bo', 'general', `b${n}`);
    await h.post('cy', 'general', 'c1');
    await h.command('mod', '/photo stats');
    const reply = h.lastReplyTo('mod')!;
    expect(reply).toContain('with a photo: 2 members, 8 messages (4.0 per member)');
    expect(reply).toContain('without a photo: 1 member, 1 message (1.0 per member)');
    expect(reply).toContain('members with a photo post 4.0× as much');
    expect(reply).toContain('nudged: 1; set a photo after the nudge: 1');
    await h.command('ana', '/photo stats');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
  });
});

describe('profile-photo nudge reads the live profile', () => {
  it('does not nudge a member whose photo was set without an event reaching Foyer', async () => {
    h = await Harness.start();
    await h.join('ana');
    // As when the member set it while Foyer was offline: Discord's catch-up does not replay profile changes.
    h.platform.photos.set(h.member('ana'), true);
    for (const n of [1, 2, 3, 4]) await h.post('ana', 'general', `m${n}`);
    expect(nudges(h, 'ana')).toHaveLength(0);
  });

  it('sends no reminder once the live profile has a photo, and records it as set after the nudge', async () => {
    h = await Harness.start({ features: { photoNudge: { reminders: 1, reminderAfter: '3d' } } });
    h.roles.set('mod', 'moderator');
    await h.join('ana');
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `m${n}`);
    expect(nudges(h, 'ana')).toHaveLength(1);
    h.platform.photos.set(h.member('ana'), true);
    await h.advance('3d');
    expect(nudges(h, 'ana')).toHaveLength(1);
    await h.command('mod', '/photo stats');
    expect(h.lastReplyTo('mod')).toContain('nudged: 1; set a photo after the nudge: 1');
  });
});

describe('profile-photo nudge in French', () => {
  it('nudges, reminds and gives the figures in the community’s French, with French numbers and plurals', async () => {
    h = await Harness.start({ community: { locale: 'fr' }, features: { photoNudge: { reminders: 1 } } });
    h.roles.set('mod', 'moderator');
    await h.join('ana');
    await h.join('bo', { photo: true });
    for (const n of [1, 2, 3]) await h.post('ana', 'general', `a${n}`);
    expect(nudges(h, 'ana')[0]!.text).toContain('Bonjour @ana ! Les membres avec une photo de profil');
    await h.advance('3d');
    expect(nudges(h, 'ana')[1]!.text).toBe(
      'Petit rappel, @ana : une photo de profil aide les membres de The Garden à vous reconnaître.',
    );
    await h.post('bo', 'general', 'b1');
    await h.command('mod', '/photo stats');
    expect(h.lastReplyTo('mod')!.split('\n')).toEqual([
      'Photos de profil et messages :',
      '',
      '• avec une photo : 1 membre, 1 message (1,0 par membre)',
      '• sans photo : 1 membre, 3 messages (3,0 par membre)',
      '• les membres avec une photo écrivent 0,3 fois autant',
      '• relancés : 1 ; ont mis une photo après la relance : 0',
    ]);
    await h.command('ana', '/photo stats');
    expect(h.lastReplyTo('ana')).toBe('Désolé, /photo stats est réservée aux modérateurs.');
    await h.command('mod', '/help');
    expect(h.lastReplyTo('mod')).toContain(
      '/photo stats — Modération : comment écrivent les membres avec une photo de profil, comparés à ceux sans',
    );
  });

  it('says in words when there is no ratio to give', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/photo stats');
    expect(h.lastReplyTo('mod')).toContain('• personne n’a encore écrit');
    await h.join('bo', { photo: true });
    await h.post('bo', 'general', 'b1');
    await h.command('mod', '/photo stats');
    expect(h.lastReplyTo('mod')).toContain('• seuls les membres avec une photo ont écrit');
  });
});
