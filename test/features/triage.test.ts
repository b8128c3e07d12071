import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/features/triage/triage.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const toMods = (h: Harness) => h.sent.filter((s) => s.to === '#moderators');

async function team(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  harness.roles.set('admin', 'admin');
  return harness;
}

describe('reports and triage', () => {
  it('intake: evidence stored, the reporter confirmed privately, moderators notified with severity', async () => {
    h = await team();
    await h.command('ana', '/report he posted my home address');
    expect(h.lastReplyTo('ana')).toContain('report #1 reached the moderators');
    expect(h.sent.at(-2)!.private).toBe(true);
    expect(toMods(h)).toHaveLength(1);
    expect(toMods(h)[0]!.text).toContain('Report #1 [high] in #general by ana: he posted my home address');
    const report = h.storage.reports.get(h.community, 1)!;
    expect(report).toMatchObject({ reporterId: 'console:ana', severity: 'high', status: 'open', reason: 'he posted my home address' });
  });

  it('open → acknowledged → resolved, with an audit trail and the reporter told the outcome', async () => {
    h = await team();
    await h.command('ana', '/report spam in general');
    await h.command('mod', '/triage ack 1');
    await h.command('mod', '/triage assign 1 admin');
    await h.command('mod', '/triage resolve 1 upheld We removed the spammer and thank you.');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana').at(-1)!.text).toBe('Your report #1 has been handled. The moderators\' answer: We removed the spammer and thank you.');
    await h.command('mod', '/triage show 1');
    const story = h.lastReplyTo('mod')!;
    for (const step of ['reported by ana', 'acknowledged by mod', 'assigned by mod: admin', 'resolved (upheld) by mod: We removed the spammer', 'reporter told by Foyer'])
      expect(story).toContain(step);
  });

  it('escalates an unacknowledged report on its deadline, each step once, across a restart', async () => {
    h = await team();
    await h.command('ana', '/report I feel like I want to kill myself');
    expect(h.storage.reports.get(h.community, 1)!.severity).toBe('critical');
    await h.advance('14m');
    expect(toMods(h)).toHaveLength(1);
    await h.advance('1m'); // 15 minutes: to the admins, in the moderators' channel
    expect(toMods(h)).toHaveLength(2);
    expect(toMods(h)[1]!.text).toContain('Report #1 escalated');
    expect(toMods(h)[1]!.mentions).toEqual([h.member('admin')]);
    await h.restart(20 * 60_000); // down 20 minutes: the on-call step is due meanwhile and runs at start
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@mod')).toHaveLength(1);
    await h.restart(60_000);
    await h.advance('2h');
    expect(toMods(h)).toHaveLength(2);
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@mod')).toHaveLength(1);
  });

  it('an acknowledged report does not escalate', async () => {
    h = await team();
    await h.command('ana', '/report a threat against bo');
    await h.command('mod', '/triage ack 1');
    await h.advance('3h');
    expect(toMods(h)).toHaveLength(1);
  });

  it('the queue orders by severity, then age', async () => {
    h = await team();
    await h.command('ana', '/report something odd');
    await h.advance('1h');
    await h.command('bo', '/report a threat here');
    await h.command('cy', '/report spam again');
    await h.command('mod', '/triage queue');
    const queue = h.lastReplyTo('mod')!;
    expect(queue.indexOf('#2 [high]')).toBeLessThan(queue.indexOf('#3 [medium]'));
    expect(queue.indexOf('#3 [medium]')).toBeLessThan(queue.indexOf('#1 [low]'));
  });

  it('members cannot run triage commands; nothing changes', async () => {
    h = await team();
    await h.command('ana', '/report spam');
    await h.command('bo', '/triage resolve 1 dismissed nothing to see');
    expect(h.lastReplyTo('bo')).toBe('Sorry, /triage resolve is for moderators only.');
    expect(h.storage.reports.get(h.community, 1)!.status).toBe('open');
  });

  it('rate-limits reports per member and repeats hostile text inert', async () => {
    h = await team({ features: { triage: { maxReportsPerDay: 2 } } });
    await h.command('ana', '/report @everyone **look** \u202Ehere');
    await h.command('ana', '/report second');
    await h.command('ana', '/report third');
    expect(h.lastReplyTo('ana')).toContain('You have sent many reports today');
    expect(toMods(h)).toHaveLength(2);
    expect(toMods(h)[0]!.mentions).toEqual([]);
    expect(toMods(h)[0]!.text).not.toContain('\u202E');
  });

  it('classifies by the configured rules', () => {
    const rules = { critical: ['suicide'], high: ['doxx'], medium: ['spam'] };
    expect(classify('Spam and suicide talk', rules)).toBe('critical');
    expect(classify('they DOXXED me', rules)).toBe('high');
    expect(classify('hello', rules)).toBe('low');
  });
});

