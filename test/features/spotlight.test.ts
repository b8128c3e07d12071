import { afterEach, describe, expect, it } from 'vitest';
import { nextStep, pickCandidates, suggestionCron } from '../../src/features/spotlight/spotlight.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const SPOTLIGHT = {
  features: {
    spotlight: { enabled: true, channel: 'general', moderatorChannel: 'moderators', day: 'fri', time: '18:00' },
  },
};

async function community(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start({ ...SPOTLIGHT, ...overrides });
  harness.roles.set('mod', 'moderator');
  for (const name of ['ana', 'bob', 'carl', 'mod']) await harness.join(name);
  return harness;
}

/** Each member posts once a day on `days` consecutive days (the last day included, time left there). */
async function activeFor(harness: Harness, days: number, names: readonly string[]): Promise<void> {
  for (let day = 0; day < days; day++) {
    if (day > 0) await harness.advance('1d');
    for (const name of names) await harness.post(name, 'general', `day ${day} from ${name}`);
  }
}

const postedIn = (harness: Harness, channel: string) => harness.sent.filter((s) => s.to === channel);
/** Anything in the spotlight channel that looks like a spotlight. */
const spotlightPosts = (harness: Harness) =>
  postedIn(harness, '#general').filter((s) => s.text.includes('Member spotlight'));
const dmsTo = (harness: Harness, name: string) => harness.sent.filter((s) => s.kind === 'dm' && s.to === `@${name}`);

