import type { MemberId } from '../core/ids.ts';
import type { OwnAnswer, Survey, SurveyKind, SurveysStore } from '../features/surveys/surveys.store.ts';
import type { HealthStore, SurveyScore } from '../features/health/health.store.ts';
import { transaction, type Db } from './database.ts';

type SurveyRow = [number, SurveyKind, string | null, string, number, number, number | null, number, number];

const COLUMNS = 'id, kind, question, started_by, started_at, closes_at, closed_at, min_responses, asked';

const surveyOf = ([id, kind, question, startedBy, startedAt, closesAt, closedAt, min, asked]: SurveyRow): Survey => ({
  id,
  kind,
  question,
  startedBy,
  startedAt: new Date(startedAt),
  closesAt: new Date(closesAt),
  closedAt: closedAt === null ? null : new Date(closedAt),
  minResponses: min,
  asked,
});

/** Members now (never left, or joined again after leaving) who are not staff. */
const CANDIDATES = `SELECT m.member_id, m.display_name, m.dm_opt_out_at IS NOT NULL FROM members m
  WHERE m.community_id = @community AND (m.left_at IS NULL OR (m.joined_at IS NOT NULL AND m.left_at < m.joined_at))
    AND m.member_id NOT IN (SELECT member_id FROM staff_members WHERE community_id = @community)
  ORDER BY m.member_id`;

