import { afterEach, describe, expect, it } from 'vitest';
import { inHoldout } from '../../src/features/missed-you/missed-you.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** Missed after 14 silent days, when active on 3 of the 28 days before; the daily look runs at 12:00 Paris (11:00 UTC). */
const missedYou = (holdoutShare = 0) => ({
  photoNudge: { enabled: false },
  missedYou: { enabled: true, silentDays: 14, lookbackDays: 28, minActiveDays: 3, holdoutShare, time: '12:00' },
});

/** Each of `names` posts once a day for `days` days (at the hour the clock shows), then a day passes. */
async function activeFor(names: readonly string[], days: number): Promise<void> {
  for (let d = 0; d < days; d++) {
    for (const name of names) await h.post(name, 'general', `hello from ${name}`);
    await h.advance('1d');
  }
}

/** The feature's direct messages only: other features (levels' congratulations) write to active members too. */
const missedDms = () => h.sent.filter((s) => s.kind === 'dm' && s.text.includes('we have missed you'));
const dmsTo = (name: string) => missedDms().filter((s) => s.to === `@${name}`);
const dms = () => missedDms().map((s) => s.to);
const absences = (name: string) => h.storage.stores.missedYou.forMember(h.community, h.member(name));

describe('we missed you: who is written to', () => {
  it('writes once per absence to a member active before and silent 14 days; never to staff, bots, the barely active or the opted-out', async () => {
    h = await Harness.start({ features: missedYou() });
    h.roles.set('carl', 'moderator');
    h.platform.bots.add(h.member('botty'));
    await h.command('dave', '/optout');
    await h.command('carl', '/survey results'); // carl acts as staff
    await h.post('bob', 'general', 'just once'); // active on one day only
    // Mon 2 – Wed 4 March: last active day 4 March.
    await activeFor(['ana', 'carl', 'botty', 'dave'], 3);

    await h.advance('13d1h'); // 18 March, 10:00 UTC: the day has come, the daily look not yet
    expect(dms()).toEqual([]);
    await h.advance('2h');
    expect(dms()).toEqual(['@ana']);
    const [dm] = dmsTo('ana');
    expect(dm!.text).toContain('Hello @ana, we have missed you in The Garden!');
    expect(dm!.text).toContain('type /optout');
    expect(h.storage.outreach.forMember(h.community, h.member('ana')).map((e) => [e.feature, e.status])).toEqual([
      ['missedYou', 'sent'],
    ]);

    await h.advance('10d'); // still silent: the same absence, no second message
    expect(dmsTo('ana')).toHaveLength(1);

    // Back for three days (28–30 March), then silent again: a new absence, a new message on 13 April, the 14th silent day.
    await activeFor(['ana'], 3);
    expect(dmsTo('ana')).toHaveLength(1);
    await h.advance('12d'); // 12 April: 13 silent days
    expect(dmsTo('ana')).toHaveLength(1);
    await h.advance('1d');
    expect(dmsTo('ana')).toHaveLength(2);
    expect(absences('ana').map((a) => [a.lastActiveDay, a.cohort, a.contactStatus])).toEqual([
      ['2026-03-04', 'contact', 'sent'],
      ['2026-03-30', 'contact', 'sent'],
    ]);
    expect(dms()).toEqual(['@ana', '@ana']);
  });

  it('tells the member what happened in the last 7 days, from metadata only', async () => {
    h = await Harness.start({ features: missedYou() });
    await activeFor(['ana'], 3);
    await h.advance('9d'); // 14 March: others are lively while ana is away
    await h.join('nina');
    for (const text of ['first secret words', 'second', 'third']) await h.post('zoe', 'general', text);
    await h.post('nina', 'general', 'hi all');
    await h.advance('4d3h'); // 18 March, 12:00 UTC
    const [dm] = dmsTo('ana');
    expect(dm!.text).toContain('What happened lately:');
    expect(dm!.text).toContain('1 new member joined');
    expect(dm!.text).toContain('lively in #general: 4 messages from 2 members');
    expect(dm!.text).not.toContain('secret');
  });

  it('waits for the direct-message caps: capped today, sent the next day while the member is still silent', async () => {
    h = await Harness.start({ features: missedYou() });
    await activeFor(['ana'], 3);
    await h.advance('13d1h30m'); // 18 March, 10:30 UTC: another feature writes to ana
    const at = h.time.now();
    const other = { communityId: h.community, memberId: h.member('ana'), feature: 'test', reason: 'another DM' };
    h.storage.outreach.begin({ ...other, effectKey: 'test:ana', via: 'dm', at });
    h.storage.outreach.finish('test:ana', 'sent', 'delivered', at);

    await h.advance('1h'); // the daily look: capped (one DM a day)
    expect(dmsTo('ana')).toHaveLength(0);
    expect(absences('ana').map((a) => a.contactStatus)).toEqual(['capped']);
    await h.advance('1d');
    expect(dmsTo('ana')).toHaveLength(1);
    expect(absences('ana').map((a) => a.contactStatus)).toEqual(['sent']);
  });

  it('a member who opted out while their message waited for the caps is not written to: outreach skips and logs it', async () => {
    h = await Harness.start({ features: missedYou() });
    await activeFor(['ana'], 3);
    await h.advance('13d1h30m');
    const at = h.time.now();
    const other = { communityId: h.community, memberId: h.member('ana'), feature: 'test', reason: 'another DM' };
    h.storage.outreach.begin({ ...other, effectKey: 'test:ana', via: 'dm', at });
    h.storage.outreach.finish('test:ana', 'sent', 'delivered', at);
    await h.advance('1h'); // capped, waiting for tomorrow
    // Opted out from another device (typing /optout would be activity, a return): recorded as the command does.
    h.storage.members.setDmOptOut(h.community, h.member('ana'), 'ana', h.time.now());
    await h.advance('1d');
    expect(dmsTo('ana')).toHaveLength(0);
    expect(absences('ana').map((a) => a.contactStatus)).toEqual(['skipped']);
    const log = h.storage.outreach.forMember(h.community, h.member('ana')).filter((e) => e.feature === 'missedYou');
    expect(log.map((e) => [e.via, e.status])).toEqual([['dm', 'skipped']]);
  });

  it('a member who comes back while their message waits for the caps is not written to', async () => {
    h = await Harness.start({ features: missedYou() });
    await activeFor(['ana'], 3);
    await h.advance('13d1h30m');
    const at = h.time.now();
    const other = { communityId: h.community, memberId: h.member('ana'), feature: 'test', reason: 'another DM' };
    h.storage.outreach.begin({ ...other, effectKey: 'test:ana', via: 'dm', at });
    h.storage.outreach.finish('test:ana', 'sent', 'delivered', at);
    await h.advance('1h');
    await h.post('ana', 'general', 'I am back');
    await h.advance('1d');
    expect(dmsTo('ana')).toHaveLength(0);
    expect(absences('ana').map((a) => a.contactStatus)).toEqual(['capped']);
  });
});

