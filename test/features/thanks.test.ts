import { afterEach, describe, expect, it } from 'vitest';
import { channelId, eventId, messageId } from '../../src/core/ids.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

let n = 0;
async function postAs(name: string, id: string) {
  await h.deliver({
    type: 'message.posted',
    id: eventId('console', `post-${id}`),
    community: h.community,
    at: h.time.now(),
    author: { id: h.member(name), displayName: name },
    channel: channelId('console', 'general'),
    message: messageId('console', id),
    text: 'here is how you do it',
  });
}
async function react(
  name: string,
  message: string,
  emoji = '🙏',
  type: 'reaction.added' | 'reaction.removed' = 'reaction.added',
) {
  await h.deliver({
    type,
    id: eventId('console', `${type}-${++n}`),
    community: h.community,
    at: h.time.now(),
    member: { id: h.member(name), displayName: name },
    channel: channelId('console', 'general'),
    message: messageId('console', message),
    emoji,
  });
}
const thanksOf = (name: string) =>
  h.bot.started.includes('thanks')
    ? h.storage.stores.thanks.ofMember(h.community, h.member(name)).filter((e) => e.receiver === h.member(name))
    : [];
const dmsTo = (name: string) => h.sent.filter((s) => s.kind === 'dm' && s.to === `@${name}`);

describe('/thanks', () => {
  it('thanks a member publicly, shows the reason once and keeps no reason', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.join('bob');
    await h.command('ana', '/thanks bob for the <b>@everyone</b> fix');
    const reply = h.sent.filter((s) => s.kind === 'reply').at(-1)!;
    expect(reply.private).toBe(false);
    expect(reply.text).toBe('ana thanks @bob for: the <b>@everyone</b> fix');
    expect(reply.mentions).toEqual([h.member('bob')]);
    expect(thanksOf('bob')).toHaveLength(1);
    const row = h.storage.stores.thanks.ofMember(h.community, h.member('bob'))[0]!;
    expect(Object.keys(row).sort()).toEqual(['at', 'giver', 'receiver', 'via']);
  });

  it('refuses thanking oneself, with a helpful private reply', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.command('ana', '/thanks @ana');
    expect(h.lastReplyTo('ana')).toBe(
      'Thanking yourself does not count, but thank you for being here! Thank someone who helped you with /thanks.',
    );
    expect(thanksOf('ana')).toHaveLength(0);
  });

  it('refuses thanking a bot', async () => {
    h = await Harness.start();
    await h.join('ana');
    h.platform.bots.add(h.member('helperbot'));
    await h.command('ana', '/thanks helperbot');
    expect(h.lastReplyTo('ana')).toBe(
      'helperbot is a bot: thanks are for members. Thank the person who helped you instead.',
    );
    expect(thanksOf('helperbot')).toHaveLength(0);
  });

  it('refuses what is not a member reference', async () => {
    h = await Harness.start();
    await h.command('ana', '/thanks <script>');
    expect(h.lastReplyTo('ana')).toBe(
      '"<script>" is not a member reference here: mention the member you want to thank.',
    );
  });

  it('holds a cooldown between the same two members, and only between them', async () => {
    h = await Harness.start({ features: { thanks: { cooldown: '24h' } } });
    for (const m of ['ana', 'bob', 'cy']) await h.join(m);
    await h.command('ana', '/thanks bob');
    await h.advance('23h');
    await h.command('ana', '/thanks bob');
    expect(h.lastReplyTo('ana')).toBe(
      'You already thanked bob on Mar 2, 2026, 10:00 AM GMT+1: a new thanks to them counts from Mar 3, 2026, 10:00 AM GMT+1. Your thanks still shows; thank someone else meanwhile!',
    );
    await h.command('cy', '/thanks bob');
    await h.command('bob', '/thanks ana');
    expect(thanksOf('bob')).toHaveLength(2);
    expect(thanksOf('ana')).toHaveLength(1);
    await h.advance('1h');
    await h.command('ana', '/thanks bob');
    expect(thanksOf('bob')).toHaveLength(3);
  });
});

