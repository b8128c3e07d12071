import type { DigestIssue, DigestNote, DigestStore, IssueStatus } from '../features/digest/digest.store.ts';
import type { Db } from './database.ts';
import { transaction } from './database.ts';

interface IssueRow {
  period_start: number;
  period_end: number;
  status: IssueStatus;
  approved_by: string | null;
  reminded_at: number | null;
  posted_at: number | null;
}

interface NoteRow {
  author_id: string;
  text: string;
  created_at: number;
  issue_end: number | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

const toIssue = (r: IssueRow): DigestIssue => ({
  periodStart: new Date(r.period_start),
  periodEnd: new Date(r.period_end),
  status: r.status,
  approvedBy: r.approved_by,
  remindedAt: date(r.reminded_at),
  postedAt: date(r.posted_at),
});

const toNote = (r: NoteRow): DigestNote => ({
  authorId: r.author_id,
  text: r.text,
  createdAt: new Date(r.created_at),
  issueEnd: date(r.issue_end),
});

const ISSUE = 'period_start, period_end, status, approved_by, reminded_at, posted_at';
const NOTE = 'author_id, text, created_at, issue_end';

export function createDigestStore({ db }: { db: Db }): DigestStore {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `INSERT INTO digest_issues (community_id, period_end, period_start, status, opened_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const select = sqlite.prepare<[string, number], IssueRow>(
    `SELECT ${ISSUE} FROM digest_issues WHERE community_id = ? AND period_end = ?`,
  );
  const claim = sqlite.prepare(
    `UPDATE digest_issues SET status = 'posted', posted_at = ? WHERE community_id = ? AND period_end = ? AND status = 'awaiting'`,
  );
  const attachNote = sqlite.prepare(
    'UPDATE digest_notes SET issue_end = ? WHERE community_id = ? AND issue_end IS NULL',
  );
  const approve = sqlite.prepare(
    `UPDATE digest_issues SET approved_by = ?, approved_at = ?
     WHERE community_id = ? AND period_end = ? AND status = 'awaiting' AND approved_by IS NULL`,
  );
  const remind = sqlite.prepare('UPDATE digest_issues SET reminded_at = ? WHERE community_id = ? AND period_end = ?');
  const miss = sqlite.prepare(
    `UPDATE digest_issues SET status = 'missed' WHERE community_id = ? AND period_end = ? AND status = 'awaiting'`,
  );
  const expire = sqlite.prepare(
    `UPDATE digest_issues SET status = 'expired' WHERE community_id = ? AND period_end = ? AND status = 'awaiting'`,
  );
  const awaiting = sqlite.prepare<[string], IssueRow>(
    `SELECT ${ISSUE} FROM digest_issues WHERE community_id = ? AND status = 'awaiting' ORDER BY period_end`,
  );
  const dropPending = sqlite.prepare('DELETE FROM digest_notes WHERE community_id = ? AND issue_end IS NULL');
  const addNote = sqlite.prepare(
    'INSERT INTO digest_notes (community_id, author_id, text, created_at) VALUES (?, ?, ?, ?)',
  );
  const pending = sqlite.prepare<[string], NoteRow>(
    `SELECT ${NOTE} FROM digest_notes WHERE community_id = ? AND issue_end IS NULL ORDER BY id DESC LIMIT 1`,
  );
  const noteOf = sqlite.prepare<[string, number], NoteRow>(
    `SELECT ${NOTE} FROM digest_notes WHERE community_id = ? AND issue_end = ? ORDER BY id DESC LIMIT 1`,
  );
  const notesBy = sqlite.prepare<[string, string], NoteRow>(
    `SELECT ${NOTE} FROM digest_notes WHERE community_id = ? AND author_id = ? ORDER BY id`,
  );

  return {
    open(communityId, periodStart, periodEnd, at) {
      return transaction(db, () => {
        insert.run(communityId, periodEnd.getTime(), periodStart.getTime(), 'awaiting', at.getTime());
        return toIssue(select.get(communityId, periodEnd.getTime())!);
      });
    },
    get: (communityId, periodEnd) => {
      const row = select.get(communityId, periodEnd.getTime());
      return row ? toIssue(row) : undefined;
    },
    claimPost: (communityId, periodEnd, at) =>
      transaction(db, () => {
        if (claim.run(at.getTime(), communityId, periodEnd.getTime()).changes !== 1) return false;
        attachNote.run(periodEnd.getTime(), communityId);
        return true;
      }),
    approve: (communityId, periodEnd, by, at) =>
      approve.run(by, at.getTime(), communityId, periodEnd.getTime()).changes === 1,
    markReminded: (communityId, periodEnd, at) => void remind.run(at.getTime(), communityId, periodEnd.getTime()),
    markMissed: (communityId, periodStart, periodEnd, at) =>
      transaction(db, () => {
        if (insert.run(communityId, periodEnd.getTime(), periodStart.getTime(), 'missed', at.getTime()).changes === 1)
          return true;
        return miss.run(communityId, periodEnd.getTime()).changes === 1;
      }),
    expire: (communityId, periodEnd) => expire.run(communityId, periodEnd.getTime()).changes === 1,
    awaiting: (communityId) => awaiting.all(communityId).map(toIssue),
    setNote: (communityId, authorId, text, at) =>
      transaction(db, () => {
        dropPending.run(communityId);
        addNote.run(communityId, authorId, text, at.getTime());
      }),
    clearNote: (communityId) => dropPending.run(communityId).changes > 0,
    pendingNote: (communityId) => {
      const row = pending.get(communityId);
      return row ? toNote(row) : undefined;
    },
    noteOf: (communityId, periodEnd) => {
      const row = noteOf.get(communityId, periodEnd.getTime());
      return row ? toNote(row) : undefined;
    },
    notesBy: (communityId, authorId) => notesBy.all(communityId, authorId).map(toNote),
  };
}
