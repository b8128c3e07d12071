import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const HEALTH = { health: { enabled: true } };

async function start(overrides: Record<string, unknown> = {}, start?: Date): Promise<Harness> {
  const features = { ...HEALTH, ...((overrides['features'] as Record<string, unknown>) ?? {}) };
  h = await Harness.start({ ...overrides, features }, start);
  h.roles.set('mod', 'moderator');
  h.roles.set('admin', 'admin');
  return h;
}

/** Two newcomers a day for `days` days; the first of each pair posts, the second stays silent. */
async function newcomers(days: number, from = 0): Promise<void> {
  for (let d = from; d < from + days; d++) {
    await h.join(`talker${d}`);
    await h.join(`lurker${d}`);
    await h.post(`talker${d}`, 'general', 'hello!');
    await h.advance('1d');
  }
}

const summaries = () => h.sent.filter((s) => s.to === '#moderators' && s.text.startsWith('Weekly health summary'));

describe('/health', () => {
  it('answers moderators with the headline figures, last week, the baseline and the goal, in words', async () => {
    await start();
    await newcomers(14);
    await h.command('mod', '/health');
    const answer = h.lastReplyTo('mod')!;
    expect(answer).toContain('Health of The Garden, the 28 days to Mar 16, 2026, and a week earlier (last week):');
    // The first baseline was taken on first start, before anyone joined.
    expect(answer).toContain('Baseline taken on Mar 2, 2026.');
    // Half of each day's pair posts; a week earlier, only the first day's joiners had their week over.
    expect(answer).toMatch(/Activation 50% \(last week 50%, baseline n\/a; goal 50% by Jun 1, 2027: reached\)/);
    expect(answer).toContain('Newcomers feel welcome enough to speak up: Activation 50% by Jun 1, 2027, reached');
    // The week's expectation counts the 7 days to Mar 16 (Mar 10–15 had joins), not the 28.
    expect(answer).toMatch(/Joins: 12 \(expected 5\) ✓/);
    expect(answer).toContain('More: /health cohorts for retention, /health chart activity for a chart.');
    // Aggregates only: no member is ever named.
    expect(answer).not.toMatch(/talker|lurker/);
  });

  it('refuses members; /health baseline is for admins', async () => {
    await start();
    await h.command('ana', '/health');
    expect(h.lastReplyTo('ana')).toBe('Sorry, /health is for moderators only.');
    await h.command('mod', '/health baseline');
    expect(h.lastReplyTo('mod')).toBe('Sorry, /health baseline is for admins only.');
  });

  it('keeps the first baseline across restarts and retakes it only when an admin asks', async () => {
    await start();
    await newcomers(3);
    await h.restart(86_400_000);
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Baseline taken on Mar 2, 2026.');
    await h.command('admin', '/health baseline');
    expect(h.lastReplyTo('admin')).toBe(
      'Baseline retaken: the 28 days to Mar 6, 2026 replace the baseline of Mar 2, 2026. Goals now count their way from it.',
    );
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Baseline taken on Mar 6, 2026.');
  });

  it('shows the cohort table by join week, counted and never listed', async () => {
    await start();
    await newcomers(7);
    await h.advance('14d');
    await h.command('mod', '/health cohorts');
    const table = h.lastReplyTo('mod')!;
    expect(table).toContain('Retention by join week');
    expect(table).toMatch(/Week of Mar 2, 2026, 14 members: w1 0% · w2 n\/a · w4 n\/a · w8 n\/a · w12 n\/a/);
    expect(table).not.toMatch(/talker|lurker/);
  });

  it('gives a chart’s data as CSV where the platform cannot attach files, and explains a wrong chart name', async () => {
    await start();
    await newcomers(3);
    await h.command('mod', '/health chart activation csv');
    expect(h.lastReplyTo('mod')).toMatch(/Activation funnel, .* the data as CSV\./);
    await h.command('mod', '/health chart activation');
    expect(h.lastReplyTo('mod')).toBe(
      'Charts need a platform that can attach files; try /health chart activation csv for the data as text.',
    );
    await h.command('mod', '/health chart mood');
    expect(h.lastReplyTo('mod')).toBe(
      '“mood” is not a chart. Charts: funnel, cohorts, activity, growth, and response. For example: /health chart activity',
    );
    await h.command('mod', '/health chart growth 3w');
    expect(h.lastReplyTo('mod')).toContain('“3w” is not a period.');
  });
});

describe('the weekly summary', () => {
  it('posts once a week to the moderators’ channel, saying what moved', async () => {
    await start();
    await newcomers(6); // to Sunday Mar 8, 09:00 UTC
    await h.advance('1d'); // Monday Mar 9, 09:00 Paris has passed
    expect(summaries()).toHaveLength(1);
    const summary = summaries()[0]!.text;
    expect(summary).toContain('Weekly health summary of The Garden, the 28 days to Mar 8, 2026:');
    expect(summary).toMatch(/Members: 0 → 12 \(\+12\)/);
    expect(summary).not.toMatch(/talker|lurker/);
    await h.advance('6d');
    expect(summaries()).toHaveLength(1);
    await h.advance('1d');
    expect(summaries()).toHaveLength(2);
  });

  it('is caught up once after Foyer was down over its slot', async () => {
    await start();
    await newcomers(2);
    // Down from Wednesday Mar 4 to Wednesday Mar 18: two Mondays missed, one summary on return.
    await h.restart(14 * 86_400_000);
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]!.text).toContain('the 28 days to Mar 15, 2026');
    await h.restart(0);
    expect(summaries()).toHaveLength(1);
  });

  it('speaks the community’s language', async () => {
    await start({ community: { locale: 'fr' } });
    await newcomers(7);
    const summary = h.sent.find((s) => s.to === '#moderators')!.text;
    expect(summary).toContain('Bilan de santé hebdomadaire de The Garden, les 28 jours jusqu’au 8 mars 2026 :');
    await h.command('mod', '/health');
    expect(h.lastReplyTo('mod')).toContain('Santé de The Garden, les 28 jours jusqu’au 9 mars 2026');
    expect(h.lastReplyTo('mod')).toMatch(/Activation 50\s% \(semaine dernière 50\s%/);
  });
});

describe('the health check', () => {
  it('comes every N months after the baseline with every KPI, what changed most and the outcomes', async () => {
    await start({ features: { health: { enabled: true, checkEveryMonths: 2, weeklySummary: { enabled: false } } } });
    await newcomers(7);
    const checks = () => h.sent.filter((s) => s.to === '#moderators' && s.text.startsWith('Health check'));
    await h.advance('23d'); // Apr 1: one month after the baseline's month, no check
    expect(checks()).toHaveLength(0);
    await h.advance('30d'); // May 1
    expect(checks()).toHaveLength(1);
    const check = checks()[0]!.text;
    expect(check).toContain('Health check of The Garden, the 28 days to Apr 30, 2026 (every 2 months):');
    expect(check).toMatch(/What changed most since the baseline: /);
    expect(check).toContain('What Foyer’s own features achieved:');
    expect(check).toMatch(/Still members on day 30 /);
    expect(check).not.toMatch(/talker|lurker/);
    expect(summaries()).toHaveLength(0);
  });

  it('refuses to start without a moderators’ channel while reports are on', async () => {
    await expect(Harness.start({ features: { health: { enabled: true, channel: null } } })).rejects.toThrow(
      /features\.health\.channel/,
    );
  });
});
