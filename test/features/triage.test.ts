import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/features/triage/triage.logic.ts';
import { channelId, eventId, type MemberId } from '../../src/core/ids.ts';
import { text, type Inline } from '../../src/core/rich-text.ts';
import { defineFeature, type MemberDataSection } from '../../src/features/define.ts';
import { FEATURES } from '../../src/features/index.ts';
import type { Sent } from '../support/fake-platform.ts';
import { Harness, START } from '../support/harness.ts';

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
    const report = h.storage.stores.triage.get(h.community, 1)!;
    expect(report).toMatchObject({
      reporterId: 'console:ana',
      severity: 'high',
      status: 'open',
      reason: 'he posted my home address',
    });
  });

  it('open → acknowledged → resolved, with an audit trail and the reporter told the outcome', async () => {
    h = await team();
    await h.command('ana', '/report spam in general');
    await h.command('mod', '/triage ack 1');
    await h.command('mod', '/triage assign 1 admin');
    await h.command('mod', '/triage resolve 1 upheld We removed the spammer and thank you.');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana').at(-1)!.text).toBe(
      "Your report #1 has been handled. The moderators' answer: We removed the spammer and thank you.",
    );
    await h.command('mod', '/triage show 1');
    const story = h.lastReplyTo('mod')!;
    for (const step of [
      'reported by ana',
      'acknowledged by mod',
      'assigned by mod: admin',
      'resolved (upheld) by mod: We removed the spammer',
      'reporter told by Foyer',
    ])
      expect(story).toContain(step);
  });

  it('escalates an unacknowledged report on its deadline, each step once, across a restart', async () => {
    h = await team();
    await h.command('ana', '/report I feel like I want to kill myself');
    expect(h.storage.stores.triage.get(h.community, 1)!.severity).toBe('critical');
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
    expect(h.storage.stores.triage.get(h.community, 1)!.status).toBe('open');
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
    const report = h.storage.stores.triage.get(h.community, 1)!;
    expect(report.severity).toBe('high');
    expect(report.reason).toBe('urgent: bo breaks rule 2 in general');
    expect(toMods(h)[0]!.text).toContain('Cites rule 2: No harassment, threats or personal data about others.');
    await h.command('mod', '/triage resolve 1 upheld Upheld under rule 2; the member was warned.');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana').at(-1)!.text).toContain(
      'Code of conduct — rule 2: No harassment',
    );
    await h.command('ana', '/rules');
    expect(h.lastReplyTo('ana')).toContain('3. No spam or unsolicited promotion.');
  });
});

/** Every inline that is a whole command (`/triage ack 1`): what Foyer suggests members and moderators type. */
function suggestedCommands(sent: readonly Sent[]): string[] {
  const found: string[] = [];
  const visit = (nodes: readonly Inline[]): void => {
    for (const node of nodes) {
      if ((node.type === 'code' || node.type === 'text') && /^\/[a-z]/.test(node.text)) found.push(node.text);
      else if (node.type === 'strong' || node.type === 'emphasis') visit(node.children);
    }
  };
  for (const s of sent)
    for (const block of s.message.blocks)
      (block.type === 'paragraph' ? [block.children] : block.type === 'list' ? block.items : []).forEach(visit);
  return [...new Set(found)];
}

/** Runs a command line as typed, in a given channel (the harness's `command` always uses #general). */
let typed = 0;
function typeIn(h: Harness, who: string, channel: string, line: string) {
  const [name = '', ...rest] = line.replace(/^\//, '').split(' ');
  return h.deliver({
    type: 'command.invoked',
    id: eventId('console', `typed-${++typed}`),
    community: h.community,
    at: h.time.now(),
    invocation: {
      name,
      argText: rest.join(' '),
      invoker: { id: h.member(who), displayName: who },
      role: h.roles.get(who) ?? 'member',
      channel: channelId('console', channel),
      replyHandle: null,
    },
  });
}

const REFUSALS = /Unknown command|Usage:|Unknown channel|do not know the channel|something went wrong|is for .*s only/;

describe('commands Foyer suggests in its messages work when typed as shown', () => {
  // As on Discord: the channel's platform id is not its name in the configuration.
  const RAW = '1577391218923499568';

  it('every suggestion from a report, its escalation and a crisis runs as typed; the crisis alert’s ends the crisis', async () => {
    h = await team({ channels: { general: RAW } });
    h.platform.slowmode.set(`console:${RAW}`, 5);
    for (const who of ['ana', 'bo', 'cy']) await typeIn(h, who, RAW, '/report a threat against me');
    const alert = toMods(h).find((s) => s.text.includes('Crisis mode ON'))!;
    expect(alert.text).toContain('Crisis mode ON in #general');
    expect(JSON.stringify(alert.message)).toContain(
      JSON.stringify({ type: 'channel', channel: `console:${RAW}`, name: 'general' }),
    );
    await h.advance('2h'); // the escalations page the on-call moderator, with their own suggestion
    const suggestions = suggestedCommands(h.sent);
    expect(suggestions).toEqual(expect.arrayContaining(['/triage ack 1', '/triage show 1', '/crisis off general']));
    for (const line of suggestions) {
      await typeIn(h, 'admin', 'moderators', line);
      expect(h.lastReplyTo('admin'), line).not.toMatch(REFUSALS);
    }
    expect(h.storage.stores.triage.crisis(h.community, `console:${RAW}`)).toBeUndefined();
    expect(h.platform.slowmode.get(`console:${RAW}`)).toBe(5);
  });

  it('a channel argument is its config name, the platform’s channel mention or its raw id', async () => {
    h = await team({ channels: { general: RAW } });
    for (const [on, off] of [
      ['general', `#general`],
      [RAW, 'general'],
      [`#general`, RAW],
    ] as const) {
      await typeIn(h, 'mod', 'moderators', `/crisis on ${on}`);
      expect(h.lastReplyTo('mod')).toContain('Crisis mode is on in #general');
      await typeIn(h, 'mod', 'moderators', `/crisis off ${off}`);
      expect(h.lastReplyTo('mod')).toContain('Crisis mode is off in #general');
    }
  });
});

describe('the direct messages triage sends go through the outreach log', () => {
  it('the outcome of a report reaches a reporter who opted out (they asked for it), and is recorded where they and moderators look', async () => {
    h = await team({ outreach: { directMessages: { perDay: 0, perWeek: 0 } } });
    await h.command('ana', '/optout');
    await h.command('ana', '/report spam in general');
    await h.command('mod', '/triage resolve 1 upheld We removed the spammer.');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana').map((s) => s.text)).toEqual([
      "Your report #1 has been handled. The moderators' answer: We removed the spammer.",
    ]);
    expect(h.storage.outreach.forMember(h.community, h.member('ana'))).toEqual([
      expect.objectContaining({
        feature: 'triage',
        reason: 'the outcome of their report #1',
        via: 'dm',
        status: 'sent',
      }),
    ]);
    await h.command('mod', '/member history ana');
    expect(h.lastReplyTo('mod')).toContain('triage: the outcome of their report #1, by direct message — sent');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('triage: the outcome of their report #1 by direct message — sent');
  });

  it('an on-call page is recorded in the on-call member’s outreach history', async () => {
    h = await team();
    await h.command('ana', '/report I feel like I want to kill myself');
    await h.advance('1h');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@mod')).toHaveLength(1);
    expect(h.storage.outreach.forMember(h.community, h.member('mod'))).toEqual([
      expect.objectContaining({ feature: 'triage', reason: 'on-call page for report #1', via: 'dm', status: 'sent' }),
    ]);
  });
});

