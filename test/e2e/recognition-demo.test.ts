import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempConfig } from './process.ts';

/** The lines of one message Foyer posted, from its header line to the last of its continuation lines. */
function messageStartingWith(stdout: string, header: string): string {
  const start = stdout.indexOf(header);
  if (start < 0) return '';
  const rest = stdout.slice(start).split('\n');
  const end = rest.findIndex((line, i) => i > 0 && !/^\s+│/.test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

const count = (stdout: string, text: string): number => stdout.split(text).length - 1;

/** The example config with spotlight turned on, as the demo's header asks; every other default kept. */
function withSpotlightOn(yaml: string): string {
  const edited = yaml.replace(/(\n {2}spotlight:\n(?: {4}#.*\n)* {4}enabled: )false/, '$1true');
  if (edited === yaml) throw new Error('features.spotlight.enabled: false not found in the example config');
  return edited;
}

describe('the recognition demo script', () => {
  // One run of the three simulated weeks serves every check below: it takes a few seconds.
  let dir = '';
  let result: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    const temp = tempConfig(withSpotlightOn);
    dir = temp.dir;
    result = await run(
      ['src/main.ts', '--config', temp.config],
      readFileSync('examples/recognition-demo.txt', 'utf8'),
      '2026-03-02T10:00:00Z',
    );
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs to the end without a warning', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('· Foyer stopped (end of input).');
  });

  it('counts a /thanks and 🙏 reactions, and refuses a self-thanks and a second thanks within the cooldown', () => {
    expect(result.stdout).toContain('foyer ▸ #general │ ana thanks @bo for: the blight tip');
    expect(result.stdout).toContain(
      'foyer ▸ @chloe (only you) │ Thanking yourself does not count, but thank you for being here!',
    );
    expect(result.stdout).toContain(
      'foyer ▸ @ana (only you) │ You already thanked bo on Mar 2, 2026, 11:00 AM GMT+1: a new thanks to them counts from Mar 3, 2026, 11:00 AM GMT+1.',
    );
    // Counted: ana → bo (/thanks), bo → ana and chloe → ana (🙏). Not counted: chloe's
    // self-thanks, ana's second thanks to bo, and dev's ✅ to bo, taken back. So 3 thanks,
    // from 3 givers to 2 receivers (with dev's ✅ it would be 4 from 4).
    const stats = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Thanks from Feb 4, 2026 to Mar 6, 2026:',
    );
    expect(stats).toContain('• 3 thanks, given by 3 members to 2 members');
    expect(stats).toContain('• ana: 2 thanks from 2 members');
    expect(stats).toContain('• bo: 1 thanks from 1 member');
  });

  it('promotes ana and bo at night after their fourth day with activity, congratulating each once', () => {
    // On Wednesday ana has 3 active days (Mar 2, 3, 4) and the two reactions; Participating needs 4 days.
    const before = messageStartingWith(result.stdout, 'foyer ▸ @ana (only you) │ You are Exploring');
    expect(before).toContain('• In the last 28 days: 3 days with activity, thanked by 2 members.');
    expect(before).toContain('• Still to go: 1 day and 0 members.');
    // Thursday Mar 5 is the fourth day; the 02:30 job of Mar 6 promotes both. /level on
    // Mar 6 is itself activity: 5 days.
    const after = messageStartingWith(
      result.stdout,
      'foyer ▸ @ana (only you) │ You are Participating (since Mar 6, 2026).',
    );
    expect(after).toContain('• In the last 28 days: 5 days with activity, thanked by 2 members.');
    expect(after).toContain('• Still to go: 3 days and 0 members.');
    for (const name of ['ana', 'bo']) {
      expect(count(result.stdout, `foyer ▸ DM @${name} │ Congratulations @${name}: you are now Participating`)).toBe(1);
    }
    expect(result.stdout.indexOf('DM @ana │ Congratulations')).toBeLessThan(
      result.stdout.indexOf('· time is 2026-03-06'),
    );
    expect(messageStartingWith(result.stdout, 'foyer ▸ @mod (only you) │ Members at each level:')).toContain(
      '• Participating: 2 members',
    );
  });

  it('suggests spotlight candidates weekly with why, and leaves out the member just featured', () => {
    const suggestions = result.stdout.match(/foyer ▸ #moderators │ Members who could be featured in a spotlight/g);
    expect(suggestions).toHaveLength(2);
    // Mar 9: ana was active Mar 2–6 (5 days) and thanked by bo and chloe; bo active Mar 2–5,
    // thanked by ana. chloe (2 days) and the silent ones are short of the 4 days.
    const first = messageStartingWith(result.stdout, 'foyer ▸ #moderators │ Members who could be featured');
    expect(first).toContain(
      '• ana (/spotlight pick ana): level participating, thanked by 2 distinct members, active on 5 days',
    );
    expect(first).toContain('• bo (/spotlight pick bo): level participating, thanked by 1 member, active on 4 days');
    // Mar 16: ana, picked on Mar 9, is within the 180-day cooldown; chloe has 3 days.
    const second = messageStartingWith(
      result.stdout.slice(result.stdout.indexOf('· time is 2026-03-12')),
      'foyer ▸ #moderators │ Members who could be featured',
    );
    expect(second).not.toContain('ana');
    expect(second).toContain('• bo (/spotlight pick bo)');
  });

  it('posts ana’s spotlight only after her yes and her words, and nothing for bo who says no', () => {
    const asked = result.stdout.indexOf(
      'foyer ▸ DM @ana │ Hello ana! The moderators of The Garden would love to feature you',
    );
    const yes = result.stdout.indexOf('» :as ana /spotlight yes');
    const post = result.stdout.indexOf('foyer ▸ #general │ Member spotlight: meet @ana! In their own words:');
    expect(asked).toBeGreaterThan(0);
    expect(yes).toBeGreaterThan(asked);
    expect(post).toBeGreaterThan(result.stdout.indexOf('» :as ana /spotlight story'));
    expect(messageStartingWith(result.stdout, 'foyer ▸ #general │ Member spotlight: meet @ana!')).toContain(
      'I started with one pot of basil. Ask me anything about tomatoes!',
    );
    expect(result.stdout).toContain('foyer ▸ #moderators │ The spotlight of ana is posted in #general');
    expect(result.stdout).toContain('foyer ▸ DM @bo │ Hello bo!');
    expect(result.stdout).toContain('foyer ▸ #moderators │ bo declined the spotlight: nothing is posted.');
    expect(count(result.stdout, 'Member spotlight: meet')).toBe(1);
  });

  it('sends the beta-only poll to the two beta members only and counts only their votes', () => {
    expect(result.stdout).toContain('foyer ▸ DM @chloe │ Beta group poll #1: Which seeds should we swap first?');
    expect(result.stdout).toContain('foyer ▸ DM @dev │ Beta group poll #1: Which seeds should we swap first?');
    expect(count(result.stdout, 'Beta group poll #1')).toBe(2);
    expect(result.stdout).toContain(
      'foyer ▸ @mod (only you) │ Poll #1 is for the beta group: sent privately to 2 members.',
    );
    expect(result.stdout).toContain(
      'foyer ▸ @ana (only you) │ Poll #1 is for the beta group only. /beta join joins it.',
    );
    // chloe and dev voted beans; ana's vote was refused.
    const closed = messageStartingWith(result.stdout, 'foyer ▸ #general │ Poll #1 closed');
    expect(closed).toContain('• 1. beans: 2 votes (100%)');
    expect(closed).toContain('2 members voted.');
  });

  it('asks the six members (not the moderator) and shows no score below five answers', () => {
    expect(result.stdout).toContain('Survey no. 1 (satisfaction, 1–5) was sent privately to 6 members');
    for (const name of ['ana', 'bo', 'chloe', 'dev', 'eli', 'fay']) {
      expect(result.stdout).toContain(`foyer ▸ DM @${name} │ Hello @${name}, The Garden would like your opinion`);
    }
    expect(result.stdout).not.toContain('DM @mod │ Hello @mod, The Garden would like your opinion');
    const early = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Survey no. 1 (satisfaction, 1–5), open until Mar 25, 2026, 11:00 AM GMT+1: 4 answers',
    );
    expect(early).toContain('Not enough answers yet: results are shown from 5 answers');
    expect(early).not.toContain('Satisfaction:');
    // Answers 5, 4, 4, 3 and 5: a mean of 21 / 5 = 4.2.
    const full = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Survey no. 1 (satisfaction, 1–5), open until Mar 25, 2026, 11:00 AM GMT+1: 5 answers from 6 members asked.',
    );
    expect(full).toContain('Satisfaction: 4.2 out of 5.');
    expect(full).toContain('Answers by score: 1: 0 · 2: 0 · 3: 1 · 4: 2 · 5: 2');
    expect(full).toContain('• the help here is quick');
  });

  it('shows the survey’s score in /health and the beta group as a segment', () => {
    const health = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Health of The Garden, the 28 days to Mar 18, 2026',
    );
    expect(health).toContain('• Member satisfaction: 4.2 out of 5 (survey no. 1, 5 answers)');
    // Active Mar 12–18: ana, bo, chloe, dev and eli (fay never spoke); Mar 5–11: ana, bo, chloe, dev.
    expect(health).toContain('• Weekly active members 5 (last week 4, baseline 0)');
    const segment = messageStartingWith(result.stdout, 'foyer ▸ @mod (only you) │ The beta group beside everyone');
    expect(segment).toContain('• Members: 2 in the beta group, 6 in all.');
    expect(segment).toContain(
      '• Active (any activity in the period): 2 of the beta group (100%), 5 of everyone (83%).',
    );
    // Only ana (6 messages) and bo (4) posted 3 or more messages.
    expect(segment).toContain('0 of the beta group (0%), 2 of everyone (33%).');
  });
});