describe('we missed you: the holdout', () => {
  it('assigns each member by a hash of community and member: the same group on every run and after a restart', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `console:m${i}`);
    const held = members.filter((m) => inHoldout('garden', m, 0.1));
    expect(held.length / members.length).toBeGreaterThan(0.09);
    expect(held.length / members.length).toBeLessThan(0.11);
    expect(members.filter((m) => inHoldout('garden', m, 0.1))).toEqual(held);
    // Another community draws another holdout, and share 0 holds nobody back.
    const elsewhere = members.filter((m) => inHoldout('orchard', m, 0.1));
    expect(elsewhere).not.toEqual(held);
    expect(members.filter((m) => inHoldout('garden', m, 0))).toEqual([]);
  });

  it('records the group per absence; the holdout gets no message; a restart and a new absence keep each member’s group', async () => {
    h = await Harness.start({ features: missedYou(0.5) });
    const names = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const holdout = names.filter((n) => inHoldout(h.community, h.member(n), 0.5));
    expect(holdout.length).toBeGreaterThan(0);
    expect(holdout.length).toBeLessThan(names.length);

    await activeFor(names, 3);
    await h.advance('14d');
    expect(dms().sort()).toEqual(
      names
        .filter((n) => !holdout.includes(n))
        .map((n) => `@${n}`)
        .sort(),
    );
    for (const n of names)
      expect(absences(n).map((a) => a.cohort)).toEqual([holdout.includes(n) ? 'holdout' : 'contact']);

    await h.restart();
    await activeFor(names, 3);
    await h.advance('14d');
    for (const n of names) {
      const groups = absences(n).map((a) => a.cohort);
      expect(groups).toHaveLength(2);
      expect(new Set(groups).size).toBe(1);
    }
  });
});