describe('the reporter’s record shown with a report', () => {
  it('counts only the reporter’s earlier, resolved reports — never the one shown', async () => {
    h = await team();
    await h.command('ana', '/report spam in general');
    await h.command('mod', '/triage show 1');
    expect(h.lastReplyTo('mod')).toContain('Reported by ana (no earlier report judged yet)');
    await h.command('mod', '/triage resolve 1 upheld Removed.');
    await h.command('mod', '/triage show 1');
    expect(h.lastReplyTo('mod')).toContain('Reported by ana (no earlier report judged yet)');
    await h.command('ana', '/report more spam');
    await h.command('ana', '/report and more spam');
    await h.command('mod', '/triage resolve 3 dismissed Not spam.');
    await h.command('mod', '/triage show 2');
    expect(h.lastReplyTo('mod')).toContain('Reported by ana (earlier reports upheld: 100%)');
    await h.command('mod', '/triage show 3');
    expect(h.lastReplyTo('mod')).toContain('Reported by ana (earlier reports upheld: 100%)');
  });
});

describe('report previews', () => {
  it('/triage queue and /triage show cut a long reason between emoji, never inside one', async () => {
    h = await team();
    // 79 ASCII characters then emoji: a cut at 80 UTF-16 units would land inside the first one.
    await h.command('ana', `/report ${'x'.repeat(79)}${'👩‍💻'.repeat(10)}`);
    await h.command('mod', '/triage queue');
    const queue = h.lastReplyTo('mod')!;
    await h.command('mod', '/triage show 1');
    const show = h.lastReplyTo('mod')!.split('\n')[0]!;
    for (const preview of [queue, show]) {
      expect(preview).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u200D(?!\uD83D)/,
      );
      expect(preview).toContain(`${'x'.repeat(79)}…`);
    }
  });
});

/** A feature that only keeps the bot's member-data composition, to read what the others keep. */
function memberDataReader() {
  let read: ((member: MemberId) => MemberDataSection[]) | undefined;
  const feature = defineFeature({
    id: 'member-data-reader',
    description: 'Reads what every feature keeps about a member',
    needs: [] as const,
    config: () => ({}),
    setup(ctx) {
      read = ctx.memberData;
      return {};
    },
  });
  return { feature, sectionOf: (member: MemberId, key: string) => read!(member).find((s) => s.key === key) };
}

describe('what triage keeps about a member, for /mydata', () => {
  it('lists the reports the member filed with their status and outcome, never the reports about them', async () => {
    const reader = memberDataReader();
    h = await Harness.start({}, undefined, { features: [...FEATURES, reader.feature] });
    h.roles.set('mod', 'moderator');
    await h.command('ana', '/report spam in general');
    await h.advance('1m');
    await h.command('ana', '/report he posted my home address');
    await h.command('mod', '/triage resolve 1 upheld We removed the spammer.');
    const filedAt = new Date(START.getTime() + 60_000);
    expect(reader.sectionOf(h.member('ana'), 'reportsFiled')).toEqual({
      key: 'reportsFiled',
      data: [
        { id: 1, at: START, reason: 'spam in general', status: 'resolved', outcome: 'We removed the spammer.' },
        { id: 2, at: filedAt, reason: 'he posted my home address', status: 'open', outcome: null },
      ],
      lines: [[text('reports you filed: 2 (#1 resolved, #2 open)')]],
    });
    expect(reader.sectionOf(h.member('bob'), 'reportsFiled')).toEqual({
      key: 'reportsFiled',
      data: [],
      lines: [[text('reports you filed: 0')]],
    });
  });
});
