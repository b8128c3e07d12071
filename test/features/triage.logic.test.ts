import { describe, expect, it } from 'vitest';
import {
  canEscalate,
  citedRules,
  classify,
  crisisTrigger,
  escalationAudience,
  escalationDeadline,
  escalationSteps,
  ageInUnits,
  handlingTimes,
  isSerious,
  median,
  openByAge,
  queueOrder,
  reporterChoice,
  RULED_SEVERITIES,
  worst,
} from '../../src/features/triage/triage.logic.ts';
import { SEVERITIES, type Report } from '../../src/features/triage/triage.store.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function report(over: Partial<Report> & Pick<Report, 'id'>): Report {
  return {
    communityId: 'demo',
    reporterId: 'console:ana',
    channelId: 'console:general',
    targetMessageId: null,
    evidenceText: null,
    evidenceAuthor: null,
    evidenceAt: null,
    evidenceLink: null,
    reason: 'something is wrong',
    severity: 'low',
    status: 'open',
    assignee: null,
    escalationLevel: 0,
    outcome: null,
    upheld: null,
    createdAt: NOW,
    acknowledgedAt: null,
    resolvedAt: null,
    ...over,
  };
}

describe('severities', () => {
  it('rules exist for every severity but low, most serious first', () => {
    expect(SEVERITIES).toEqual(['low', 'medium', 'high', 'critical']);
    expect(RULED_SEVERITIES).toEqual(['critical', 'high', 'medium']);
  });

  it('worst keeps the more serious of two, and ignores a missing one', () => {
    expect(worst('medium', 'critical')).toBe('critical');
    expect(worst('high', 'low')).toBe('high');
    expect(worst('medium', undefined)).toBe('medium');
  });

  it('only high and critical reports are serious', () => {
    expect(SEVERITIES.filter(isSerious)).toEqual(['high', 'critical']);
  });
});

describe('classification by rules', () => {
  const rules = { critical: ['kill myself'], high: ['home\\s+address'], medium: ['spam'] };

  it('takes the most serious level whose rule matches, case-insensitively, as a pattern', () => {
    expect(classify('SPAM and my Home   Address', rules)).toBe('high');
    expect(classify('spam; I want to kill myself', rules)).toBe('critical');
    expect(classify('Spam everywhere', rules)).toBe('medium');
  });

  it('is low when no rule matches', () => {
    expect(classify('a rude word', rules)).toBe('low');
    expect(classify('anything', { critical: [], high: [], medium: [] })).toBe('low');
  });

  it('reads a severity the reporter put first, urgent meaning high, and keeps the rest as the reason', () => {
    expect(reporterChoice('Critical: someone is in danger')).toEqual({
      severity: 'critical',
      reason: 'someone is in danger',
    });
    expect(reporterChoice(' urgent :  please look ')).toEqual({ severity: 'high', reason: 'please look' });
    expect(reporterChoice('spam: again')).toEqual({ reason: 'spam: again' });
    expect(reporterChoice('low')).toEqual({ reason: 'low' });
  });

  it('reads the severity words in French too', () => {
    expect(reporterChoice('Urgent : il faut regarder')).toEqual({ severity: 'high', reason: 'il faut regarder' });
    expect(reporterChoice('critique: danger')).toEqual({ severity: 'critical', reason: 'danger' });
    expect(reporterChoice('élevée : menace')).toEqual({ severity: 'high', reason: 'menace' });
    expect(reporterChoice('moyenne: spam')).toEqual({ severity: 'medium', reason: 'spam' });
    expect(reporterChoice('faible : rien de grave')).toEqual({ severity: 'low', reason: 'rien de grave' });
  });

  it('cites code-of-conduct rules by number in English or French, once each, only rules that exist', () => {
    const code = ['Be kind', 'No spam'];
    const cited = citedRules('breaks rule 2 and règle #1, rule 2 again, rule 3', code);
    expect(cited).toEqual([
      { number: 2, rule: 'No spam' },
      { number: 1, rule: 'Be kind' },
    ]);
    expect(citedRules('rule 0 or rule12', code)).toEqual([]);
  });
});