describe('we missed you: the effect in /health', () => {
  it('shows the 7-day return rate of the messaged members against the holdout, with counts', async () => {
    h = await Harness.start({ features: { ...missedYou(0.5), health: { enabled: true } } });
    h.roles.set('mod', 'moderator');
    const names = Array.from({ length: 16 }, (_, i) => `m${i}`);
    const holdout = names.filter((n) => inHoldout(h.community, h.member(n), 0.5));
    const contacted = names.filter((n) => !holdout.includes(n));
    expect(holdout.length).toBeGreaterThanOrEqual(2);
    expect(contacted.length).toBeGreaterThanOrEqual(3);

    await activeFor(names, 3); // last active day 4 March
    await h.advance('14d'); // 19 March 09:00 UTC; found missed on 18 March
    expect(dms()).toHaveLength(contacted.length);

    // Back within 7 days (by 25 March): two messaged members, one of the holdout.
    await h.advance('1d'); // 20 March
    await h.post(contacted[0]!, 'general', 'back');
    await h.post(contacted[1]!, 'general', 'back');
    await h.advance('2d'); // 22 March
    await h.post(holdout[0]!, 'general', 'back');
    // Too late (27 March, day 9): does not count.
    await h.advance('5d');
    await h.post(contacted[2]!, 'general', 'back');

    await h.command('mod', '/health');
    const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
    expect(h.lastReplyTo('mod')).toContain(
      `“We missed you”, back within 7 days: messaged 2 of ${contacted.length} (${pct(2, contacted.length)}); ` +
        `not messaged (holdout) 1 of ${holdout.length} (${pct(1, holdout.length)})`,
    );
  });

  it('counts no absence whose 7 days are not over yet', async () => {
    h = await Harness.start({ features: { ...missedYou(0.5), health: { enabled: true } } });
    h.roles.set('mod', 'moderator');
    await activeFor(['m0', 'm1', 'm2', 'm3'], 3);
    await h.advance('14d'); // found missed on 18 March; today 19 March
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).not.toContain('We missed you');
  });
});

describe('we missed you: what is kept', () => {
  it('shows the absence in /mydata, erases it with the member and prunes it after its retention period', async () => {
    h = await Harness.start({ features: missedYou() });
    await activeFor(['ana', 'bob'], 3);
    await h.advance('14d');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('silent after Mar 4, 2026: a “we missed you” message (sent)');
    const summary = h.storage.erasure.eraseMember(h.community, h.member('ana'), 'ana', h.time.now());
    expect(summary.removed).toMatchObject({ missed_you_absences: 1 });
    expect(absences('ana')).toEqual([]);

    const prune = (at: Date) =>
      h.storage.retention.prune(h.community, 'missedYouAbsences', { at, day: at.toISOString().slice(0, 10) });
    expect(prune(new Date('2026-03-18T00:00:00Z'))).toBe(0);
    expect(prune(new Date('2026-03-19T00:00:00Z'))).toBe(1);
    expect(absences('bob')).toEqual([]);
  });
});
