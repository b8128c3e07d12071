import { afterEach, describe, expect, it } from 'vitest';
import { channelId } from '../../../src/core/ids.ts';
import { codeBlock, paragraph, rich, text } from '../../../src/core/rich-text.ts';
import { openStorage } from '../../../src/storage/index.ts';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { testConfig } from '../../support/harness.ts';
import { DiscordFoyer, GENERAL, startDiscord } from './discord-harness.ts';
import { commandProbe } from '../../support/command-probe.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

/** The text between an opening fence and its closing fence, or undefined if the piece is not exactly one closed block. */
const fencedContent = (piece: string): string | undefined => /^```\n([^]*)\n```$/.exec(piece)?.[1];

/** A member Foyer has contacted many times: their export is far longer than one message. */
function seedLongHistory(foyer: DiscordFoyer, userId: string): void {
  const community = testConfig().community.id;
  for (let i = 0; i < 60; i++) {
    foyer.storage.outreach.begin({
      communityId: community,
      memberId: `discord:${userId}`,
      effectKey: `seed:${i}`,
      feature: 'welcome',
      reason: `a reminder number ${i} @everyone <@&1> \`\`\` [x](https://evil.example)`,
      via: 'dm',
      at: new Date(Date.UTC(2030, 0, 1, 0, i)),
    });
  }
}

/** Answers `/codedump` with a long code block through the text path (no file). */
const codeDump = commandProbe({
  id: 'code-dump',
  command: 'codedump',
  description: 'Answers with a long code block',
  async run(call) {
    const lines = Array.from(
      { length: 150 },
      (_, i) => `"line ${i}": "@everyone <@&1> \`\`\`\` [x](https://evil.example)",`,
    );
    await call.reply(rich(paragraph(text('Here:')), codeBlock(lines.join('\n'))), { private: true });
  },
});

describe('Discord: long answers and files', () => {
  it('a long /mydata export arrives privately as a JSON file attached to the answer', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const ana = discord.addMember({ username: 'ana' });
    await foyer.waitForPost(discord.channelId('welcome'), 'Welcome');
    seedLongHistory(foyer, ana.user.id);
    const record = await discord.interaction({
      type: 'chatInput',
      userId: ana.user.id,
      channelId: GENERAL,
      commandName: 'mydata',
      options: { format: 'export' },
    });
    expect(record.timedOut).toBe(false);
    expect(record.ephemeral).toBe(true);
    const request = record.callback!.request;
    expect(String(request.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(request.files).toHaveLength(1);
    const [file] = request.files;
    expect(file!.field).toBe('files[0]');
    expect(file!.filename).toMatch(/^foyer-mydata-\d{4}-\d\d-\d\d\.json$/);
    const json = JSON.parse(file!.data.toString('utf8')) as { outreach: { reason: string }[]; member: string };
    expect(json.member).toBe(`discord:${ana.user.id}`);
    expect(json.outreach.length).toBeGreaterThanOrEqual(60);
    expect(String(record.callback!.data?.['content'])).toContain('attached file');
  });

  it('a long code block sent as text is split into pieces that are each one closed code block', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [codeDump]);
    const ana = discord.addMember({ username: 'ana' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: ana.user.id,
      channelId: GENERAL,
      commandName: 'codedump',
    });
    await expect.poll(() => record.followups.length).toBeGreaterThan(2);
    const pieces = [
      String(record.callback!.data?.['content']),
      ...record.followups.map((r) => String((r.body as { content: string }).content)),
    ];
    expect(pieces[0]).toBe('Here:');
    for (const piece of pieces.slice(1)) {
      expect(piece.length).toBeLessThanOrEqual(2000);
      const inside = fencedContent(piece);
      expect(inside, piece.slice(0, 60)).toBeDefined();
      expect(inside).not.toContain('``');
    }
  });

  it('native poll text is sent sanitized: no bidi or zero-width characters, no mass ping', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, {}, openStorage(':memory:'), [], { polls: true });
    const published = await foyer.adapter.ports.polls!.publish(channelId('discord', GENERAL), {
      question: 'Meet\u202Eup\u200B? @everyone',
      answers: ['Par\u2066is', 'Ly\u200Don'],
      durationHours: 24,
      multipleChoice: false,
    });
    expect(published.ok).toBe(true);
    const post = discord.requestsTo('POST /channels/:channelId/messages', { succeeded: true }).at(-1)!;
    expect((post.body as { poll: unknown }).poll).toMatchObject({
      question: { text: 'Meetup? @\u2060everyone' },
      answers: [{ poll_media: { text: 'Paris' } }, { poll_media: { text: 'Lyon' } }],
    });
  });
});