describe('the triage queue', () => {
  it('puts more serious reports first, then older ones, then the lower number', () => {
    const queue = queueOrder(
      [
        report({ id: 1, severity: 'medium', createdAt: ago(3 * HOUR) }),
        report({ id: 2, severity: 'critical', createdAt: ago(MINUTE) }),
        report({ id: 3, severity: 'medium', createdAt: ago(5 * HOUR) }),
        report({ id: 4, severity: 'medium', createdAt: ago(5 * HOUR) }),
      ],
      NOW,
      () => undefined,
    );
    expect(queue.map((r) => r.id)).toEqual([2, 3, 4, 1]);
  });

  it('within a severity, a reliable reporter counts as if their report were older', () => {
    const reliable = report({ id: 1, severity: 'high', reporterId: 'console:reliable', createdAt: ago(2 * HOUR) });
    const doubtful = report({ id: 2, severity: 'high', reporterId: 'console:doubtful', createdAt: ago(3 * HOUR) });
    const accuracy = (reporter: string) => (reporter === 'console:reliable' ? 1 : 0);
    // 2 h × 1.5 = 3 h beats 3 h × 0.5 = 1.5 h; a more serious report still comes first.
    expect(queueOrder([doubtful, reliable], NOW, accuracy).map((r) => r.id)).toEqual([1, 2]);
    const critical = report({ id: 3, severity: 'critical', reporterId: 'console:doubtful' });
    expect(queueOrder([reliable, critical], NOW, accuracy).map((r) => r.id)).toEqual([3, 1]);
  });

  it('leaves the list it was given as it was', () => {
    const reports = [report({ id: 1 }), report({ id: 2, severity: 'high' })];
    queueOrder(reports, NOW, () => undefined);
    expect(reports.map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('escalation', () => {
  const within = { critical: 15 * MINUTE, high: HOUR, medium: 4 * HOUR, low: 24 * HOUR };

  it('is due the severity’s acknowledgement time after it was filed or last escalated', () => {
    expect(escalationDeadline('critical', NOW, within)).toEqual(new Date('2026-03-02T12:15:00Z'));
    expect(escalationDeadline('low', NOW, within)).toEqual(new Date('2026-03-03T12:00:00Z'));
  });

  it('has one step (the admins) without on-call members, two with them', () => {
    expect(escalationSteps(0)).toBe(1);
    expect(escalationSteps(1)).toBe(2);
    expect(escalationSteps(3)).toBe(2);
  });

  it('tells the admins first, then pages the on-call members, or the admins again when there are none', () => {
    expect(escalationAudience(1, 2)).toBe('admins');
    expect(escalationAudience(2, 2)).toBe('on-call');
    expect(escalationAudience(2, 0)).toBe('admins');
  });

  it('can go further only while unresolved and below the last step', () => {
    expect(canEscalate({ status: 'open', escalationLevel: 0 }, 1)).toBe(true);
    expect(canEscalate({ status: 'escalated', escalationLevel: 1 }, 2)).toBe(true);
    expect(canEscalate({ status: 'escalated', escalationLevel: 2 }, 2)).toBe(false);
    expect(canEscalate({ status: 'resolved', escalationLevel: 0 }, 2)).toBe(false);
  });
});

describe('the crisis trigger', () => {
  const crisis = { reports: 3, within: 10 * MINUTE };
  const serious = (id: number, minutesAgo: number, over: Partial<Report> = {}) =>
    report({ id, severity: 'high', createdAt: ago(minutesAgo * MINUTE), ...over });

  const inGeneral = (reports: Report[]) => crisisTrigger(reports, 'console:general', NOW, crisis);

  it('fires with enough high-or-critical reports for one channel within the window, and says how many', () => {
    expect(inGeneral([serious(1, 9), serious(2, 5, { severity: 'critical' }), serious(3, 0)])).toBe(3);
    expect(inGeneral([serious(1, 10), serious(2, 5), serious(3, 0), serious(4, 0)])).toBe(4);
  });

  it('does not count reports that are older, less serious, or about another channel', () => {
    expect(inGeneral([serious(1, 11), serious(2, 5), serious(3, 0)])).toBeUndefined();
    expect(inGeneral([serious(1, 1, { severity: 'medium' }), serious(2, 5), serious(3, 0)])).toBeUndefined();
    expect(inGeneral([serious(1, 1, { channelId: 'console:other' }), serious(2, 5), serious(3, 0)])).toBeUndefined();
  });
});

describe('triage statistics', () => {
  it('gives ages in minutes up to two hours, hours up to two days, then days', () => {
    expect(ageInUnits(119 * MINUTE)).toEqual({ value: 119, unit: 'minute' });
    expect(ageInUnits(2 * HOUR)).toEqual({ value: 2, unit: 'hour' });
    expect(ageInUnits(47 * HOUR)).toEqual({ value: 47, unit: 'hour' });
    expect(ageInUnits(48 * HOUR)).toEqual({ value: 2, unit: 'day' });
  });

  it('takes the upper middle value as the median, none of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeUndefined();
  });

  it('measures handling times per severity, a resolution without acknowledgement acknowledging it', () => {
    const done = (over: Partial<Report> & Pick<Report, 'id'>) => report({ status: 'resolved', ...over });
    const resolved = [
      done({ id: 1, severity: 'high', createdAt: ago(3 * HOUR), acknowledgedAt: ago(2 * HOUR), resolvedAt: ago(HOUR) }),
      done({ id: 2, severity: 'high', createdAt: ago(5 * HOUR), resolvedAt: ago(HOUR) }),
      done({ id: 3, severity: 'low', createdAt: ago(HOUR), resolvedAt: NOW }),
    ];
    expect(handlingTimes(resolved, 'high')).toEqual({ count: 2, acknowledge: 4 * HOUR, resolve: 4 * HOUR });
    expect(handlingTimes(resolved, 'critical')).toEqual({ count: 0, acknowledge: undefined, resolve: undefined });
  });

  it('counts open reports by age, each in one bucket', () => {
    const open = [0, 59 * MINUTE, HOUR, 23 * HOUR, 24 * HOUR, 8 * 24 * HOUR].map((age) => ({ createdAt: ago(age) }));
    expect(openByAge(open, NOW)).toEqual([
      { bucket: 'hour', count: 2 },
      { bucket: 'day', count: 2 },
      { bucket: 'week', count: 1 },
      { bucket: 'older', count: 1 },
    ]);
  });
});
