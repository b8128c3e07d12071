import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const SURVEYS = { photoNudge: { enabled: false }, surveys: { minResponses: 5, days: 7 } };

/** Members who joined, then a day for the join's own messages to leave the direct-message caps. */
async function community(names: readonly string[], overrides: Record<string, unknown> = {}): Promise<void> {
  h = await Harness.start({ features: { ...SURVEYS, ...overrides } });
  h.roles.set('mod', 'moderator');
  for (const name of names) await h.join(name);
  await h.command('mod', '/survey results'); // mod acts as staff
  await h.advance('2d');
}

const surveyDms = () => h.sent.filter((s) => s.kind === 'dm' && s.text.includes('one-question survey'));
const asked = () => surveyDms().map((s) => s.to.slice(1));

/** Another feature's direct message to `name` now, so the caps (one a day) hold the member back. */
function dmJustSent(name: string): void {
  const at = h.time.now();
  const key = `test:${name}:${at.getTime()}`;
  h.storage.outreach.begin({
    communityId: h.community,
    memberId: h.member(name),
    effectKey: key,
    feature: 'test',
    reason: 'another DM',
    via: 'dm',
    at,
  });
  h.storage.outreach.finish(key, 'sent', 'delivered', at);
}

const MEMBERS = ['ana', 'bob', 'cleo', 'dan', 'eva', 'finn', 'gus', 'hana'];

describe('/survey start: who is asked', () => {
  it('asks a random sample privately, never staff, bots, opted-out or capped members', async () => {
    await community([...MEMBERS, 'botty', 'olga', 'capa']);
    h.platform.bots.add(h.member('botty'));
    await h.command('olga', '/optout');
    dmJustSent('capa');
    await h.command('mod', '/survey start satisfaction 5');
    expect(asked()).toHaveLength(5);
    expect(new Set(asked()).size).toBe(5);
    for (const name of asked()) expect(MEMBERS).toContain(name);
    expect(h.lastReplyTo('mod')).toContain('was sent privately to 5 members');
    const [dm] = surveyDms();
    expect(dm!.text).toContain('How satisfied are you with The Garden, from 1 (not at all) to 5 (very)?');
    expect(dm!.text).toContain('typing /survey answer 5');
    expect(dm!.text).toContain('only once at least 5 members have answered');
  });

  it('a sample larger than the eligible members asks them all and says who the caps held back; a share works too', async () => {
    await community([...MEMBERS, 'capa']);
    dmJustSent('capa');
    await h.command('mod', '/survey start recommendation 50%');
    expect(asked()).toHaveLength(5); // half of 9 eligible, rounded up
    await h.command('mod', '/survey close');
    expect(h.lastReplyTo('mod')).toBe('Survey no. 1 is closed; its answers no longer name anyone.');
    await h.advance('1d'); // today's survey messages leave the daily cap; capa gets another DM now
    dmJustSent('capa');
    await h.command('mod', '/survey start recommendation 100');
    expect(asked().length).toBe(5 + MEMBERS.length);
    expect(asked()).not.toContain('capa');
    expect(h.lastReplyTo('mod')).toContain('1 member could not be asked now because of the direct-message limits.');
    expect(surveyDms().at(-1)!.text).toContain('How likely are you to recommend The Garden to a friend, from 0');
  });

  it('refuses a second open survey and a sample it cannot read', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction lots');
    expect(h.lastReplyTo('mod')).toBe('“lots” is not a sample size: give a number of members (20) or a share (20%).');
    await h.command('mod', '/survey start satisfaction 3');
    await h.command('mod', '/survey start satisfaction 3');
    expect(h.lastReplyTo('mod')).toContain('Survey no. 1 is open until');
    expect(h.lastReplyTo('mod')).toContain('Close it first with /survey close.');
    await h.command('ana', '/survey start satisfaction 3');
    expect(h.lastReplyTo('ana')).toBe('Sorry, /survey start is for moderators only.');
  });
});

