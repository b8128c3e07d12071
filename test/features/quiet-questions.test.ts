import { afterEach, describe, expect, it } from 'vitest';
import { isActive, pickQuestion } from '../../src/features/quiet-questions/quiet-questions.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

// 2026-03-02 is a Monday; the example community is in Europe/Paris (UTC+1 in March).
const MONDAY_10_PARIS = new Date('2026-03-02T09:00:00Z');
const quiet = (over: Record<string, unknown> = {}) => ({ features: { quietQuestions: { channels: ['general'], quietAfter: '4h', maxPerDay: 1, maxPerWeek: 3, reviveWindow: '2h', backoff: 2, ...over } } });
const questions = (h: Harness) => h.sent.filter((s) => s.kind === 'channel' && s.to === '#general');

describe('quiet-channel questions', () => {
  it('asks a question once the channel has been quiet for the configured time, inside active hours', async () => {
    h = await Harness.start(quiet(), MONDAY_10_PARIS);
    await h.post('ana', 'general', 'morning');
    await h.advance('3h45m');
    expect(questions(h)).toHaveLength(0);
    await h.advance('15m');
    expect(questions(h).map((q) => q.text)).toEqual(['What are you working on this week?']);
  });

  it('never posts twice in a row, and stays within the daily cap', async () => {
    h = await Harness.start(quiet(), MONDAY_10_PARIS);
    await h.advance('4h');
    expect(questions(h)).toHaveLength(1);
    await h.advance('6h'); // still quiet: the last message is Foyer's own
    expect(questions(h)).toHaveLength(1);
  });

  it('is silent outside active hours and days', async () => {
    h = await Harness.start(quiet({ activeDays: ['sat', 'sun'] }), MONDAY_10_PARIS);
    await h.advance('2d'); // Monday and Tuesday: not active days
    expect(questions(h)).toHaveLength(0);
    expect(isActive(new Date('2026-03-02T21:30:00Z'), 'Europe/Paris', '09:00', '21:00', ['mon'])).toBe(false); // 22:30 in Paris
    expect(isActive(new Date('2026-03-02T19:30:00Z'), 'Europe/Paris', '09:00', '21:00', ['mon'])).toBe(true);
    expect(isActive(new Date('2026-03-02T23:30:00Z'), 'Europe/Paris', '22:00', '02:00', ['tue'])).toBe(true); // across midnight
  });

  it('records whether a question revived the channel, and backs off after an unanswered one', async () => {
    h = await Harness.start(quiet({ maxPerDay: 5 }), MONDAY_10_PARIS);
    h.roles.set('mod', 'moderator');
    await h.advance('4h'); // 14:00 Paris: question 1
    await h.post('ana', 'general', 'I am building a bot');
    await h.advance('4h'); // 18:00: quiet again after ana: question 2
    expect(questions(h)).toHaveLength(2);
    await h.advance('2h15m'); // nobody answers question 2 within 2h
    // Next day: after an unanswered question, quiet must last 8 h (backoff 2) before asking again.
    await h.advance('12h45m'); // Tuesday 09:00 Paris
    await h.post('bo', 'general', 'hello');
    await h.advance('7h45m');
    expect(questions(h)).toHaveLength(2);
    await h.advance('15m');
    expect(questions(h)).toHaveLength(3);
    await h.command('mod', '/questions stats');
    const stats = h.lastReplyTo('mod')!;
    expect(stats).toContain('1 asked, 1 revived — What are you working on this week?');
    expect(stats).toContain('1 asked, 0 revived — What is one tool you could not do without?');
  });

  it('never repeats a question before the bank is used up, and asks the ones that never work last', () => {
    const bank = ['a', 'b', 'c'];
    expect(pickQuestion(bank, [])).toBe('a');
    expect(pickQuestion(bank, [{ question: 'a', revived: true }])).toBe('b');
    expect(pickQuestion(bank, [{ question: 'a', revived: true }, { question: 'b', revived: false }, { question: 'c', revived: false }])).toBe('a');
    const history = ['a', 'b', 'c', 'a', 'b', 'c'].map((q) => ({ question: q, revived: q === 'c' }));
    expect(pickQuestion(bank, history)).toBe('c'); // a and b never worked in two tries each
  });

  it('survives a restart without asking twice', async () => {
    h = await Harness.start(quiet(), MONDAY_10_PARIS);
    await h.advance('4h');
    expect(questions(h)).toHaveLength(1);
    await h.restart(60_000);
    await h.advance('5h');
    expect(questions(h)).toHaveLength(1);
  });
});