describe('thanks by reaction', () => {
  it('a configured reaction on a member’s message thanks its author; other emoji do not', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.join('bob');
    await postAs('bob', 'tip');
    await react('ana', 'tip', '👍');
    expect(thanksOf('bob')).toHaveLength(0);
    await react('ana', 'tip', '🙏');
    expect(thanksOf('bob').map((e) => [e.giver, e.via, e.message, e.emoji])).toEqual([
      [h.member('ana'), 'reaction', 'console:tip', '🙏'],
    ]);
  });

  it('the reaction removed takes the thanks back', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.join('bob');
    await postAs('bob', 'tip');
    await react('ana', 'tip', '✅');
    expect(thanksOf('bob')).toHaveLength(1);
    await react('cy', 'tip', '✅', 'reaction.removed'); // someone else's reaction: nothing changes
    expect(thanksOf('bob')).toHaveLength(1);
    await react('ana', 'tip', '✅', 'reaction.removed');
    expect(thanksOf('bob')).toHaveLength(0);
  });

  it('a reaction on a message older than the maximum age is no thanks, and the member is told once', async () => {
    h = await Harness.start({ features: { thanks: { maxMessageAge: '2d' } } });
    await h.join('ana');
    await h.join('bob');
    await postAs('bob', 'old');
    await postAs('bob', 'older');
    await h.advance('2d');
    await react('ana', 'old');
    expect(thanksOf('bob')).toHaveLength(1); // exactly the maximum age still counts
    await react('bob', 'x'); // unknown message: ignored
    await h.advance('1m');
    await react('cy', 'old');
    await react('cy', 'older', '✅');
    expect(thanksOf('bob')).toHaveLength(1);
    expect(dmsTo('cy').map((d) => d.text)).toEqual([
      'Your 🙏 did not count as a thanks: the message is too old for a reaction to count. Thank its author with /thanks. (Foyer tells you this once.)',
    ]);
  });

  it('a reaction on one’s own message is no thanks; a reaction within the cooldown neither', async () => {
    h = await Harness.start({ features: { thanks: { cooldown: '24h' } } });
    await h.join('ana');
    await h.join('bob');
    await postAs('bob', 'mine');
    await react('bob', 'mine');
    expect(thanksOf('bob')).toHaveLength(0);
    expect(dmsTo('bob').at(-1)?.text).toContain('on your own message did not count');
    await postAs('bob', 'second');
    await react('ana', 'mine');
    await react('ana', 'second');
    expect(thanksOf('bob')).toHaveLength(1);
    expect(dmsTo('ana').at(-1)?.text).toContain('Your 🙏 for bob did not count as a thanks');
  });

  it('bots’ and Foyer’s messages are never recorded, so reactions on them thank nobody', async () => {
    h = await Harness.start();
    await h.join('ana');
    await react('ana', 'a-message-from-a-bot');
    expect(h.storage.stores.thanks.stats(h.community, new Date(0), h.time.now(), 5).thanks).toBe(0);
  });
});

describe('/thanks stats', () => {
  it('moderators see counts in a period and the most thanked; members may not', async () => {
    h = await Harness.start();
    h.roles.set('mod', 'moderator');
    for (const m of ['ana', 'bob', 'cy']) await h.join(m);
    await h.command('ana', '/thanks bob');
    await h.command('cy', '/thanks bob');
    await h.command('bob', '/thanks cy');
    await h.command('ana', '/thanks stats');
    expect(h.lastReplyTo('ana')).toBe('Sorry, /thanks stats is for moderators only.');
    await h.command('mod', '/thanks stats 7d');
    expect(h.lastReplyTo('mod')).toBe(
      [
        'Thanks from Feb 23, 2026 to Mar 2, 2026:',
        '',
        '• 3 thanks, given by 3 members to 2 members',
        '• Most thanked:',
        '• bob: 2 thanks from 2 members',
        '• cy: 1 thanks from 1 member',
      ].join('\n'),
    );
    await h.command('mod', '/thanks stats soon');
    expect(h.lastReplyTo('mod')).toBe(
      'soon is not a period here: type a number of days or weeks, such as /thanks stats 7d.',
    );
  });
});

describe('how long thanks are kept', () => {
  it('a thanks older than retention.thanks (365 days by default) is deleted by the nightly retention job', async () => {
    h = await Harness.start();
    for (const m of ['ana', 'bob']) await h.join(m);
    await h.command('ana', '/thanks bob');
    await h.advance('364d');
    await h.command('ana', '/thanks bob');
    expect(thanksOf('bob')).toHaveLength(2);
    await h.advance('2d');
    expect(thanksOf('bob').map((e) => e.at.getTime() - h.time.now().getTime())).toEqual([-2 * 86_400_000]);
  });
});