describe('/survey answer and /survey results', () => {
  it('shows nothing but the count below the minimum, and the score, distribution and comments from it', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction 8');
    const scores = [5, 4, 4, 3, 5];
    const who = asked();
    for (const [i, score] of scores.slice(0, 4).entries())
      await h.command(who[i]!, `/survey answer ${score}${i === 0 ? ' Lovely <@everyone> people' : ''}`);
    expect(h.lastReplyTo(who[0]!)).toContain('Thank you! Your answer (5) is recorded.');

    await h.command('mod', '/survey results');
    const below = h.lastReplyTo('mod')!;
    expect(below).toContain('4 answers from 8 members asked');
    expect(below).toContain('Not enough answers yet: results are shown from 5 answers');
    expect(below).not.toMatch(/Satisfaction:|Answers by score|Lovely/);

    await h.command(who[4]!, `/survey answer ${scores[4]}`);
    await h.command('mod', '/survey results');
    const at = h.lastReplyTo('mod')!;
    expect(at).toContain('5 answers from 8 members asked');
    expect(at).toContain('Satisfaction: 4.2 out of 5.');
    expect(at).toContain('Answers by score: 1: 0 · 2: 0 · 3: 1 · 4: 2 · 5: 2');
    expect(at).toContain('Comments (who wrote them is never shown):');
    expect(at).toContain('Lovely <@everyone> people');
    for (const name of who) expect(at).not.toContain(name);
    // The comment stays inert text: it mentions nobody.
    expect(h.sent.at(-1)!.mentions).toEqual([]);
  });

  it('a recommendation survey gives the NPS: % promoters minus % detractors', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start recommendation 8');
    const who = asked();
    for (const [i, score] of [10, 9, 8, 6, 3, 10].entries()) await h.command(who[i]!, `/survey answer ${score}`);
    await h.command('mod', '/survey results');
    // 3 promoters, 1 passive, 2 detractors of 6: (3 − 2) / 6 = 17.
    expect(h.lastReplyTo('mod')).toContain(
      'Recommendation score (NPS): +17 (promoters 9–10: 3; passives 7–8: 1; detractors 0–6: 2).',
    );
  });

  it('refuses a score out of range and a member who was not asked', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction 2');
    const [first] = asked();
    await h.command(first!, '/survey answer 9');
    expect(h.lastReplyTo(first!)).toBe('Please answer with a whole number from 1 to 5, for example /survey answer 5.');
    const outsider = MEMBERS.find((n) => !asked().includes(n))!;
    await h.command(outsider, '/survey answer 4');
    expect(h.lastReplyTo(outsider)).toBe('You have no open survey to answer.');
  });

  it('while open, the member sees their answer in /mydata and can erase it; once closed it names nobody', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction 3 2');
    const [ana, bob] = asked();
    await h.command(ana!, '/survey answer 2 too noisy');
    await h.command(bob!, '/survey answer 4');
    await h.command(ana!, '/mydata');
    expect(h.lastReplyTo(ana!)).toContain(
      'survey no. 1 (satisfaction, 1–5), still open: your answer 2, with the comment “too noisy”',
    );
    await h.command(bob!, '/survey withdraw');
    expect(h.lastReplyTo(bob!)).toBe('Your answer to survey no. 1 is erased.');
    await h.command(bob!, '/survey withdraw');
    expect(h.lastReplyTo(bob!)).toBe('You have no answer to an open survey.');

    await h.advance('2d'); // the survey closes on its own
    const rows = h.storage.stores.surveys.answers(h.community, 1);
    expect(rows).toEqual({ scores: [2], comments: ['too noisy'] });
    const linked = h.storage.stores.surveys.answersOf(h.community, h.member(ana!));
    expect(linked).toEqual([]);
    await h.command(ana!, '/mydata');
    expect(h.lastReplyTo(ana!)).not.toContain('survey no. 1');
    await h.command(ana!, '/survey answer 5');
    expect(h.lastReplyTo(ana!)).toBe('You have no open survey to answer.');
  });
});

describe('erasure', () => {
  it('erasure (what /mydata erase runs) takes the member’s open answer and invitation; the survey stays, started by nobody', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction 2');
    const [ana, bob] = asked();
    await h.command(ana!, '/survey answer 2 my words');
    await h.command(bob!, '/survey answer 5');
    const summary = h.storage.erasure.eraseMember(h.community, h.member(ana!), ana!, h.time.now());
    expect(summary.removed).toMatchObject({ survey_answers: 1, survey_invites: 1 });
    expect(h.storage.stores.surveys.answers(h.community, 1)).toEqual({ scores: [5], comments: [] });
    h.storage.erasure.eraseMember(h.community, h.member('mod'), 'mod', h.time.now());
    expect(h.storage.stores.surveys.get(h.community, 1)!.startedBy).toBe('erased-member');
  });
});