/** The surveys feature's store: surveys, who was asked while one is open, and answers. */
export function createSurveysStore({ db }: { db: Db }): SurveysStore {
  const sqlite = db.$client;
  const insert = sqlite
    .prepare(
      `INSERT INTO surveys (community_id, kind, question, started_by, started_at, closes_at, min_responses)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck();
  const get = sqlite.prepare(`SELECT ${COLUMNS} FROM surveys WHERE community_id = ? AND id = ?`).raw();
  const latest = sqlite.prepare(`SELECT ${COLUMNS} FROM surveys WHERE community_id = ? ORDER BY id DESC LIMIT 1`).raw();
  const candidates = sqlite.prepare(CANDIDATES).raw();
  const invite = sqlite.prepare(
    'INSERT INTO survey_invites (survey_id, community_id, member_id, invited_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const uninvite = sqlite.prepare(
    'DELETE FROM survey_invites WHERE survey_id = ? AND community_id = ? AND member_id = ?',
  );
  const setAsked = sqlite.prepare('UPDATE surveys SET asked = ? WHERE community_id = ? AND id = ?');
  const openInvite = sqlite
    .prepare(
      `SELECT ${COLUMNS.replace(/(\w+)/g, 's.$1')} FROM survey_invites i JOIN surveys s ON s.id = i.survey_id
       WHERE i.community_id = ? AND i.member_id = ? AND s.closed_at IS NULL ORDER BY i.invited_at DESC, s.id DESC LIMIT 1`,
    )
    .raw();
  const removeAnswer = sqlite.prepare(
    'DELETE FROM survey_answers WHERE community_id = ? AND survey_id = ? AND member_id = ?',
  );
  const addAnswer = sqlite.prepare(
    'INSERT INTO survey_answers (survey_id, community_id, member_id, score, comment, answered_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Comments in text order, not answer order: the order must not tell who wrote which.
  const scores = sqlite.prepare('SELECT score FROM survey_answers WHERE community_id = ? AND survey_id = ?').pluck();
  const comments = sqlite
    .prepare(
      `SELECT comment FROM survey_answers WHERE community_id = ? AND survey_id = ? AND comment IS NOT NULL
       ORDER BY comment`,
    )
    .pluck();
  const close = sqlite.prepare(
    'UPDATE surveys SET closed_at = ? WHERE community_id = ? AND id = ? AND closed_at IS NULL',
  );
  const unlink = sqlite.prepare(
    'UPDATE survey_answers SET member_id = NULL, answered_at = NULL WHERE community_id = ? AND survey_id = ?',
  );
  const dropInvites = sqlite.prepare('DELETE FROM survey_invites WHERE community_id = ? AND survey_id = ?');
  const answersOf = sqlite
    .prepare(
      `SELECT a.survey_id, s.kind, a.score, a.comment, a.answered_at FROM survey_answers a
       JOIN surveys s ON s.id = a.survey_id WHERE a.community_id = ? AND a.member_id = ? ORDER BY a.survey_id`,
    )
    .raw();
  return {
    create(community, s) {
      const id = insert.get(
        community,
        s.kind,
        s.question,
        s.startedBy,
        s.startedAt.getTime(),
        s.closesAt.getTime(),
        s.minResponses,
      );
      return { ...s, id: Number(id), closedAt: null, asked: 0 };
    },
    get(community, id) {
      const row = get.get(community, id) as SurveyRow | undefined;
      return row ? surveyOf(row) : undefined;
    },
    latest(community) {
      const row = latest.get(community) as SurveyRow | undefined;
      return row ? surveyOf(row) : undefined;
    },
    candidates: (community) =>
      (candidates.all({ community }) as [string, string, number][]).map(([member, displayName, out]) => ({
        member: member as MemberId,
        displayName,
        dmOptedOut: out === 1,
      })),
    invite: (community, survey, member, at) => void invite.run(survey, community, member, at.getTime()),
    uninvite: (community, survey, member) => void uninvite.run(survey, community, member),
    setAsked: (community, survey, asked) => void setAsked.run(asked, community, survey),
    openInviteOf(community, member) {
      const row = openInvite.get(community, member) as SurveyRow | undefined;
      return row ? surveyOf(row) : undefined;
    },
    answer: (community, survey, member, score, comment, at) =>
      transaction(db, () => {
        removeAnswer.run(community, survey, member);
        addAnswer.run(survey, community, member, score, comment, at.getTime());
      }),
    withdraw: (community, survey, member) => removeAnswer.run(community, survey, member).changes > 0,
    answers: (community, survey) => ({
      scores: scores.all(community, survey) as number[],
      comments: comments.all(community, survey) as string[],
    }),
    close: (community, survey, at) =>
      transaction(db, () => {
        if (close.run(at.getTime(), community, survey).changes === 0) return false;
        unlink.run(community, survey);
        dropInvites.run(community, survey);
        return true;
      }),
    answersOf: (community, member): OwnAnswer[] =>
      (answersOf.all(community, member) as [number, SurveyKind, number, string | null, number | null][]).map(
        ([surveyId, kind, score, comment, at]) => ({
          surveyId,
          kind,
          score,
          comment,
          answeredAt: at === null ? null : new Date(at),
        }),
      ),
  };
}

/**
 * The health store's read of member research: for each kind, the latest survey started in
 * the period with at least its own minimum number of answers, and its score (the same
 * definitions as `/survey results`: the mean; % of 9–10 minus % of 0–6, rounded).
 */
export function createSurveyScores({ db }: { db: Db }): HealthStore['surveyScores'] {
  const latest = db.$client
    .prepare(
      `SELECT s.id, s.kind, count(a.id), avg(a.score),
              sum(CASE WHEN a.score >= 9 THEN 1 ELSE 0 END) - sum(CASE WHEN a.score <= 6 THEN 1 ELSE 0 END)
       FROM surveys s JOIN survey_answers a ON a.survey_id = s.id AND a.community_id = s.community_id
       WHERE s.community_id = ? AND s.started_at >= ? AND s.started_at < ?
       GROUP BY s.id HAVING count(a.id) >= s.min_responses
       ORDER BY s.started_at DESC, s.id DESC`,
    )
    .raw();
  return (community, from, to) => {
    const seen = new Set<string>();
    const scores: SurveyScore[] = [];
    for (const [survey, kind, answers, mean, net] of latest.all(community, from, to) as [
      number,
      SurveyKind,
      number,
      number,
      number,
    ][]) {
      if (seen.has(kind)) continue;
      seen.add(kind);
      scores.push({ survey, kind, answers, mean, nps: Math.round((net / answers) * 100) });
    }
    return scores;
  };
}
