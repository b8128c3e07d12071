/**
 * "We missed you" at scale: the daily look for missed members in a community of
 * BENCH_MISSED_MEMBERS members (default 100,000), each active on 4 days ending on a last
 * active day spread over the 60 days before; the look runs as the scheduler runs it (the
 * story harness, fake time, a real in-memory SQLite with the real migrations, the fake
 * platform), on its first start, so every absence of the 8-day catch-up window is found at
 * once (about 13,000 at 100,000 members).
 *
 * It prints how long the look took, the longest time the event loop was held (Node's
 * `monitorEventLoopDelay` at 1 ms resolution, and the longest gap between the turns of a
 * timer that re-arms itself), the longest of the store's page reads the look made (the
 * store pages its scans in SQL, so no read covers the whole community), and the baseline
 * measured in the same run on the same data: the store's whole candidate query, the one
 * read a look made before the store paged it. The ratio is longest block / that query. It
 * asserts nothing.
 *
 *   BENCH_MISSED_MEMBERS  members (default 100000; `npm run bench`'s CI smoke uses a few thousand)
 *
 * Run: `npm exec -- tsx bench/missed-you.ts`; `npm run bench` runs it with the others.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { FakeTime } from '../src/core/fake-time.ts';
import { addDays } from '../src/core/local-day.ts';
import { openDatabase } from '../src/storage/database.ts';
import { createStorage } from '../src/storage/index.ts';
import { Harness, START, testConfig } from '../test/support/harness.ts';
import { now } from './support.ts';

const SETTINGS = { silentDays: 14, lookbackDays: 28, minActiveDays: 4, catchUpDays: 7, holdoutShare: 0.1 };
/** The look runs at 12:00 Paris (11:00 UTC), two hours after START. */
const TIME = '12:00';

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

/** The longest gap between turns of a self-rearming timer, minus the timer's own delay: how long the loop was held. */
function gapSampler(): { stop(): number } {
  let last = now();
  let longest = 0;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const at = now();
    longest = Math.max(longest, at - last - 1);
    last = at;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return {
    stop() {
      clearTimeout(timer);
      return Math.max(longest, now() - last - 1);
    },
  };
}

const pageLine = (name: string, ms: readonly number[]) =>
  ms.length === 0 ? `${name} not paged` : `${name} ${ms.length} pages, longest ${Math.max(...ms).toFixed(1)} ms`;

export async function runMissedYouBench(): Promise<number> {
  const members = positiveInt(process.env.BENCH_MISSED_MEMBERS, 100_000);
  const db = openDatabase(':memory:');
  const config = testConfig({
    features: { photoNudge: { enabled: false }, missedYou: { enabled: true, ...SETTINGS, time: TIME } },
  });
  const h = new Harness(config, new FakeTime(START), createStorage(db));
  await h.boot();
  const today = START.toISOString().slice(0, 10);
  const sqlite = db.$client;
  const joined = START.getTime() - 400 * 86_400_000;
  const insertMember = sqlite.prepare(
    'INSERT INTO members (community_id, member_id, display_name, joined_at) VALUES (?, ?, ?, ?)',
  );
  const insertDay = sqlite.prepare(
    'INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < members; i++) {
      const member = h.member(`member${i}`);
      insertMember.run(h.community, member, `member${i}`, joined);
      const last = addDays(today, -(1 + (i % 60)));
      for (let d = 0; d < 4; d++) insertDay.run(h.community, addDays(last, -d), member);
    }
  })();

  // The baseline: the candidate query alone, on the same data, before the look records anything.
  const window = { latest: addDays(today, -SETTINGS.silentDays), oldest: addDays(today, -SETTINGS.silentDays - 7) };
  const query = { ...window, lookbackDays: SETTINGS.lookbackDays, minActiveDays: SETTINGS.minActiveDays };
  const queryRuns: number[] = [];
  let candidates = 0;
  for (let run = 0; run < 3; run++) {
    const began = now();
    candidates = h.storage.stores.missedYou.candidates(h.community, query).length;
    queryRuns.push(now() - began);
  }
  const queryMs = Math.min(...queryRuns);

  // The look's page reads, timed one by one: each is work the event loop cannot be handed back during.
  const store = h.storage.stores.missedYou;
  const pages = { candidates: [] as number[], awaiting: [] as number[] };
  const { candidatesPage, awaitingContactPage } = store;
  if (candidatesPage)
    store.candidatesPage = (...args) => {
      const at = now();
      const page = candidatesPage(...args);
      pages.candidates.push(now() - at);
      return page;
    };
  if (awaitingContactPage)
    store.awaitingContactPage = (...args) => {
      const at = now();
      const page = awaitingContactPage(...args);
      pages.awaiting.push(now() - at);
      return page;
    };

  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const sampler = gapSampler();
  histogram.enable();
  const began = now();
  await h.advance('2h1m');
  const lookMs = now() - began;
  histogram.disable();
  const longestGap = sampler.stop();
  const dms = h.sent.filter((s) => s.kind === 'dm').length;
  const recorded = sqlite.prepare('SELECT count(*) FROM missed_you_absences').pluck().get() as number;
  await h.stop();

  const longest = Math.max(histogram.max / 1e6, longestGap);
  process.stdout.write(
    `\nmissed you: ${members.toLocaleString('en-US')} members, ${candidates.toLocaleString('en-US')} missed at the first look; ` +
      `${recorded.toLocaleString('en-US')} absences recorded, ${dms.toLocaleString('en-US')} direct messages\n` +
      `the look took ${lookMs.toFixed(0)} ms; longest event-loop block ${longest.toFixed(1)} ms ` +
      `(delay histogram max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms; ` +
      `longest timer gap ${longestGap.toFixed(1)} ms)\n` +
      `store page reads: ${pageLine('candidates', pages.candidates)}; ${pageLine('awaiting contact', pages.awaiting)}\n` +
      `baseline, the whole candidate query alone: ${queryMs.toFixed(1)} ms (best of 3)\n` +
      `missed you: longest block / candidate query = ${(longest / queryMs).toFixed(2)}\n`,
  );
  return longest / queryMs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMissedYouBench().catch((error: unknown) => {
    process.stderr.write(
      `missed-you bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
