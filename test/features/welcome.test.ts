import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../src/core/result.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const welcomes = (h: Harness) => h.sent.filter((s) => s.kind !== 'reply');

describe('welcome', () => {
  it('welcomes a newcomer personally in the welcome channel, pinging only them', async () => {
    h = await Harness.start();
    await h.join('alice');
    expect(welcomes(h)).toHaveLength(1);
    const [welcome] = welcomes(h);
    expect(welcome!.to).toBe('#welcome');
    expect(welcome!.text).toContain('Welcome to The Garden, @alice!');
    expect(welcome!.text).toContain('/onboarding');
    expect(welcome!.mentions).toEqual([h.member('alice')]);
  });

  it('welcomes in French when the community speaks French', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    await h.join('amélie');
    expect(welcomes(h)[0]!.text).toContain('Bienvenue dans The Garden, @amélie !');
  });

  it('uses the community template override with its variables', async () => {
    h = await Harness.start({ templates: { en: { 'welcome.single': 'Hi {member}, this is {community}.' } } });
    await h.join('alice');
    expect(welcomes(h)[0]!.text).toBe(
      'Hi @alice, this is The Garden.\n\nYour first steps are waiting: type /onboarding to see them.',
    );
  });

  it('when the same join is delivered twice, welcomes once', async () => {
    h = await Harness.start();
    const join = h.joinEvent('alice', { id: 'gateway-join-1' });
    await h.deliver(join);
    await h.deliver(join);
    // Same join under a different delivery id (Discord can send GUILD_MEMBER_ADD twice).
    await h.deliver({ ...join, id: 'console:gateway-join-1-again' as never });
    expect(welcomes(h)).toHaveLength(1);
  });

  it('when Foyer restarts after welcoming, a replayed join is not welcomed again', async () => {
    h = await Harness.start();
    const join = h.joinEvent('alice', { id: 'join-before-restart' });
    await h.deliver(join);
    await h.restart(60_000);
    await h.deliver(join);
    expect(welcomes(h)).toHaveLength(1);
  });

  it('a member who leaves and comes back gets a quiet welcome back, by name and without a ping', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.leave('alice');
    await h.advance('1d');
    await h.join('alice');
    expect(welcomes(h)).toHaveLength(2);
    const back = welcomes(h)[1]!;
    expect(back.to).toBe('#welcome');
    expect(back.text).toBe('Welcome back to The Garden, alice.');
    expect(back.mentions).toEqual([]);
  });

  it('leaving and rejoining again and again: at most one welcome back per period', async () => {
    h = await Harness.start({ features: { welcome: { rejoin: { period: '7d' } } } });
    await h.join('alice');
    for (let i = 0; i < 5; i++) {
      await h.leave('alice');
      await h.advance('1h');
      await h.join('alice');
    }
    expect(welcomes(h)).toHaveLength(2); // the first welcome, one welcome back
    await h.leave('alice');
    await h.advance('7d');
    await h.join('alice');
    expect(welcomes(h)).toHaveLength(3);
    expect(welcomes(h)[2]!.mentions).toEqual([]);
  });

  it('a member the platform marks as rejoining (Discord: DID_REJOIN) gets the quiet welcome back, in French too', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    await h.deliver({ ...h.joinEvent('amélie'), rejoined: true } as never);
    expect(welcomes(h).map((w) => [w.text, w.mentions])).toEqual([['Bon retour dans The Garden, amélie.', []]]);
  });

  it('records each welcome in the outreach log with its outcome', async () => {
    h = await Harness.start();
    await h.join('alice');
    const [entry] = h.storage.outreach.forMember(h.community, h.member('alice'));
    expect(entry).toMatchObject({
      feature: 'welcome',
      reason: 'welcome on join',
      via: 'channel',
      status: 'sent',
      outcome: 'delivered',
    });
  });

  it('a send that fails is recorded as failed, not retried into a storm', async () => {
    h = await Harness.start();
    h.platform.failSends = fail('rate-limited', '429');
    await h.join('alice');
    expect(welcomes(h)).toHaveLength(0);
    const [entry] = h.storage.outreach.forMember(h.community, h.member('alice'));
    expect(entry).toMatchObject({ status: 'failed', outcome: 'rate-limited: 429' });
  });

  describe('by direct message', () => {
    it('sends the welcome as a DM', async () => {
      h = await Harness.start({ features: { welcome: { delivery: 'dm' } } });
      await h.join('alice');
      expect(welcomes(h).map((s) => [s.kind, s.to])).toEqual([['dm', '@alice']]);
    });

    it('falls back to the channel when the newcomer has closed their DMs', async () => {
      h = await Harness.start({ features: { welcome: { delivery: 'dm' } } });
      h.platform.closedDms.add(h.member('alice'));
      await h.join('alice');
      expect(welcomes(h).map((s) => [s.kind, s.to])).toEqual([['channel', '#welcome']]);
      const log = h.storage.outreach.forMember(h.community, h.member('alice'));
      expect(log.map((e) => [e.via, e.status])).toEqual(
        expect.arrayContaining([
          ['dm', 'failed'],
          ['channel', 'sent'],
        ]),
      );
    });
  });

  describe('join bursts', () => {
    const burst = { features: { welcome: { burst: { threshold: 3, window: '2m', namesPerMessage: 4 } } } };

    it('greets a burst in grouped messages and leaves nobody out', async () => {
      h = await Harness.start(burst);
      const names = Array.from({ length: 10 }, (_, i) => `newcomer${i}`);
      for (const name of names) await h.join(name);
      // The first was greeted at once; the rest wait for the pace, then go at most 4 to a message.
      expect(welcomes(h)).toHaveLength(1);
      await h.advance('2m');
      const grouped = welcomes(h).slice(1);
      expect(grouped.length).toBe(3); // 9 names, at most 4 per message
      const everyoneMentioned = new Set(welcomes(h).flatMap((s) => s.mentions));
      expect([...everyoneMentioned].sort()).toEqual(names.map((n) => h.member(n)).sort());
      expect(grouped[0]!.text).toContain('A warm welcome to our 4 newest members');
      // Each member is in the outreach log exactly once.
      for (const name of names) expect(h.storage.outreach.forMember(h.community, h.member(name))).toHaveLength(1);
    });

    it('sends no direct message during a burst, even when welcomes go by DM', async () => {
      h = await Harness.start({ features: { welcome: { delivery: 'dm', burst: { threshold: 2, window: '1m' } } } });
      for (const name of ['a', 'b', 'c', 'd', 'e']) await h.join(name);
      await h.advance('1m');
      expect(welcomes(h).filter((s) => s.kind === 'dm')).toHaveLength(2);
      expect(welcomes(h).filter((s) => s.kind === 'channel')).toHaveLength(1);
    });

    it('a restart during a burst still greets everyone queued, once', async () => {
      h = await Harness.start(burst);
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await h.join(name);
      expect(welcomes(h)).toHaveLength(1);
      await h.restart(10 * 60_000); // down past the grouped welcome's time
      const after = welcomes(h).slice(1);
      expect(after).toHaveLength(1);
      expect(after[0]!.mentions.sort()).toEqual(['b', 'c', 'd', 'e'].map((n) => h.member(n)).sort());
      await h.advance('10m');
      expect(welcomes(h)).toHaveLength(3);
      expect(welcomes(h)[2]!.mentions).toEqual([h.member('f')]);
    });

    it('a newcomer who left before the grouped welcome is not greeted in it', async () => {
      h = await Harness.start(burst);
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await h.join(name);
      await h.leave('e');
      await h.advance('2m');
      const grouped = welcomes(h).slice(1);
      expect(grouped).toHaveLength(1);
      expect(grouped[0]!.mentions.sort()).toEqual(['b', 'c', 'd', 'f'].map((n) => h.member(n)).sort());
      expect(grouped[0]!.text).toContain('our 4 newest members: @b, @c, @d, @f!');
      expect(h.storage.outreach.forMember(h.community, h.member('e'))).toEqual([]);
    });

    it('a newcomer who left and came back during the burst is greeted once, for the join that counts', async () => {
      h = await Harness.start(burst);
      for (const name of ['a', 'b', 'c', 'd']) await h.join(name);
      await h.leave('d');
      await h.advance('10s');
      await h.join('d');
      await h.advance('2m');
      const grouped = welcomes(h).slice(1);
      expect(grouped.flatMap((g) => g.text.match(/@d\b/g) ?? [])).toHaveLength(1);
      expect(h.storage.outreach.forMember(h.community, h.member('d'))).toHaveLength(1);
    });

    it('says “our newest member” for a grouped welcome of one, in English and in French', async () => {
      h = await Harness.start(burst);
      for (const name of ['a', 'd']) await h.join(name);
      await h.advance('2m');
      expect(welcomes(h).at(-1)!.text).toContain('A warm welcome to our newest member: @d! We are glad you are here.');
      await h.stop();
      h = await Harness.start({ ...burst, community: { locale: 'fr' } });
      for (const name of ['a', 'd']) await h.join(name);
      await h.advance('2m');
      expect(welcomes(h).at(-1)!.text).toContain('Bienvenue à notre nouveau membre : @d !');
    });

    it('joins spread out over time are welcomed one by one', async () => {
      h = await Harness.start(burst);
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
        await h.join(name);
        await h.advance('1m');
      }
      expect(welcomes(h)).toHaveLength(6);
      expect(welcomes(h).every((s) => s.mentions.length === 1)).toBe(true);
    });
  });

  describe('pace: at most one welcome message per 6 s in the channel, so Discord never sees two within 5 s', () => {
    /** Advances one second at a time and notes when each welcome message went out (seconds from now). */
    async function sendTimes(h: Harness, seconds: number, each: (second: number) => Promise<void> = async () => {}) {
      const times: number[] = welcomes(h).map(() => 0);
      for (let second = 1; second <= seconds; second++) {
        await each(second);
        await h.advance('1s');
        while (times.length < welcomes(h).length) times.push(second);
      }
      return times;
    }

    it('a newcomer arriving within 6 s of the last welcome is greeted in the next message, 6 s after it', async () => {
      h = await Harness.start();
      await h.join('alice');
      await h.advance('2s');
      await h.join('bob');
      expect(welcomes(h)).toHaveLength(1);
      await h.advance('3s');
      expect(welcomes(h)).toHaveLength(1);
      await h.advance('1s');
      expect(welcomes(h)).toHaveLength(2);
      expect(welcomes(h)[1]!.text).toContain('A warm welcome to our newest member: @bob!');
      expect(welcomes(h)[1]!.mentions).toEqual([h.member('bob')]);
    });

    it('a raid of 100 joins (50 in one second, then one a second) is greeted in few messages, 6 s apart, everyone once', async () => {
      h = await Harness.start();
      const names = Array.from({ length: 100 }, (_, i) => `raider${i}`);
      for (const name of names.slice(0, 50)) await h.join(name);
      const times = await sendTimes(h, 120, async (second) => {
        if (second <= 50) await h.join(names[49 + second]!);
      });
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(6);
      const mentioned = welcomes(h).flatMap((s) => s.mentions);
      expect(mentioned.sort()).toEqual(names.map((n) => h.member(n)).sort());
      expect(welcomes(h).every((s) => s.mentions.length <= 20)).toBe(true);
      // 100 newcomers in 11 messages: the first alone, then 20 names a message until the backlog is gone.
      expect(welcomes(h).length).toBeLessThanOrEqual(12);
    });

    it('a quiet welcome back is skipped while the channel is busy greeting newcomers', async () => {
      h = await Harness.start();
      await h.join('ana');
      await h.leave('ana');
      await h.advance('1d');
      await h.join('newcomer');
      await h.join('ana');
      await h.advance('1m');
      expect(
        welcomes(h)
          .map((s) => s.text)
          .filter((t) => t.includes('Welcome back')),
      ).toEqual([]);
      expect(h.logger.records.some((r) => r.message === 'welcome back skipped: the welcome channel is busy')).toBe(
        true,
      );
    });

    it('with DM welcomes, a closed-DM fallback within the pace goes into the next grouped message', async () => {
      h = await Harness.start({ features: { welcome: { delivery: 'dm' } } });
      h.platform.closedDms.add(h.member('alice'));
      h.platform.closedDms.add(h.member('bob'));
      await h.join('alice');
      await h.join('bob');
      expect(welcomes(h).filter((s) => s.kind === 'channel')).toHaveLength(1);
      await h.advance('6s');
      const channel = welcomes(h).filter((s) => s.kind === 'channel');
      expect(channel).toHaveLength(2);
      expect(channel[1]!.mentions).toEqual([h.member('bob')]);
    });
  });

  it('a display name full of mass mentions and markup is repeated inert', async () => {
    h = await Harness.start();
    await h.join('@everyone **bold** \u202Eevil');
    const [welcome] = welcomes(h);
    expect(welcome!.mentions).toEqual([h.member('@everyone **bold** \u202Eevil')]);
    expect(welcome!.text).not.toContain('\u202E');
  });
});

