import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempConfig } from './process.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The lines of one message Foyer posted, from its header line to the last of its continuation lines. */
function messageStartingWith(stdout: string, header: string): string {
  const start = stdout.indexOf(header);
  if (start < 0) return '';
  const rest = stdout.slice(start).split('\n');
  const end = rest.findIndex((line, i) => i > 0 && !/^\s+│/.test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

const attachedFile = (stdout: string, extension: string): string | undefined =>
  new RegExp(`📎 (\\S+\\.${extension})`).exec(stdout)?.[1];

describe('the health demo script', () => {
  // One run of the four simulated weeks serves every check below: it takes a few seconds.
  let dir = '';
  let db = '';
  let result: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    const temp = tempConfig();
    ({ dir, db } = temp);
    result = await run(
      ['src/main.ts', '--config', temp.config],
      readFileSync('examples/health-demo.txt', 'utf8'),
      '2026-03-02T10:00:00Z',
    );
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs to the end without a warning', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('· Foyer stopped (end of input).');
  });

  it('answers /health with the headline figures and the goal’s progress from the baseline', () => {
    const answer = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Health of The Garden, the 28 days to Mar 30, 2026',
    );
    // Of the 7 who joined in the 28 days to Mar 30, eli and hana posted in their first week;
    // of the 11 in the 28 days to Mar 23, 5 did. The baseline, taken before anyone joined,
    // has no activation, so the way to 50% starts from zero.
    expect(answer).toContain('• Activation 29% (last week 45%, baseline n/a; goal 50% by Jun 1, 2027: 57% of the way)');
    expect(answer).toContain('• Members 10 (last week 10, baseline 0)');
    expect(answer).toContain(
      '• Newcomers feel welcome enough to speak up: Activation 50% by Jun 1, 2027, 57% of the way (428 days left)',
    );
    expect(answer).toContain('Staff, counted apart: 1 member');
    // Nobody joined in the 7 days to Mar 30: kai came on Mar 23.
    expect(answer).toContain('• Joins: 0 (expected 5), not yet');
  });

  it('shows the cohort table by join week', () => {
    const table = messageStartingWith(
      result.stdout,
      'foyer ▸ @mod (only you) │ Retention by join week (share of each cohort active in week 1, 2, 4, 8 and 12):',
    );
    expect(table).toContain('• Week of Mar 2, 2026, 4 members: w1 25% · w2 25% · w4 n/a · w8 n/a · w12 n/a');
    expect(table).toContain('• Week of Mar 9, 2026, 3 members: w1 33% · w2 0% · w4 n/a');
    expect(table).toContain('• Week of Mar 23, 2026, 1 member: w1 n/a');
  });

  it('writes the activity chart as a PNG file in the data folder and prints its path', () => {
    expect(result.stdout).toContain('Active members and stickiness, Jan 6, 2026 to Mar 30, 2026.');
    const png = attachedFile(result.stdout, 'png');
    expect(png).toBeDefined();
    expect(relative(dirname(db), png!)).not.toMatch(/^\.\./);
    expect(existsSync(png!)).toBe(true);
    expect(readFileSync(png!).subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('writes the funnel’s data as a CSV file', () => {
    const csv = attachedFile(result.stdout, 'csv');
    expect(csv).toBeDefined();
    expect(relative(dirname(db), csv!)).not.toMatch(/^\.\./);
    // CSV rows end in CRLF, as RFC 4180 has them.
    const lines = readFileSync(csv!, 'utf8').split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['Step,Members,Share', 'Joined,11,1', 'Posted within 7 days,5,0.4545']);
  });

  it('posts the weekly summary to the moderators’ channel once a week, with the goal', () => {
    const summaries = result.stdout.match(/foyer ▸ #moderators │ Weekly health summary of The Garden/g) ?? [];
    expect(summaries).toHaveLength(4);
    const last = messageStartingWith(
      result.stdout,
      'foyer ▸ #moderators │ Weekly health summary of The Garden, the 28 days to Mar 29, 2026:',
    );
    expect(last).toContain('• Activation: 50% → 45% (-5 points)');
    expect(last).toContain('Activation 50% by Jun 1, 2027, 91% of the way (429 days left)');
    expect(result.stdout.indexOf('the 28 days to Mar 29, 2026:')).toBeLessThan(
      result.stdout.indexOf('» :as mod /health'),
    );
  });

  it('checks the week’s expectations on that week’s joins, not on the 28 days', () => {
    const joinsExpected = [
      ['Mar 8', 'Joins: 4 (expected 5), not yet'],
      ['Mar 15', 'Joins: 3 (expected 5), not yet'],
      ['Mar 22', 'Joins: 3 (expected 5), not yet'],
      ['Mar 29', 'Joins: 1 (expected 5), not yet'],
    ];
    for (const [day, line] of joinsExpected) {
      const summary = messageStartingWith(
        result.stdout,
        `foyer ▸ #moderators │ Weekly health summary of The Garden, the 28 days to ${day}, 2026:`,
      );
      expect(summary).toContain(line);
    }
  });
});
