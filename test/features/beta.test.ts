import { afterEach, describe, expect, it } from 'vitest';
import { parsePollSpec } from '../../src/features/polls/polls.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

async function community(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  for (const name of ['ana', 'bob', 'carl', 'mod']) await harness.join(name);
  return harness;
}

const dmsTo = (harness: Harness, name: string) => harness.sent.filter((s) => s.kind === 'dm' && s.to === `@${name}`);
const inChannel = (harness: Harness, channel: string) => harness.sent.filter((s) => s.to === channel);

describe('beta group membership', () => {
  it('members join and leave; the group is what core’s groups view says', async () => {
    h = await community();
    await h.command('ana', '/beta join');
    expect(h.lastReplyTo('ana')).toContain('Welcome to the beta group!');
    expect(h.lastReplyTo('ana')).toContain('/beta leave leaves it at any time');
    await h.command('ana', '/beta join');
    expect(h.lastReplyTo('ana')).toBe('You are already in the beta group. /beta leave leaves it.');
    await h.command('bob', '/beta join');
    expect(h.storage.groups.members(h.community, 'beta')).toEqual([h.member('ana'), h.member('bob')]);
    await h.command('bob', '/beta leave');
    expect(h.lastReplyTo('bob')).toContain('You left the beta group');
    await h.command('bob', '/beta leave');
    expect(h.lastReplyTo('bob')).toBe('You are not in the beta group. /beta join joins it.');
    expect(h.storage.groups.isIn(h.community, 'beta', h.member('bob'))).toBe(false);
    expect(h.storage.groups.isIn(h.community, 'beta', h.member('ana'))).toBe(true);
  });

  it('moderators invite privately; the invited member is in the group only once they accept', async () => {
    h = await community();
    await h.command('ana', '/beta invite bob');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.command('mod', '/beta invite bob');
    expect(h.lastReplyTo('mod')).toBe('bob is invited privately; they are in the group once they accept.');
    const invitation = dmsTo(h, 'bob');
    expect(invitation).toHaveLength(1);
    expect(invitation[0]!.text).toContain('To accept, type /beta join');
    expect(h.storage.groups.isIn(h.community, 'beta', h.member('bob'))).toBe(false);
    await h.command('mod', '/beta invite bob');
    expect(h.lastReplyTo('mod')).toMatch(/^bob was already invited on /);
    await h.command('mod', '/beta list');
    expect(h.lastReplyTo('mod')).toContain('1 invitation waiting: bob');
    await h.command('bob', '/beta join');
    expect(h.storage.groups.isIn(h.community, 'beta', h.member('bob'))).toBe(true);
    await h.command('mod', '/beta invite bob');
    expect(h.lastReplyTo('mod')).toBe('bob is already in the beta group.');
    await h.command('mod', '/beta list');
    expect(h.lastReplyTo('mod')).toContain('1 member in the beta group:');
    // A member who turned off direct messages gets no invitation, and none is recorded.
    await h.command('carl', '/optout');
    await h.command('mod', '/beta invite carl');
    expect(h.lastReplyTo('mod')).toBe('carl could not be invited: their direct messages are off or closed.');
    expect(h.storage.stores.beta.get(h.community, h.member('carl'))).toBeUndefined();
  });

  it('membership is in /mydata, and /mydata erase takes the member out of the group', async () => {
    h = await community();
    await h.command('ana', '/beta join');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('You are in the beta group (since');
    await h.command('ana', '/mydata erase');
    const code = /\b([A-Z0-9]{6})\b/.exec(h.lastReplyTo('ana')!)?.[1];
    await h.command('ana', `/mydata erase ${code}`);
    expect(h.storage.groups.members(h.community, 'beta')).toEqual([]);
  });
});

describe('beta-only polls', () => {
  it('reach only beta members, privately, and count only their votes', async () => {
    h = await community();
    await h.command('mod', '/poll New map? | yes | no | for 1d | beta');
    expect(h.lastReplyTo('mod')).toBe('Nobody is in the beta group yet: no poll was started.');
    await h.command('ana', '/beta join');
    await h.command('bob', '/beta join');
    const before = h.sent.length;
    await h.command('mod', '/poll New map? | yes | no | for 1d | beta');
    expect(h.lastReplyTo('mod')).toBe('Poll #1 is for the beta group: sent privately to 2 members.');
    const sent = h.sent.slice(before).filter((s) => s.kind !== 'reply');
    expect(sent.map((s) => s.to).sort()).toEqual(['@ana', '@bob']);
    expect(sent[0]!.text).toContain('Beta group poll #1: New map?');
    expect(sent[0]!.text).toContain('/vote 1 1');
    await h.command('ana', '/vote 1 1');
    expect(h.lastReplyTo('ana')).toBe('Your vote in poll #1 is recorded: yes.');
    await h.command('carl', '/vote 1 2');
    expect(h.lastReplyTo('carl')).toBe('Poll #1 is for the beta group only. /beta join joins it.');
    await h.command('bob', '/vote 1 2');
    await h.advance('1d');
    const results = h.sent.filter((s) => s.text.startsWith('Poll #1 closed:'));
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toContain('2 members voted.');
    expect(results[0]!.text).toContain('1. yes: 1 vote (50%)');
  });

  it('go to the beta channel when the beta group has one; everyone-polls keep working as before', async () => {
    h = await community({ channels: { beta: 'beta' }, features: { beta: { channel: 'beta' } } });
    await h.command('mod', '/poll Try it? | yes | no | beta');
    expect(h.lastReplyTo('mod')).toBe('Poll #1 is open (typed votes).');
    expect(inChannel(h, '#beta').at(-1)?.text).toContain('Beta group poll #1: Try it?');
    expect(h.sent.filter((s) => s.kind === 'dm')).toHaveLength(0);
    await h.command('ana', '/vote 1 1');
    expect(h.lastReplyTo('ana')).toContain('for the beta group only');
    await h.command('mod', '/poll Lunch? | pizza | salad');
    expect(inChannel(h, '#general').at(-1)?.text).toContain('Poll #2: Lunch?');
    await h.command('ana', '/vote 2 1');
    expect(h.lastReplyTo('ana')).toBe('Your vote in poll #2 is recorded: pizza.');
  });

  it('reads `beta` and `preview` in English and French, and refuses both at once', () => {
    expect(parsePollSpec('Q? | a | b | beta')).toMatchObject({ audience: 'beta' });
    expect(parsePollSpec('Q? | a | b | bêta')).toMatchObject({ audience: 'beta' });
    expect(parsePollSpec('Q? | a | b | preview 1d')).toMatchObject({ previewMs: 86_400_000 });
    expect(parsePollSpec('Q? | a | b | aperçu 2j')).toMatchObject({ previewMs: 2 * 86_400_000 });
    expect(parsePollSpec('Q? | a | b | beta | preview 1d')).toEqual({ kind: 'previewForBeta' });
    expect(parsePollSpec('Q? | a | b')).not.toHaveProperty('audience');
  });
});