describe('spotlight suggestions', () => {
  it('suggests active, thanked members to moderators each week, with reasons, never staff or those who opted out', async () => {
    h = await community();
    await h.command('mod', '/help'); // a moderator's command: mod is staff from now on
    await h.command('bob', '/spotlight optout');
    expect(h.lastReplyTo('bob')).toContain('moderators will never be offered you for a spotlight');
    await h.command('bob', '/thanks ana for the map');
    await h.command('carl', '/thanks ana');
    await activeFor(h, 5, ['ana', 'bob', 'mod']);
    await h.post('carl', 'general', 'only once');
    await h.advance('8h'); // Friday 18:00 in Paris
    const suggestion = postedIn(h, '#moderators').find((s) => s.text.includes('could be featured'));
    // The level is the levels feature's latest evaluation, whichever it is.
    expect(suggestion?.text).toMatch(
      /ana \(\/spotlight pick ana\):( level \w+,)? thanked by 2 distinct members, active on 5 days/,
    );
    expect(suggestion?.text).toContain('Nothing is posted without their yes.');
    expect(suggestion?.text).not.toMatch(/\bbob\b|\bmod \(|\bcarl\b/);
  });

  it('a member picked recently is not suggested again; a week with nobody says so', async () => {
    h = await community({
      // Room for the levels feature's congratulation besides the spotlight's question.
      outreach: { directMessages: { perDay: 5, perWeek: 10 } },
      features: { ...SPOTLIGHT.features, spotlight: { ...SPOTLIGHT.features.spotlight, minThanksGivers: 0 } },
    });
    await activeFor(h, 5, ['ana']);
    await h.command('mod', '/spotlight candidates');
    expect(h.lastReplyTo('mod')).toMatch(/ana \(\/spotlight pick ana\):( level \w+,)? active on 5 days/);
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toContain('ana is asked privately');
    await h.command('mod', '/spotlight candidates');
    expect(h.lastReplyTo('mod')).toBe('No member to suggest for a spotlight this week.');
  });
});

describe('spotlight consent: nothing is posted without the member’s yes', () => {
  it('posts their own words, inert, only once they said yes and gave them (words first)', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toContain('ana is asked privately. Nothing is posted unless they say yes');
    const ask = dmsTo(h, 'ana');
    expect(ask).toHaveLength(1);
    expect(ask[0]!.text).toContain('To say yes, type /spotlight yes');
    expect(ask[0]!.text).toContain('/spotlight story');
    expect(ask[0]!.text).toContain('/spotlight no');
    await h.command('ana', '/spotlight story I grow tomatoes @everyone <@123> [click](https://evil.example)');
    expect(h.lastReplyTo('ana')).toContain('nothing is posted until you say yes with /spotlight yes');
    expect(spotlightPosts(h)).toHaveLength(0);
    await h.command('ana', '/spotlight yes');
    const posts = spotlightPosts(h);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Member spotlight: meet @ana! In their own words:');
    expect(posts[0]!.text).toContain('I grow tomatoes');
    // Their text is inert: the only mention is the member herself.
    expect(posts[0]!.mentions).toEqual([h.member('ana')]);
    expect(JSON.stringify(posts[0]!.message)).not.toMatch(
      /"type":"(link|mention)","(url|member)":"(https:\/\/evil|console:123)/,
    );
    expect(h.lastReplyTo('ana')).toContain('Your spotlight is posted in');
    expect(postedIn(h, '#moderators').at(-1)?.text).toContain('The spotlight of ana is posted');
    // A second yes or story changes nothing.
    await h.command('ana', '/spotlight yes');
    expect(h.lastReplyTo('ana')).toBe('You have no spotlight waiting for your answer.');
    expect(spotlightPosts(h)).toHaveLength(1);
  });

  it('yes first, then the words: posted once the words come', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight yes');
    expect(h.lastReplyTo('ana')).toContain('Now give the words you would like posted: /spotlight story');
    expect(spotlightPosts(h)).toHaveLength(0);
    await h.command('ana', '/spotlight story Hello, I run the seed swap.');
    expect(spotlightPosts(h)).toHaveLength(1);
  });

  it('a no posts nothing, tells moderators, and ends it', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight story Maybe later');
    await h.command('ana', '/spotlight no');
    expect(h.lastReplyTo('ana')).toBe('Understood: nothing is posted. Thank you for answering.');
    expect(postedIn(h, '#moderators').at(-1)?.text).toBe('ana declined the spotlight: nothing is posted.');
    await h.command('ana', '/spotlight yes');
    expect(h.lastReplyTo('ana')).toBe('You have no spotlight waiting for your answer.');
    await h.advance('8d');
    expect(spotlightPosts(h)).toHaveLength(0);
  });

  it('no answer within the deadline posts nothing; moderators are told once', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight yes'); // a yes without words is not enough
    await h.advance('7d');
    expect(postedIn(h, '#moderators').filter((s) => s.text.includes('did not answer'))).toHaveLength(1);
    await h.command('ana', '/spotlight story Too late?');
    expect(h.lastReplyTo('ana')).toBe('You have no spotlight waiting for your answer.');
    await h.advance('30d');
    expect(spotlightPosts(h)).toHaveLength(0);
    expect(postedIn(h, '#moderators').filter((s) => s.text.includes('did not answer'))).toHaveLength(1);
  });

  it('words without a yes, then a restart, then the deadline while down: nothing is posted and the words are forgotten', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight story My words, not yet approved');
    await h.restart(60_000);
    expect(spotlightPosts(h)).toHaveLength(0);
    await h.restart(8 * 86_400_000);
    await h.advance('1d');
    expect(spotlightPosts(h)).toHaveLength(0);
    expect(postedIn(h, '#moderators').filter((s) => s.text.includes('ana did not answer'))).toHaveLength(1);
    const kept = h.storage.stores.spotlight.ofMember(h.community, h.member('ana'));
    expect(kept.map((s) => [s.status, s.story])).toEqual([['expired', null]]);
  });

  it('the yes survives a restart and the post needs the words after it', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight yes');
    await h.restart(3_600_000);
    expect(spotlightPosts(h)).toHaveLength(0);
    await h.command('ana', '/spotlight story Back after the restart');
    expect(spotlightPosts(h)).toHaveLength(1);
    await h.advance('8d');
    expect(postedIn(h, '#moderators').filter((s) => s.text.includes('did not answer'))).toHaveLength(0);
  });
});

