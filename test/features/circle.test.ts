import { afterEach, describe, expect, it } from 'vitest';
import type { MemberId } from '../../src/core/ids.ts';
import type { MemberRoles } from '../../src/core/ports.ts';
import { fail, ok } from '../../src/core/result.ts';
import { sustainedReasons } from '../../src/features/circle/circle.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

async function community(overrides: Record<string, unknown> = {}, deps: Harness['deps'] = {}): Promise<Harness> {
  const harness = await Harness.start(overrides, undefined, deps);
  harness.roles.set('mod', 'moderator');
  for (const name of ['ana', 'bob', 'carl', 'dan', 'mod']) await harness.join(name);
  return harness;
}

const dmsTo = (harness: Harness, name: string) => harness.sent.filter((s) => s.kind === 'dm' && s.to === `@${name}`);

describe('the inner circle', () => {
  it('moderators add, list and remove members; the member is welcomed privately', async () => {
    h = await community();
    await h.command('ana', '/circle add bob');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.command('mod', '/circle list');
    expect(h.lastReplyTo('mod')).toBe('The inner circle is empty. /circle candidates lists members who could join it.');
    await h.command('mod', '/circle add ana');
    expect(h.lastReplyTo('mod')).toBe('ana is now in the inner circle and gets its early previews.');
    expect(dmsTo(h, 'ana').at(-1)?.text).toContain('welcomed you into the inner circle');
    await h.command('mod', '/circle add ana');
    expect(h.lastReplyTo('mod')).toBe('ana is already in the inner circle.');
    await h.command('mod', '/circle add @bob');
    await h.command('mod', '/circle add nobody');
    expect(h.lastReplyTo('mod')).toBe('Foyer knows no member nobody here.');
    await h.command('mod', '/circle list');
    const listed = h.lastReplyTo('mod')!;
    expect(listed).toContain('2 members in the inner circle:');
    expect(listed).toMatch(/ana, since .*\n.*bob, since/);
    await h.command('mod', '/circle remove bob');
    expect(h.lastReplyTo('mod')).toBe('bob is no longer in the inner circle.');
    await h.command('mod', '/circle remove bob');
    expect(h.lastReplyTo('mod')).toBe('bob is not in the inner circle.');
    expect(h.storage.groups.members(h.community, 'circle')).toEqual([h.member('ana')]);
  });

  it('gives the configured platform role with the circle and takes it back on removal', async () => {
    const changes: string[] = [];
    const roles: MemberRoles = {
      grant: async (member: MemberId, role: string) => {
        if (member.endsWith(':bob')) return fail('missing-permission', 'role above the bot');
        changes.push(`+${role} ${member}`);
        return ok(undefined);
      },
      revoke: async (member: MemberId, role: string) => {
        changes.push(`-${role} ${member}`);
        return ok(undefined);
      },
    };
    h = await community({ features: { circle: { role: 'circle-role' } } }, { ownPorts: { memberRoles: roles } });
    await h.command('mod', '/circle add ana');
    await h.command('mod', '/circle add bob'); // the platform refuses: bob is in the circle all the same
    expect(h.storage.groups.isIn(h.community, 'circle', h.member('bob'))).toBe(true);
    await h.command('mod', '/circle remove ana');
    await h.command('mod', '/circle remove ana');
    expect(changes).toEqual(['+circle-role console:ana', '-circle-role console:ana']);
    expect(h.logger.records.some((r) => r.message === 'circle role not changed')).toBe(true);
  });

  it('suggests members thanked by many over the long window, never staff or members already in', async () => {
    h = await community({ features: { circle: { minThanksGivers: 3 } } });
    await h.command('mod', '/circle candidates');
    expect(h.lastReplyTo('mod')).toBe('No member meets the inner circle’s bar of sustained contribution yet.');
    for (const giver of ['bob', 'carl', 'dan']) await h.command(giver, '/thanks ana');
    for (const giver of ['ana', 'bob', 'carl']) await h.command(giver, '/thanks mod');
    await h.command('ana', '/thanks dan');
    await h.advance('1m');
    await h.command('mod', '/circle candidates');
    const listed = h.lastReplyTo('mod')!;
    expect(listed).toContain('ana (/circle add ana): thanked by 3 distinct members');
    expect(listed).not.toMatch(/\bmod \(|\bdan \(/);
    await h.command('mod', '/circle add ana');
    await h.command('mod', '/circle candidates');
    expect(h.lastReplyTo('mod')).toBe('No member meets the inner circle’s bar of sustained contribution yet.');
  });

  it('previews a poll privately to circle members, who vote early; everyone else waits for it to open', async () => {
    h = await community();
    await h.command('mod', '/circle add ana');
    await h.advance('1d'); // the outreach caps: the welcome was today's direct message
    await h.command('mod', '/poll Picnic day? | Saturday | Sunday | for 1d | preview 1d');
    expect(h.lastReplyTo('mod')).toMatch(
      /^Poll #1 is previewed privately to 1 inner circle member and opens to everyone at /,
    );
    const preview = dmsTo(h, 'ana').at(-1)!;
    expect(preview.text).toContain('Poll #1: Picnic day?');
    expect(preview.text).toContain('Inner circle preview: this poll opens to everyone at');
    expect(dmsTo(h, 'bob')).toHaveLength(0);
    expect(h.sent.filter((s) => s.kind === 'channel' && s.text.includes('Picnic day?'))).toHaveLength(0);
    await h.command('ana', '/vote 1 1');
    expect(h.lastReplyTo('ana')).toBe('Your vote in poll #1 is recorded: Saturday.');
    await h.command('bob', '/vote 1 2');
    expect(h.lastReplyTo('bob')).toMatch(/^Poll #1 opens to everyone at /);
    await h.restart(60_000);
    await h.advance('1d');
    const opened = h.sent.filter((s) => s.to === '#general' && s.text.includes('Poll #1: Picnic day?'));
    expect(opened).toHaveLength(1);
    await h.command('bob', '/vote 1 2');
    expect(h.lastReplyTo('bob')).toBe('Your vote in poll #1 is recorded: Sunday.');
    await h.advance('1d');
    const closed = h.sent.filter((s) => s.to === '#general' && s.text.startsWith('Poll #1 closed:'));
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toContain('2 members voted.');
  });

  it('sends circle members the coming week’s calendar privately, and nobody else', async () => {
    h = await community({
      features: {
        calendar: {
          circlePreview: '0 17 * * 0',
          entries: [
            {
              id: 'tuesday',
              at: '2026-03-10T09:00',
              channel: 'general',
              text: 'Tuesday workshop!',
              author: 'Camille',
              status: 'approved',
            },
            { id: 'draft', at: '2026-03-11T09:00', channel: 'general', text: 'Not approved yet', author: 'Camille' },
            {
              id: 'far',
              at: '2026-03-30T09:00',
              channel: 'general',
              text: 'Later this month',
              author: 'Camille',
              status: 'approved',
            },
          ],
        },
      },
    });
    await h.command('mod', '/circle add ana');
    await h.advance('6d'); // Sunday 8 March, 17:00 in Paris
    await h.advance('10h');
    const preview = dmsTo(h, 'ana').find((s) => s.text.includes('Inner circle preview'));
    expect(preview?.text).toContain('Tuesday workshop!');
    expect(preview?.text).not.toContain('Not approved yet');
    expect(preview?.text).not.toContain('Later this month');
    for (const name of ['bob', 'carl', 'dan', 'mod'])
      expect(dmsTo(h, name).filter((s) => s.text.includes('Inner circle preview'))).toHaveLength(0);
    expect(h.sent.filter((s) => s.kind === 'channel' && s.text.includes('Tuesday workshop!'))).toHaveLength(0);
  });

  it('membership is in /mydata and erased with the member; French in a French community', async () => {
    h = await community({ community: { locale: 'fr' } });
    await h.command('mod', '/circle add ana');
    expect(h.lastReplyTo('mod')).toBe(
      'ana fait maintenant partie du cercle des proches et reçoit ses avant-premières.',
    );
    expect(dmsTo(h, 'ana').at(-1)?.text).toContain('vous ont accueilli·e dans le cercle des proches');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('Vous faites partie du cercle des proches (depuis le');
    await h.command('ana', '/mydata erase');
    const code = /\b([A-Z0-9]{6})\b/.exec(h.lastReplyTo('ana')!)?.[1];
    await h.command('ana', `/mydata erase ${code}`);
    expect(h.storage.groups.members(h.community, 'circle')).toEqual([]);
  });
});

describe('sustained contribution', () => {
  const rules = { minLevelRank: 2, heldSince: new Date('2026-01-01T00:00:00Z'), minThanksGivers: 5 };
  const contributor = (givers: number) => ({ member: 'console:ana', givers, thanks: givers, activeDays: 10 }) as never;
  it('counts a level held long enough, or thanks from enough members', () => {
    const level = (rank: number, since: string) => ({ rank, level: 'contributing', since: new Date(since) });
    expect(sustainedReasons(contributor(0), level(2, '2025-12-01T00:00:00Z'), rules)).toEqual([
      { kind: 'level', level: level(2, '2025-12-01T00:00:00Z') },
    ]);
    expect(sustainedReasons(contributor(0), level(2, '2026-02-01T00:00:00Z'), rules)).toEqual([]);
    expect(sustainedReasons(contributor(0), level(1, '2025-01-01T00:00:00Z'), rules)).toEqual([]);
    expect(sustainedReasons(contributor(5), undefined, rules)).toEqual([{ kind: 'thanks', givers: 5 }]);
    expect(sustainedReasons(contributor(4), undefined, rules)).toEqual([]);
  });
});