describe('the beta group elsewhere', () => {
  it('a calendar entry for the beta group goes to each beta member privately, and nowhere public', async () => {
    h = await community({
      features: {
        calendar: {
          entries: [
            {
              id: 'beta-news',
              at: '2026-03-02T12:00',
              audience: 'beta',
              text: 'Beta: try the map',
              author: 'Camille',
              status: 'approved',
            },
          ],
        },
      },
    });
    await h.command('ana', '/beta join');
    await h.advance('3h');
    expect(dmsTo(h, 'ana').map((s) => s.text)).toContain('Beta: try the map');
    expect(dmsTo(h, 'bob')).toHaveLength(0);
    expect(h.sent.filter((s) => s.kind === 'channel' && s.text.includes('try the map'))).toHaveLength(0);
    await h.restart(60_000);
    await h.advance('1d');
    expect(dmsTo(h, 'ana').filter((s) => s.text === 'Beta: try the map')).toHaveLength(1);
  });

  it('/calendar add … beta makes a beta post; with a beta channel, it goes there', async () => {
    h = await community({ channels: { beta: 'beta' }, features: { beta: { channel: 'beta' } } });
    await h.command('mod', '/calendar add 2026-03-03T10:00 beta Beta meetup tomorrow');
    await h.command('mod', '/calendar approve c1');
    expect(h.lastReplyTo('mod')).toContain('#beta');
    await h.advance('1d');
    expect(inChannel(h, '#beta').map((s) => s.text)).toContain('Beta meetup tomorrow');
    expect(inChannel(h, '#general').filter((s) => s.text.includes('Beta meetup'))).toHaveLength(0);
  });

  it('a quiet-channel question can be sent to the beta group', async () => {
    h = await community({ features: { quietQuestions: { channels: ['general'] } } });
    await h.command('mod', '/questions ask beta');
    expect(h.lastReplyTo('mod')).toBe('Nobody is in the beta group yet: no question was asked.');
    await h.command('ana', '/beta join');
    await h.command('mod', '/questions ask beta');
    expect(h.lastReplyTo('mod')).toMatch(/^Asked 1 beta member privately: "/);
    expect(dmsTo(h, 'ana').at(-1)?.text).toMatch(/^A question for the beta group of The Garden: /);
    expect(dmsTo(h, 'bob')).toHaveLength(0);
  });

  it('/health segment beta compares the group with everyone, staff left out', async () => {
    h = await community({ features: { health: { enabled: true } } });
    await h.command('mod', '/health segment beta');
    expect(h.lastReplyTo('mod')).toContain('Nobody is in the beta group yet');
    await h.join('dan'); // a member who does nothing
    await h.command('ana', '/beta join'); // a command is activity too
    await h.command('bob', '/beta join');
    for (const text of ['one', 'two', 'three']) await h.post('ana', 'general', text);
    await h.post('carl', 'general', 'hello');
    await h.post('mod', 'general', 'staff talk');
    await h.advance('1m');
    await h.command('mod', '/health segment beta');
    const reply = h.lastReplyTo('mod')!;
    expect(reply).toContain('Members: 2 in the beta group, 4 in all.');
    expect(reply).toContain('Active (any activity in the period): 2 of the beta group (100%), 3 of everyone (75%).');
    expect(reply).toContain(
      'Communicators (3 or more messages in the period): 1 of the beta group (50%), 1 of everyone (25%).',
    );
    await h.command('mod', '/health segment gamma');
    expect(h.lastReplyTo('mod')).toBe('"gamma" is not a segment: try /health segment beta.');
  });

  it('speaks French in a French community', async () => {
    h = await community({ community: { locale: 'fr' } });
    await h.command('ana', '/beta join');
    expect(h.lastReplyTo('ana')).toContain('Bienvenue dans le groupe bêta');
    await h.command('mod', '/poll Nouvelle carte ? | oui | non | bêta');
    expect(h.lastReplyTo('mod')).toBe('Le sondage n°1 est réservé au groupe bêta : envoyé en privé à 1 membre.');
    expect(dmsTo(h, 'ana').at(-1)?.text).toContain('Sondage du groupe bêta n°1 : Nouvelle carte ?');
    await h.command('mod', '/beta invite bob');
    expect(dmsTo(h, 'bob').at(-1)?.text).toContain('Pour accepter, tapez /beta join');
  });
});