describe('retention', () => {
  it('prunes a closed survey and its answers after retention.closedSurveys; an open one stays', async () => {
    await community(MEMBERS);
    await h.command('mod', '/survey start satisfaction 2 1');
    await h.command(asked()[0]!, '/survey answer 3');
    const prune = () => {
      const at = h.time.now();
      return h.storage.retention.prune(h.community, 'closedSurveys', { at, day: at.toISOString().slice(0, 10) });
    };
    expect(prune()).toBe(0); // still open
    await h.advance('2d'); // closed after a day
    expect(prune()).toBe(2);
    expect(h.storage.stores.surveys.get(h.community, 1)).toBeUndefined();
    expect(h.storage.stores.surveys.answers(h.community, 1)).toEqual({ scores: [], comments: [] });
  });
});

describe('the satisfaction score in /health', () => {
  it('becomes a KPI once a survey reaches its minimum number of answers, and not before', async () => {
    await community(MEMBERS, { health: { enabled: true } });
    await h.command('mod', '/survey start satisfaction 8');
    const who = asked();
    for (const [i, score] of [5, 4, 4, 3].entries()) await h.command(who[i]!, `/survey answer ${score}`);
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).not.toContain('Member satisfaction');
    await h.command(who[4]!, '/survey answer 5');
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Member satisfaction: 4.2 out of 5 (survey no. 1, 5 answers)');
    // Still there once the survey closed and its answers stopped naming anyone.
    await h.advance('8d');
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Member satisfaction: 4.2 out of 5 (survey no. 1, 5 answers)');
  });
});

describe('the satisfaction score as a goal', () => {
  it('a health goal on satisfaction shows its progress in /health', async () => {
    const goal = { metric: 'satisfaction', target: 4.5, by: '2027-06-01', objective: 'Members enjoy the Garden' };
    await community(MEMBERS, { health: { enabled: true, goals: [goal] } });
    await h.command('mod', '/survey start satisfaction 8');
    for (const [i, score] of [5, 4, 4, 3, 5].entries()) await h.command(asked()[i]!, `/survey answer ${score}`);
    await h.command('mod', '/health');
    const reply = h.lastReplyTo('mod')!;
    expect(reply).toMatch(/Member satisfaction \(1–5\) 4\.2 .*goal 4\.5 by Jun 1, 2027/);
    expect(reply).toContain('Members enjoy the Garden');
  });
});

describe('surveys in French', () => {
  it('asks, answers and reports in French', async () => {
    await community(MEMBERS, { health: { enabled: true } });
    h.config.community.locale = 'fr';
    await h.restart();
    await h.command('mod', '/survey start satisfaction 5');
    expect(h.lastReplyTo('mod')).toContain('a été envoyée en privé à 5 membres');
    const dms = h.sent.filter((s) => s.kind === 'dm' && s.text.includes('sondage d’une seule question'));
    expect(dms).toHaveLength(5);
    expect(dms[0]!.text).toContain('Êtes-vous satisfait de The Garden, de 1 (pas du tout) à 5 (très) ?');
    expect(dms[0]!.text).toContain('Répondez en tapant /survey answer 5');
    const who = dms.map((s) => s.to.slice(1));
    await h.command(who[0]!, '/survey answer 4 très bien');
    expect(h.lastReplyTo(who[0]!)).toContain('Merci ! Votre réponse (4) est enregistrée.');
    await h.command('mod', '/survey results');
    expect(h.lastReplyTo('mod')).toContain('Pas encore assez de réponses');
    for (const name of who.slice(1)) await h.command(name, '/survey answer 4');
    await h.command('mod', '/survey results');
    expect(h.lastReplyTo('mod')).toContain('Satisfaction : 4 sur 5.');
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Satisfaction des membres : 4 sur 5 (enquête n° 1, 5 réponses)');
  });
});