describe('dedup ledger', () => {
  it('remembers handled events for a week, then forgets them', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.advance('2d');
    await h.join('bob');
    const countLedger = () => ['join-1', 'join-2'].filter((id) => h.storage.ledger.seen(`console:${id}`)).length;
    expect(countLedger()).toBe(2);
    await h.advance('6d');
    expect(countLedger()).toBe(1); // alice's join is older than 7 days at the nightly prune
    await h.advance('2d');
    expect(countLedger()).toBe(0);
  });
});

describe('welcome in French', () => {
  it('every welcome of a French community is French: personal, by DM, grouped, and back', async () => {
    h = await Harness.start({
      community: { locale: 'fr' },
      features: { welcome: { burst: { threshold: 1, window: '2m' } } },
    });
    await h.join('ana');
    expect(welcomes(h).map((s) => s.text)).toEqual([
      'Bienvenue dans The Garden, @ana ! Nous sommes ravis de vous accueillir.\n\n' +
        'Vos premiers pas vous attendent : tapez /onboarding pour les voir.',
    ]);
    for (const name of ['bo', 'cy']) await h.join(name);
    await h.advance('2m');
    expect(welcomes(h).at(-1)!.text).toBe(
      'Bienvenue à nos 2 nouveaux membres : @bo, @cy ! Nous sommes ravis de vous accueillir.\n\n' +
        'Vos premiers pas vous attendent : tapez /onboarding pour les voir.',
    );
    await h.leave('ana');
    await h.advance('1d');
    await h.join('ana');
    expect(welcomes(h).at(-1)!.text).toBe('Bon retour dans The Garden, ana.');
  });

  it('welcomes by direct message in the community’s French', async () => {
    h = await Harness.start({ community: { locale: 'fr' }, features: { welcome: { delivery: 'dm' } } });
    await h.join('ana');
    expect(welcomes(h).filter((s) => s.kind === 'dm')[0]!.text).toContain('Bienvenue dans The Garden, @ana !');
  });
});