describe('crisis mode', () => {
  it('turns on by itself after several serious reports about one channel, and off restores exactly', async () => {
    h = await team();
    h.platform.slowmode.set('console:general', 5); // the channel already had a 5-second slowmode
    await h.command('ana', '/report a threat against me');
    await h.command('bo', '/report they threaten people');
    expect(h.platform.slowmode.get('console:general')).toBe(5);
    await h.advance('5m');
    await h.command('cy', '/report threats again and again');
    expect(h.platform.slowmode.get('console:general')).toBe(60);
    expect(h.sent.filter((s) => s.to === '#general').at(-1)!.text).toContain('This channel is in crisis mode');
    expect(toMods(h).at(-1)!.text).toContain('Crisis mode ON in #general: 3 serious reports within 10 minutes');
    await h.command('ana', '/crisis off general');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    expect(h.platform.slowmode.get('console:general')).toBe(60);
    await h.command('mod', '/crisis off general');
    expect(h.lastReplyTo('mod')).toBe('Crisis mode is off in #general; its previous settings are back.');
    expect(h.platform.slowmode.get('console:general')).toBe(5);
    await h.command('mod', '/triage show 1');
    expect(h.lastReplyTo('mod')).toContain('crisis mode on by Foyer');
    expect(h.lastReplyTo('mod')).toContain('crisis mode off by mod');
  });

  it('by hand, with a lock, survives a restart and is lifted exactly', async () => {
    h = await team({ features: { triage: { crisis: { action: 'lock' } } } });
    await h.command('mod', '/crisis on general');
    expect(h.lastReplyTo('mod')).toBe('Crisis mode is on in #general: locked (members cannot post).');
    expect(h.platform.locked.has('console:general')).toBe(true);
    await h.command('mod', '/crisis on general');
    expect(h.lastReplyTo('mod')).toBe('#general is already in crisis mode.');
    await h.restart(60_000);
    await h.command('mod', '/crisis off general');
    expect(h.platform.locked.has('console:general')).toBe(false);
    await h.command('mod', '/crisis off general');
    expect(h.lastReplyTo('mod')).toBe('#general is not in crisis mode.');
  });
});

describe('reporter severity and code-of-conduct citations', () => {
  it('takes the reporter’s severity when it is higher, and cites rules in the report and the resolution', async () => {
    h = await team();
    await h.command('ana', '/report urgent: bo breaks rule 2 in general');
    const report = h.storage.reports.get(h.community, 1)!;
    expect(report.severity).toBe('high');
    expect(report.reason).toBe('urgent: bo breaks rule 2 in general');
    expect(toMods(h)[0]!.text).toContain('Cites rule 2: No harassment, threats or personal data about others.');
    await h.command('mod', '/triage resolve 1 upheld Upheld under rule 2; the member was warned.');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana').at(-1)!.text).toContain('Code of conduct — rule 2: No harassment');
    await h.command('ana', '/rules');
    expect(h.lastReplyTo('ana')).toContain('3. No spam or unsolicited promotion.');
  });
});
