import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

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
    const json = JSON.parse(h.lastReplyTo('alice')!.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as Record<string, unknown>;
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
    const json = JSON.parse(reply.text.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as { reportsFiled: { reason: string }[] };
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
});
