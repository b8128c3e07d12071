import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../src/adapters/console/console.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { communityId, memberId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { FEATURES } from '../../../src/features/index.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { START, testConfig } from '../../support/harness.ts';

let bot: Bot | undefined;
let storage: Storage | undefined;
afterEach(async () => {
  await bot?.stop();
  storage?.close();
  bot = undefined;
});

/** Foyer on the console adapter, typed at like a user would, with the real features and fake time. */
async function consoleFoyer() {
  const config = testConfig({
    features: {
      levels: {
        windowDays: 7,
        levels: [
          { id: 'exploring', activeDays: 0, thanksFrom: 0 },
          { id: 'participating', activeDays: 1, thanksFrom: 1, role: 'helpers' },
        ],
      },
    },
  });
  const time = new FakeTime(START);
  const lines: string[] = [];
  const adapter = createConsoleAdapter({
    community: communityId(config.community.id),
    write: (line) => lines.push(line),
    now: () => time.now(),
    advance: async (ms) => time.advance(ms),
    channels: ['general'],
    roles: { moderators: [], admins: [] },
    sessionId: 's1',
  });
  storage = openStorage(':memory:');
  bot = createBot({
    config,
    adapter,
    storage,
    clock: time.clock,
    waker: time,
    logger: createMemoryLogger(),
    features: FEATURES,
  });
  await bot.start();
  const type = async (...input: string[]) => {
    // An advance runs the due work itself; anything else is tracked until Foyer has handled it.
    for (const line of input)
      await (line.startsWith(':advance') ? adapter.input(line) : time.track(adapter.input(line)));
  };
  const thanksOf = (name: string) =>
    storage!.stores.thanks
      .ofMember(config.community.id, memberId('console', name))
      .filter((e) => e.receiver === memberId('console', name));
  return { type, lines, thanksOf };
}

describe('thanks and level roles on the console', () => {
  it(':react thanks the latest message’s author, :unreact takes it back', async () => {
    const { type, lines, thanksOf } = await consoleFoyer();
    await type(':join ana', ':join bob', ':as bob here is the fix', ':as ana great', ':react ana 🙏 bob');
    expect(thanksOf('bob').map((e) => [e.giver, e.via, e.emoji])).toEqual([['console:ana', 'reaction', '🙏']]);
    await type(':unreact ana 🙏 bob');
    expect(thanksOf('bob')).toEqual([]);
    await type(':react ana 🙏 nobody');
    expect(lines.at(-1)).toBe('· no message by nobody in #general to react to');
  });

  it('a level carrying a role shows the role given in the transcript', async () => {
    const { type, lines } = await consoleFoyer();
    await type(':join ana', ':join bob', ':as bob hello', '/thanks ana', ':as ana thanks!', ':advance 1d');
    expect(lines).toContain('· ana now has the role helpers');
    expect(lines.some((l) => l.includes('you are now Participating'))).toBe(true);
  });
});
