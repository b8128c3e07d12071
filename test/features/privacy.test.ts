import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** The member's last export, read back from the reply. */
const exported = (name: string) =>
  JSON.parse(h.lastReplyTo(name)!.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as Record<
    string,
    unknown
  >;

describe('privacy', () => {
  it('shows a member what Foyer keeps about them, never the text of their messages', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.post('alice', 'general', 'my secret recipe is cardamom');
    await h.command('alice', '/interests design');
    await h.command('alice', '/mydata');
    const reply = h.lastReplyTo('alice')!;
    expect(reply).toContain('messages: 1 recorded as channel and time only');
    expect(reply).toContain('onboarding steps done: interests (design)');
    expect(reply).toContain('times Foyer contacted you: 1');
    expect(reply).toContain('welcome: welcome on join by channel — sent');
    expect(reply).not.toContain('cardamom');
    expect(reply).toContain('reports you filed: 0');
  });

  it('lists the reports a member filed, never reports filed about them', async () => {
    h = await Harness.start();
    await h.command('ana', '/report bo was rude to me');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('reports you filed: 1 (#1 open)');
    await h.command('bo', '/mydata export');
    expect(h.lastReplyTo('bo')).not.toContain('rude');
    expect(h.lastReplyTo('bo')).toContain('"reportsFiled": []');
  });

  it('exports the same as JSON, and only the member’s own data', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.join('bob');
    await h.post('bob', 'general', 'hi');
    await h.command('alice', '/mydata export');
    const json = JSON.parse(
      h.lastReplyTo('alice')!.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, ''),
    ) as Record<string, unknown>;
    expect(json['member']).toBe('console:alice');
    expect((json['messages'] as { count: number }).count).toBe(0);
    expect((json['outreach'] as unknown[]).length).toBe(1);
    expect(JSON.stringify(json)).not.toContain('console:bob');
  });

  it('exports member text inert: bidi and zero-width characters are written as escapes, and the JSON reads back exactly', async () => {
    h = await Harness.start();
    const reason = 'bo sent me a file named invoice\u202Efdp.exe and ev\u200Deryone\u200B saw it';
    await h.command('ana', `/report ${reason}`);
    await h.command('ana', '/mydata export');
    const reply = h.sent.filter((s) => s.kind === 'reply' && s.to === '@ana').at(-1)!;
    expect(reply.text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    const json = JSON.parse(reply.text.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as {
      reportsFiled: { reason: string }[];
    };
    expect(json.reportsFiled[0]!.reason).toBe(reason);
  });

  it('sends the export as a code block, never as text that markdown could read', async () => {
    h = await Harness.start();
    await h.command('ana', '/report @everyone <@&123> [click](https://evil.example) ``` escape');
    await h.command('ana', '/mydata export');
    const reply = h.sent.filter((s) => s.kind === 'reply' && s.to === '@ana').at(-1)!;
    expect(reply.message.blocks.map((b) => b.type)).toEqual(['paragraph', 'code']);
    expect(reply.private).toBe(true);
  });

  it('answers in the member’s language', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.command('ana', '/language fr');
    await h.command('ana', '/mydata export');
    expect(h.lastReplyTo('ana')).toMatch(/^Tout ce que Foyer conserve sur vous, en JSON :\n\n\{/);
  });

  it('lists every part of what Foyer keeps in one order, whichever feature keeps it; exports each under its key', async () => {
    h = await Harness.start();
    await h.join('alice', { photo: true });
    await h.post('alice', 'general', 'hello');
    await h.advance('1h');
    await h.post('alice', 'introductions', 'I am alice');
    await h.command('alice', '/interests design, events');
    await h.command('alice', '/rules accept');
    await h.command('alice', '/report bo was rude');
    await h.command('alice', '/mydata');
    expect(h.lastReplyTo('alice')!.split('\n')).toEqual([
      'What Foyer keeps about you:',
      '',
      '• joined: 2026-03-02 09:00 UTC; left: —; first message: 2026-03-02 09:00 UTC',
      '• profile photo: yes (since 2026-03-02 09:00 UTC); language: community default',
      '• onboarding steps done: code-of-conduct, interests (design, events), introduce, photo',
      '• messages: 2 recorded as channel and time only, never their text ' +
        '(first 2026-03-02 09:00 UTC, last 2026-03-02 10:00 UTC)',
      '• reports you filed: 1 (#1 open)',
      '• times Foyer contacted you: 2',
      '•   2026-03-02 10:00 UTC onboarding: onboarding completed by channel — sent',
      '•   2026-03-02 09:00 UTC welcome: welcome on join by channel — sent',
      '',
      'A JSON copy: /mydata export',
    ]);
    await h.command('alice', '/mydata export');
    const json = exported('alice');
    expect(Object.keys(json)).toEqual([
      'community',
      'member',
      'exportedAt',
      'profile',
      'reportsFiled',
      'onboardingSteps',
      'messages',
      'outreach',
    ]);
    const completed = '2026-03-02T10:00:00.000Z';
    expect(json['profile']).toMatchObject({
      memberId: 'console:alice',
      hasPhoto: true,
      onboardingCompletedAt: completed,
    });
    expect(json['onboardingSteps']).toEqual([
      { step: 'code-of-conduct', doneAt: '2026-03-02T10:00:00.000Z', detail: null },
      { step: 'interests', doneAt: '2026-03-02T10:00:00.000Z', detail: 'design, events' },
      { step: 'introduce', doneAt: '2026-03-02T10:00:00.000Z', detail: null },
      { step: 'photo', doneAt: '2026-03-02T09:00:00.000Z', detail: null },
    ]);
    expect(json['messages']).toEqual({ count: 2, first: '2026-03-02T09:00:00.000Z', last: '2026-03-02T10:00:00.000Z' });
    expect(json['reportsFiled']).toEqual([
      { id: 1, at: '2026-03-02T10:00:00.000Z', reason: 'bo was rude', status: 'open', outcome: null },
    ]);
    const sent = { via: 'channel', status: 'sent', outcome: 'delivered' };
    expect(json['outreach']).toEqual([
      { at: '2026-03-02T10:00:00.000Z', feature: 'onboarding', reason: 'onboarding completed', ...sent },
      { at: '2026-03-02T09:00:00.000Z', feature: 'welcome', reason: 'welcome on join', ...sent },
    ]);
  });

  it('answers a member Foyer has no record of with empty parts, not an error', async () => {
    h = await Harness.start();
    await h.command('zoe', '/mydata');
    expect(h.lastReplyTo('zoe')!.split('\n').slice(2, -2)).toEqual([
      '• joined: —; left: —; first message: —',
      '• profile photo: no; language: community default',
      '• onboarding steps done: none',
      '• messages: 0 recorded as channel and time only, never their text (first —, last —)',
      '• reports you filed: 0',
      '• times Foyer contacted you: 0',
    ]);
    await h.command('zoe', '/mydata export');
    expect(exported('zoe')).toMatchObject({
      profile: null,
      reportsFiled: [],
      onboardingSteps: [],
      messages: { count: 0, first: null, last: null },
      outreach: [],
    });
  });
});
