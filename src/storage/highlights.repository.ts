import type { ChannelId, MemberId } from '../core/ids.ts';
import type {
  HighlightsView,
  LivelyChannel,
  LivelyConversation,
  PeriodHighlights,
  PollResult,
  RevivingQuestion,
  UpcomingPost,
} from '../core/highlights.ts';
import { cronSlots } from '../core/scheduler.ts';
import type { Db } from './database.ts';

const TOP = 10;
const TITLE_LENGTH = 80;
/** A repeating calendar entry counts once per slot; a period never needs more than this many of one entry. */
const SLOTS_PER_ENTRY = 10;

/** The first line of a calendar post, short enough for a list; or its content file's name. */
function titleOf(text: string | null, file: string | null): string {
  const line = (text ?? '').split('\n').find((l) => l.trim() !== '');
  if (line !== undefined) {
    const trimmed = line.trim();
    return trimmed.length > TITLE_LENGTH ? `${trimmed.slice(0, TITLE_LENGTH - 1)}…` : trimmed;
  }
  return (file ?? '').split(/[\\/]/).pop() ?? '';
}

interface CalendarRow {
  text: string | null;
  file: string | null;
  channel: string;
  at: number | null;
  cron: string | null;
  timezone: string;
}

/**
 * Core's read view of a period's highlights for one community (digest, "we missed you",
 * newsletter). Aggregates over existing tables only: message metadata (never bodies), the
 * calendar, polls and ballots, quiet questions, reports.
 */
