import { describe, expect, it } from 'vitest';
import {
  isMemberMessage,
  messageEvent,
  otherBotsMatcher,
  type RawMatrixEvent,
} from '../../../src/adapters/matrix/matrix.translate.ts';
import { communityId } from '../../../src/core/ids.ts';

const ROOM = '!garden:example.org';
const community = communityId('c');

// Timeline events as Synapse returns them in /sync (trimmed to what Foyer reads).
const text: RawMatrixEvent = {
  event_id: '$text1',
  type: 'm.room.message',
  sender: '@ana:example.org',
  room_id: ROOM,
  origin_server_ts: 1_772_442_000_000,
  content: { msgtype: 'm.text', body: 'hello, I am Ana' },
  unsigned: { age: 12 } as RawMatrixEvent['unsigned'],
};
const notice: RawMatrixEvent = {
  ...text,
  event_id: '$notice1',
  sender: '@github:example.org',
  content: { msgtype: 'm.notice', body: 'New issue #12 opened' },
};
const serverNotice: RawMatrixEvent = {
  ...text,
  event_id: '$sn1',
  sender: '@server:example.org',
  content: {
    msgtype: 'm.server_notice',
    body: 'Terms updated',
    server_notice_type: 'm.server_notice.usage_limit_reached',
  },
};
const edit: RawMatrixEvent = {
  ...text,
  event_id: '$edit1',
  content: {
    msgtype: 'm.text',
    body: '* hello, I am Ana!',
    'm.new_content': { msgtype: 'm.text', body: 'hello, I am Ana!' },
    'm.relates_to': { rel_type: 'm.replace', event_id: '$text1' },
  },
};
const redacted: RawMatrixEvent = {
  ...text,
  event_id: '$gone1',
  content: {},
  unsigned: {
    redacted_because: { type: 'm.room.redaction', sender: '@mod:example.org', redacts: '$gone1', content: {} },
  } as RawMatrixEvent['unsigned'],
};
const redaction: RawMatrixEvent = {
  ...text,
  event_id: '$redaction1',
  type: 'm.room.redaction',
  sender: '@mod:example.org',
  content: { redacts: '$text1', reason: 'spam' },
};
const topic: RawMatrixEvent = {
  ...text,
  event_id: '$topic1',
  type: 'm.room.topic',
  state_key: '',
  content: { topic: 'Say hello' },
};
// A state event of type m.room.message is legal in Matrix; it is room state, not a post.
const messageAsState: RawMatrixEvent = {
  ...text,
  event_id: '$state1',
  state_key: 'pinned',
  content: { msgtype: 'm.text', body: 'read me' },
};
const threadReply: RawMatrixEvent = {
  ...text,
  event_id: '$thread1',
  content: {
    msgtype: 'm.text',
    body: 'agreed',
    'm.relates_to': {
      rel_type: 'm.thread',
      event_id: '$text1',
      is_falling_back: true,
      'm.in_reply_to': { event_id: '$text1' },
    },
  },
};
const image: RawMatrixEvent = {
  ...text,
  event_id: '$img1',
  content: { msgtype: 'm.image', body: 'garden.jpg', url: 'mxc://example.org/abc' },
};
const emote: RawMatrixEvent = { ...text, event_id: '$emote1', content: { msgtype: 'm.emote', body: 'waves' } };

describe('Matrix translation: what counts as a member’s message', () => {
  it('a member’s text, emote, image and thread reply are messages', () => {
    for (const e of [text, emote, image, threadReply])
      expect(messageEvent(e, community, 'Ana'), e.event_id).toMatchObject({
        type: 'message.posted',
        author: { id: 'matrix:@ana:example.org' },
        channel: `matrix:${ROOM}`,
      });
  });

  it('a reply carries the event it replies to (m.relates_to.m.in_reply_to)', () => {
    const reply: RawMatrixEvent = {
      ...text,
      event_id: '$reply1',
      content: { msgtype: 'm.text', body: 'welcome!', 'm.relates_to': { 'm.in_reply_to': { event_id: '$text1' } } },
    };
    expect(messageEvent(reply, community, 'Bo')).toMatchObject({
      type: 'message.posted',
      message: 'matrix:$reply1',
      replyTo: 'matrix:$text1',
    });
  });

  it('a plain message, and a thread message whose in_reply_to is only the thread fallback, are no replies', () => {
    for (const e of [text, threadReply])
      expect(messageEvent(e, community, 'Ana'), e.event_id).not.toHaveProperty('replyTo');
  });

  it('an explicit reply inside a thread (is_falling_back false) is a reply', () => {
    const inThread: RawMatrixEvent = {
      ...text,
      event_id: '$thread2',
      content: {
        msgtype: 'm.text',
        body: 'to your point',
        'm.relates_to': {
          rel_type: 'm.thread',
          event_id: '$root',
          is_falling_back: false,
          'm.in_reply_to': { event_id: '$text1' },
        },
      },
    };
    expect(messageEvent(inThread, community, 'Ana')).toMatchObject({ replyTo: 'matrix:$text1' });
  });

  it('m.notice (the Matrix convention for bots) and server notices are not member messages', () => {
    expect(isMemberMessage(notice)).toBe(false);
    expect(messageEvent(notice, community, 'github')).toBeUndefined();
    expect(messageEvent(serverNotice, community, 'server')).toBeUndefined();
  });

  it('an edit (m.replace) is not a new message', () => {
    expect(isMemberMessage(edit)).toBe(false);
    expect(messageEvent(edit, community, 'Ana')).toBeUndefined();
  });

  it('state events, redactions and redacted messages are not messages', () => {
    for (const e of [redacted, redaction, topic, messageAsState]) {
      expect(isMemberMessage(e), e.event_id).toBe(false);
      expect(messageEvent(e, community, 'Ana'), e.event_id).toBeUndefined();
    }
  });

  it('other bots are recognised by user id, with * standing for any characters', () => {
    const isOtherBot = otherBotsMatcher(['@github:example.org', '@discord_*:example.org', '@*bot:example.org']);
    expect(isOtherBot('@github:example.org')).toBe(true);
    expect(isOtherBot('@discord_1234:example.org')).toBe(true); // a bridge's puppets
    expect(isOtherBot('@welcomebot:example.org')).toBe(true);
    expect(isOtherBot('@ana:example.org')).toBe(false);
    expect(isOtherBot('@github:example.org.evil')).toBe(false); // whole ids only
    expect(isOtherBot('@discord_x:other.org')).toBe(false);
    expect(otherBotsMatcher([])('@github:example.org')).toBe(false);
  });

  it('a pattern’s other characters are literal (the dots in a server name are not wildcards)', () => {
    expect(otherBotsMatcher(['@bot:example.org'])('@bot:exampleXorg')).toBe(false);
  });
});
