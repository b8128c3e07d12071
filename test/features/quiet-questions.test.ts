import { afterEach, describe, expect, it } from 'vitest';
import { activeTimeBetween, isActive, pickQuestion } from '../../src/features/quiet-questions/quiet-questions.logic.ts';
import { quietQuestionsSettings } from '../../src/features/quiet-questions/quiet-questions.config.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

// 2026-03-02 is a Monday; the example community is in Europe/Paris (UTC+1 in March).
const MONDAY_10_PARIS = new Date('2026-03-02T09:00:00Z');
const quiet = (over: Record<string, unknown> = {}) => ({
  features: {
    quietQuestions: {
      channels: ['general'],
      quietAfter: '4h',
      maxPerDay: 1,
      maxPerWeek: 3,
      reviveWindow: '2h',
      backoff: 2,
      ...over,
    },
  },
});
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

  it('counts quiet time only inside active hours: a message at 20:30 leaves 30 quiet minutes that day', async () => {
    const MONDAY_2030_PARIS = new Date('2026-03-02T19:30:00Z');
    h = await Harness.start(quiet(), MONDAY_2030_PARIS);
    await h.post('ana', 'general', 'good evening');
    await h.advance('12h30m'); // Tuesday 09:00 Paris: only 30 active minutes so far
    expect(questions(h)).toHaveLength(0);
    await h.advance('3h15m'); // 12:15: 3 h 45 min of active quiet
    expect(questions(h)).toHaveLength(0);
    await h.advance('15m'); // 12:30: 4 h
    expect(questions(h)).toHaveLength(1);
  });

  it('measures active time across nights and inactive days', () => {
    const hours = { from: '09:00', to: '21:00' };
    const monday2030 = new Date('2026-03-02T19:30:00Z');
    expect(activeTimeBetween(monday2030, new Date('2026-03-03T08:00:00Z'), 'Europe/Paris', hours, ['mon', 'tue'])).toBe(
      30 * 60_000,
    );
    // Tuesday is not an active day: nothing counts until Wednesday 09:00.
    expect(activeTimeBetween(monday2030, new Date('2026-03-04T09:00:00Z'), 'Europe/Paris', hours, ['mon', 'wed'])).toBe(
      90 * 60_000,
    );
    // Over a night window that crosses midnight.
    expect(
      activeTimeBetween(
        new Date('2026-03-02T20:00:00Z'),
        new Date('2026-03-03T03:00:00Z'),
        'Europe/Paris',
        { from: '22:00', to: '02:00' },
        ['mon', 'tue'],
      ),
    ).toBe(4 * 3_600_000);
    // Across the spring-forward night (2026-03-29 in Paris): 09:00 to 09:00 is 23 h, 12 of them active.
    expect(
      activeTimeBetween(new Date('2026-03-28T08:00:00Z'), new Date('2026-03-29T07:00:00Z'), 'Europe/Paris', hours, [
        'sat',
        'sun',
      ]),
    ).toBe(12 * 3_600_000);
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
    expect(
      pickQuestion(bank, [
        { question: 'a', revived: true },
        { question: 'b', revived: false },
        { question: 'c', revived: false },
      ]),
    ).toBe('a');
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

describe('quiet-channel questions in French', () => {
  it('asks a French question in a French community, and gives its figures in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' }, ...quiet() }, MONDAY_10_PARIS);
    h.roles.set('mod', 'moderator');
    await h.advance('4h');
    expect(questions(h).map((q) => q.text)).toEqual(['Sur quoi travaillez-vous cette semaine ?']);
    await h.post('ana', 'general', 'un potager');
    await h.advance('2h15m');
    await h.command('mod', '/questions stats');
    const stats = h.lastReplyTo('mod')!;
    expect(stats).toContain('Questions des canaux calmes (posées, ont relancé la discussion) :');
    expect(stats).toContain('posée 1 fois, a relancé 1 fois — Sur quoi travaillez-vous cette semaine ?');
    expect(stats).toContain('posée 0 fois, a relancé 0 fois — Quel outil ne pourriez-vous plus quitter ?');
    await h.command('mod', '/help');
    expect(h.lastReplyTo('mod')).toContain('Modérateurs : quelles questions des canaux calmes relancent la discussion');
  });

  it('has built-in question banks in both languages, so watching a channel needs no list of its own', async () => {
    const banks = quietQuestionsSettings.parse({}).questions;
    expect(banks.en.length).toBeGreaterThanOrEqual(8);
    expect(banks.fr.length).toBeGreaterThanOrEqual(8);
    expect(new Set(banks.fr).size).toBe(banks.fr.length);
    expect(quietQuestionsSettings.parse({ questions: { fr: ['Une question à moi ?'] } }).questions).toEqual({
      en: banks.en,
      fr: ['Une question à moi ?'],
    });
    h = await Harness.start(
      {
        community: { locale: 'fr' },
        ...quiet(),
        features: { quietQuestions: { channels: ['general'], questions: undefined } },
      },
      MONDAY_10_PARIS,
    );
    expect(h.config.features.quietQuestions.questions.fr).toEqual(banks.fr);
    await h.advance('4h');
    expect(questions(h).map((q) => q.text)).toEqual([banks.fr[0]]);
  });
});