export function createHighlightsView({ db, community }: { db: Db; community: string }): HighlightsView {
  const sqlite = db.$client;
  const joined = sqlite.prepare<[string, number, number], { member_id: string }>(
    `SELECT member_id FROM members
     WHERE community_id = ? AND joined_at >= ? AND joined_at < ? AND (left_at IS NULL OR left_at < joined_at)
     ORDER BY joined_at, member_id`,
  );
  const calendar = sqlite.prepare<[string], CalendarRow>(
    `SELECT text, file, channel, at, cron, timezone FROM calendar_entries
     WHERE community_id = ? AND status = 'approved' AND audience = 'everyone'`,
  );
  const closedPolls = sqlite.prepare<
    [string, number, number],
    { id: number; question: string; channel_id: string; closed_at: number; options: string }
  >(
    `SELECT id, question, channel_id, closed_at, options FROM polls
     WHERE community_id = ? AND audience = 'everyone' AND closed_at >= ? AND closed_at < ?
     ORDER BY closed_at, id`,
  );
  const tally = sqlite.prepare<[number], { choice: number; votes: number }>(
    `SELECT CAST(j.value AS INTEGER) AS choice, count(*) AS votes FROM ballots b, json_each(b.choices) j
     WHERE b.poll_id = ? GROUP BY choice`,
  );
  const voters = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM ballots WHERE poll_id = ?');
  const channels = sqlite.prepare<
    [string, number, number, number],
    { channel_id: string; messages: number; replies: number; participants: number }
  >(
    `SELECT channel_id, count(*) AS messages, count(reply_to) AS replies, count(DISTINCT member_id) AS participants
     FROM message_activity WHERE community_id = ? AND at >= ? AND at < ?
     GROUP BY channel_id ORDER BY messages DESC, participants DESC, channel_id LIMIT ?`,
  );
  // A conversation is the set of replies to one message; its author joins the participants when Foyer saw it.
  const conversations = sqlite.prepare<
    { community: string; from: number; to: number; limit: number },
    { channel_id: string; started: number; replies: number; participants: number }
  >(
    `WITH r AS (SELECT channel_id, reply_to, member_id, at FROM message_activity
                WHERE community_id = @community AND at >= @from AND at < @to AND reply_to IS NOT NULL),
          people AS (SELECT reply_to, member_id FROM r
                     UNION SELECT m.message_id, m.member_id FROM message_activity m
                     WHERE m.community_id = @community AND m.message_id IN (SELECT reply_to FROM r))
     SELECT min(r.channel_id) AS channel_id, min(r.at) AS started, count(*) AS replies,
            (SELECT count(DISTINCT p.member_id) FROM people p WHERE p.reply_to = r.reply_to) AS participants
     FROM r GROUP BY r.reply_to HAVING count(*) >= 2
     ORDER BY replies DESC, participants DESC, started LIMIT @limit`,
  );
  const questions = sqlite.prepare<
    { community: string; from: number; to: number },
    { channel_id: string; question: string; posted_at: number; answered_by: number }
  >(
    `SELECT q.channel_id, q.question, q.posted_at,
            (SELECT count(DISTINCT m.member_id) FROM message_activity m
             WHERE m.community_id = q.community_id AND m.channel_id = q.channel_id AND m.at >= q.posted_at
               AND m.at < coalesce((SELECT min(n.posted_at) FROM quiet_questions n
                                    WHERE n.community_id = q.community_id AND n.channel_id = q.channel_id
                                      AND n.posted_at > q.posted_at), @to)
               AND m.at < @to) AS answered_by
     FROM quiet_questions q
     WHERE q.community_id = @community AND q.posted_at >= @from AND q.posted_at < @to
       AND (q.revived = 1 OR (q.revived IS NULL AND q.replies > 0))
     ORDER BY q.posted_at, q.id`,
  );
  const handled = sqlite.prepare<[string, number, number], { n: number }>(
    `SELECT count(*) AS n FROM reports WHERE community_id = ? AND status = 'resolved'
     AND resolved_at >= ? AND resolved_at < ?`,
  );

  const upcoming = (from: number, to: number): UpcomingPost[] => {
    const posts: UpcomingPost[] = [];
    for (const row of calendar.all(community)) {
      const title = titleOf(row.text, row.file);
      if (row.cron) {
        // cronSlots is strictly after its start; one millisecond earlier makes `from` itself count.
        for (const at of cronSlots(row.cron, row.timezone, new Date(from - 1), new Date(to - 1), SLOTS_PER_ENTRY))
          posts.push({ title, at, channel: row.channel });
      } else if (row.at !== null && row.at >= from && row.at < to) {
        posts.push({ title, at: new Date(row.at), channel: row.channel });
      }
    }
    return posts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.title.localeCompare(b.title));
  };

  const polls = (from: number, to: number): PollResult[] =>
    closedPolls.all(community, from, to).map((poll) => {
      const counts = new Map(tally.all(poll.id).map((r) => [r.choice, r.votes]));
      const labels = JSON.parse(poll.options) as string[];
      return {
        question: poll.question,
        channel: poll.channel_id as ChannelId,
        closedAt: new Date(poll.closed_at),
        // Ballots number options from 1, as members type them.
        options: labels.map((label, i) => ({ label, votes: counts.get(i + 1) ?? 0 })),
        voters: voters.get(poll.id)?.n ?? 0,
      };
    });

  return {
    between(fromDate: Date, toDate: Date): PeriodHighlights {
      const from = fromDate.getTime();
      const to = toDate.getTime();
      const members = joined.all(community, from, to).map((r) => r.member_id as MemberId);
      const lively: LivelyChannel[] = channels.all(community, from, to, TOP).map((r) => ({
        channel: r.channel_id as ChannelId,
        messages: r.messages,
        replies: r.replies,
        participants: r.participants,
      }));
      const talks: LivelyConversation[] = conversations.all({ community, from, to, limit: TOP }).map((r) => ({
        channel: r.channel_id as ChannelId,
        startedAt: new Date(r.started),
        replies: r.replies,
        participants: r.participants,
      }));
      const revivals: RevivingQuestion[] = questions.all({ community, from, to }).map((r) => ({
        channel: r.channel_id as ChannelId,
        question: r.question,
        askedAt: new Date(r.posted_at),
        answeredBy: r.answered_by,
      }));
      return {
        from: fromDate,
        to: toDate,
        newMembers: { count: members.length, members },
        upcoming: upcoming(to, to + (to - from)),
        polls: polls(from, to),
        channels: lively,
        conversations: talks,
        revivals,
        reportsHandled: handled.get(community, from, to)?.n ?? 0,
      };
    },
  };
}
