import { afterEach, describe, expect, it } from 'vitest';
import type { FeatureContext } from '../../src/features/define.ts';
import { defineFeature } from '../../src/features/define.ts';
import { FEATURES } from '../../src/features/index.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** A probe feature that only keeps its context: what spotlight and circle read through `recognition`. */
let seen: FeatureContext<never, unknown, object> | undefined;
const probe = defineFeature({
  id: 'recognition-probe',
  description: 'reads the recognition view',
  needs: [] as const,
  config: () => ({}),
  setup(ctx) {
    seen = ctx as never;
    return {};
  },
});

describe('the recognition view features read levels and thanks through', () => {
  it('gives a member’s level, thanks received in a period, and contributors ranked; staff and leavers left out', async () => {
    h = await Harness.start(
      {
        features: {
          levels: {
            windowDays: 7,
            levels: [
              { id: 'exploring', activeDays: 0, thanksFrom: 0 },
              { id: 'participating', activeDays: 2, thanksFrom: 1 },
            ],
          },
        },
      },
      undefined,
      { features: [...FEATURES, probe] },
    );
    h.roles.set('mod', 'moderator');
    for (const m of ['ana', 'bob', 'cy', 'dee', 'mod']) await h.join(m);
    await h.command('mod', '/levels'); // seen acting as staff from now on
    const from = h.time.now();
    await h.command('bob', '/thanks ana');
    await h.command('cy', '/thanks ana');
    await h.command('ana', '/thanks cy');
    await h.command('ana', '/thanks mod');
    await h.command('ana', '/thanks dee');
    await h.post('ana', 'general', 'day one');
    await h.post('dee', 'general', 'day one');
    await h.advance('1d');
    await h.post('ana', 'general', 'day two');
    await h.leave('dee');
    await h.advance('1d');
    const view = seen!.recognition;
    const ana = h.member('ana');
    expect(view.levelOf(ana)).toMatchObject({ rank: 1, level: 'participating' });
    expect(view.levelOf(h.member('bob'))).toBeUndefined();
    expect(view.thanksReceived(ana, from, h.time.now())).toEqual({ thanks: 2, givers: 2 });
    expect(view.thanksReceived(ana, new Date(from.getTime() + 1), h.time.now())).toEqual({ thanks: 0, givers: 0 });
    const top = view.topContributors(from, h.time.now(), 10);
    expect(top.map((c) => [c.member, c.givers, c.thanks, c.activeDays, c.rank])).toEqual([
      [ana, 2, 2, 2, 1],
      [h.member('cy'), 1, 1, 1, undefined],
      [h.member('bob'), 0, 0, 1, undefined],
    ]);
    expect(view.topContributors(from, h.time.now(), 1)).toHaveLength(1);
  });
});