describe('spotlight opt-outs', () => {
  it('a member who opted out cannot be picked; opting out while asked cancels it; /spotlight optin undoes it', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight optout');
    expect(h.lastReplyTo('ana')).toContain('the one you were asked about is cancelled: nothing is posted');
    expect(postedIn(h, '#moderators').at(-1)?.text).toBe('ana declined the spotlight: nothing is posted.');
    await h.command('ana', '/spotlight yes');
    expect(spotlightPosts(h)).toHaveLength(0);
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toBe('ana asked never to be featured in a spotlight.');
    expect(dmsTo(h, 'ana')).toHaveLength(1);
    await h.command('ana', '/spotlight optin');
    await h.advance('1d'); // the outreach caps: one direct message a day
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toContain('ana is asked privately');
  });

  it('a member who turned off direct messages is not asked, and nothing can be posted', async () => {
    h = await community();
    await h.command('ana', '/optout');
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toContain('ana could not be asked (they turned off direct messages from Foyer)');
    expect(dmsTo(h, 'ana')).toHaveLength(0);
    await h.command('ana', '/spotlight yes');
    await h.command('ana', '/spotlight story Sneaky');
    expect(spotlightPosts(h)).toHaveLength(0);
    const log = h.storage.outreach.forMember(h.community, h.member('ana'));
    expect(log.map((e) => [e.feature, e.status])).toContainEqual(['spotlight', 'skipped']);
  });

  it('only moderators pick; a member unknown to Foyer is refused', async () => {
    h = await community();
    await h.command('bob', '/spotlight pick ana');
    expect(h.lastReplyTo('bob')).toContain('is for moderators only');
    await h.command('mod', '/spotlight pick nobody');
    expect(h.lastReplyTo('mod')).toBe('Foyer knows no member nobody here.');
    expect(dmsTo(h, 'ana')).toHaveLength(0);
  });
});

describe('spotlight data', () => {
  it('shows the opt-out and the spotlight in /mydata, and /mydata erase removes them', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight story Kept until I decide');
    await h.command('ana', '/mydata');
    const mine = h.lastReplyTo('ana')!;
    expect(mine).toContain('waiting for your answer');
    expect(mine).toContain('Your words for it: Kept until I decide');
    await h.command('ana', '/mydata erase');
    const code = /\b([A-Z0-9]{6})\b/.exec(h.lastReplyTo('ana')!)?.[1];
    await h.command('ana', `/mydata erase ${code}`);
    expect(h.storage.stores.spotlight.ofMember(h.community, h.member('ana'))).toEqual([]);
  });

  it('ended spotlights go after their retention period; one still waiting for an answer stays', async () => {
    h = await community();
    await h.command('mod', '/spotlight pick ana');
    await h.command('ana', '/spotlight no');
    await h.command('mod', '/spotlight pick bob');
    const prune = (at: Date) =>
      h.storage.retention.prune(h.community, 'finishedSpotlights', { at, day: at.toISOString().slice(0, 10) });
    expect(prune(h.time.now())).toBe(0); // ended just now: within its period
    expect(prune(new Date(h.time.now().getTime() + 60_000))).toBe(1);
    expect(h.storage.stores.spotlight.ofMember(h.community, h.member('ana'))).toEqual([]);
    expect(h.storage.stores.spotlight.asking(h.community, h.member('bob'))).toBeDefined();
  });

  it('speaks French to a French community', async () => {
    h = await community({ community: { locale: 'fr' } });
    await h.command('mod', '/spotlight pick ana');
    expect(h.lastReplyTo('mod')).toContain('ana est sollicité·e en privé');
    expect(dmsTo(h, 'ana')[0]!.text).toContain('Pour dire oui, tapez /spotlight yes');
    await h.command('ana', '/spotlight story Je cultive des tomates.');
    await h.command('ana', '/spotlight yes');
    expect(spotlightPosts(h)).toHaveLength(0);
    expect(postedIn(h, '#general').at(-1)?.text).toContain('Portrait de membre : voici @ana ! Avec ses propres mots :');
  });
});

describe('spotlight rules', () => {
  it('builds the weekly cron from the day and time (cron counts from Sunday)', () => {
    expect(suggestionCron('mon', '10:00')).toBe('0 10 * * 1');
    expect(suggestionCron('sun', '09:30')).toBe('30 9 * * 0');
  });

  it('needs both the yes and the words before posting', () => {
    expect(nextStep({ consentAt: null, story: 'words' })).toBe('needYes');
    expect(nextStep({ consentAt: new Date(), story: null })).toBe('needStory');
    expect(nextStep({ consentAt: new Date(), story: 'words' })).toBe('post');
  });

  it('keeps contributors over the thresholds, minus the excluded, up to the count', () => {
    const c = (member: string, givers: number, activeDays: number) =>
      ({ member, givers, thanks: givers, activeDays }) as Parameters<typeof pickCandidates>[0][number];
    const picked = pickCandidates(
      [c('a', 3, 9), c('b', 2, 1), c('x', 2, 9), c('d', 0, 9), c('e', 1, 5)],
      (m) => m === 'x',
      {
        minActiveDays: 4,
        minThanksGivers: 1,
        count: 2,
      },
    );
    expect(picked.map((p) => p.member)).toEqual(['a', 'e']);
  });
});
