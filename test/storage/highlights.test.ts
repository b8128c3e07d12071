import { describe, expect, it } from 'vitest';
import { createStorage, type Db } from '../../src/storage/index.ts';
import { openTestDatabase } from '../support/postgres/database.ts';

const C = 'garden';
const FROM = new Date('2026-03-02T08:00:00Z');
const TO = new Date('2026-03-09T08:00:00Z');
const at = (iso: string) => new Date(iso).getTime();

function seeded(): { db: Db; storage: ReturnType<typeof createStorage> } {
  const db = openTestDatabase();
  const storage = createStorage(db);
  storage.members.ensureCommunity(C, 'The Garden', FROM);
  return { db, storage };
}

const run = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);

describe('highlights view', () => {
  it('counts only what happened in [from, to), and only what members may see', () => {
    const { db, storage } = seeded();
    storage.members.recordJoin(C, 'console:before', 'before', false, new Date(FROM.getTime() - 1));
    storage.members.recordJoin(C, 'console:ana', 'ana', false, FROM);
    storage.members.recordJoin(C, 'console:last', 'last', false, new Date(TO.getTime() - 1));
    storage.members.recordJoin(C, 'console:after', 'after', false, TO);
    const poll = (audience: string, closedAt: number) =>
      run(
        db,
        `INSERT INTO polls (community_id, channel_id, mode, question, options, multiple, anonymous, created_by, created_at, closes_at, closed_at, audience)
         VALUES (?, 'console:general', 'text', ?, '["a","b","c"]', 1, 0, 'console:mod', ?, ?, ?, ?)`,
        C,
        `${audience} poll`,
        FROM.getTime(),
        closedAt,
        closedAt,
        audience,
      );
    poll('everyone', at('2026-03-04T10:00:00Z'));
    poll('beta', at('2026-03-04T10:00:00Z')); // the beta group's own: not in a public digest
    poll('everyone', TO.getTime()); // closes with the next period
    for (const [member, choices] of [
      ['console:ana', '[1,3]'],
      ['console:bo', '[3]'],
    ])
      run(
        db,
        'INSERT INTO ballots (poll_id, member_id, choices, at) VALUES (1, ?, ?, ?)',
        member,
        choices,
        FROM.getTime(),
      );
    // Weekly at 18:00 Paris on Thursdays, plus a one-off inside and one outside the next period, plus a draft.
    const entry = (id: string, text: string, when: { at?: number; cron?: string }, status = 'approved') =>
      run(
        db,
        `INSERT INTO calendar_entries (id, community_id, source, text, channel, at, cron, timezone, status, author, created_at)
         VALUES (?, ?, 'yaml', ?, 'general', ?, ?, 'Europe/Paris', ?, 'Camille', ?)`,
        id,
        C,
        text,
        when.at ?? null,
        when.cron ?? null,
        status,
        FROM.getTime(),
      );
    entry('weekly', 'Thursday thread', { cron: '0 18 * * 4' });
    entry('soon', 'Spring meetup\nsnacks', { at: at('2026-03-10T12:00:00Z') });
    entry('later', 'Much later', { at: at('2026-03-20T12:00:00Z') });
    entry('draft', 'Not approved', { at: at('2026-03-11T12:00:00Z') }, 'draft');
    const message = (id: string, channel: string, member: string, when: string, replyTo?: string) =>
      run(
        db,
        'INSERT INTO message_activity (community_id, channel_id, member_id, message_id, at, reply_to) VALUES (?, ?, ?, ?, ?, ?)',
        C,
        `console:${channel}`,
        `console:${member}`,
        id,
        at(when),
        replyTo ?? null,
      );
    message('old-root', 'general', 'cy', '2026-03-01T10:00:00Z'); // before the period, replied to inside it
    message('r1', 'general', 'ana', '2026-03-03T10:00:00Z', 'old-root');
    message('r2', 'general', 'ana', '2026-03-03T11:00:00Z', 'old-root');
    message('r3', 'general', 'bo', '2026-03-03T12:00:00Z', 'old-root');
    message('lone', 'random', 'bo', '2026-03-04T12:00:00Z');
    message('one-reply', 'random', 'ana', '2026-03-04T13:00:00Z', 'lone'); // a single reply: not a conversation
    message('late', 'random', 'ana', '2026-03-09T08:00:00Z'); // the next period's
    run(
      db,
      `INSERT INTO quiet_questions (community_id, channel_id, question, posted_at, replies, revived) VALUES
       (?, 'console:random', 'What are you reading?', ?, 2, 1), (?, 'console:random', 'Nobody answered', ?, 0, 0)`,
      C,
      at('2026-03-04T11:00:00Z'),
      C,
      at('2026-03-05T11:00:00Z'),
    );
    const report = (status: string, resolvedAt: number | null) =>
      run(
        db,
        `INSERT INTO reports (community_id, reporter_id, channel_id, reason, severity, status, created_at, resolved_at)
         VALUES (?, 'console:ana', 'console:general', 'why', 'normal', ?, ?, ?)`,
        C,
        status,
        FROM.getTime(),
        resolvedAt,
      );
    report('resolved', at('2026-03-05T10:00:00Z'));
    report('resolved', at('2026-03-01T10:00:00Z')); // handled the period before
    report('acknowledged', null);

    const h = storage.highlights(C).between(FROM, TO);
    expect(h.newMembers).toEqual({ count: 2, members: ['console:ana', 'console:last'] });
    expect(h.polls).toEqual([
      {
        question: 'everyone poll',
        channel: 'console:general',
        closedAt: new Date('2026-03-04T10:00:00Z'),
        options: [
          { label: 'a', votes: 1 },
          { label: 'b', votes: 0 },
          { label: 'c', votes: 2 },
        ],
        voters: 2,
      },
    ]);
    expect(h.upcoming).toEqual([
      { title: 'Spring meetup', at: new Date('2026-03-10T12:00:00Z'), channel: 'general' },
      { title: 'Thursday thread', at: new Date('2026-03-12T17:00:00Z'), channel: 'general' },
    ]);
    expect(h.channels).toEqual([
      { channel: 'console:general', messages: 3, replies: 3, participants: 2 },
      { channel: 'console:random', messages: 2, replies: 1, participants: 2 },
    ]);
    // Replies to a message from before the period count, with its author among the participants.
    expect(h.conversations).toEqual([
      { channel: 'console:general', startedAt: new Date('2026-03-03T10:00:00Z'), replies: 3, participants: 3 },
    ]);
    expect(h.revivals).toEqual([
      {
        channel: 'console:random',
        question: 'What are you reading?',
        askedAt: new Date('2026-03-04T11:00:00Z'),
        answeredBy: 2,
      },
    ]);
    expect(h.reportsHandled).toBe(1);
  });

  it('reads a period with nothing in it as empty', () => {
    const { storage } = seeded();
    const h = storage.highlights(C).between(FROM, TO);
    expect(h).toEqual({
      from: FROM,
      to: TO,
      newMembers: { count: 0, members: [] },
      upcoming: [],
      polls: [],
      channels: [],
      conversations: [],
      revivals: [],
      reportsHandled: 0,
    });
  });
});

describe('digest records past their retention period', () => {
  it('are pruned from the end of their period, except an issue still waiting for approval', () => {
    const { db, storage } = seeded();
    const digest = storage.stores.digest;
    digest.setNote(C, 'console:mod', 'old note', FROM);
    digest.open(C, FROM, TO, TO);
    digest.claimPost(C, TO, TO);
    const waiting = new Date('2026-03-16T08:00:00Z');
    digest.open(C, TO, waiting, waiting);
    const cutoff = { at: new Date('2026-06-01T00:00:00Z'), day: '2026-06-01' };
    expect(storage.retention.prune(C, 'digestIssues', cutoff)).toBe(2);
    expect(db.$client.prepare('SELECT period_end FROM digest_issues').pluck().all()).toEqual([waiting.getTime()]);
    expect(db.$client.prepare('SELECT count(*) FROM digest_notes').pluck().get()).toBe(0);
  });
});
