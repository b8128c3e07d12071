import { describe, expect, it } from 'vitest';
import type { MemberDataSection } from '../../src/core/members.ts';
import { text } from '../../src/core/rich-text.ts';
import { exportDocument, summaryLines } from '../../src/features/privacy/privacy.logic.ts';

const section = (key: string, data: unknown = key): MemberDataSection => ({
  key,
  data,
  lines: [[text(`${key} line`)]],
});
const lineTexts = (lines: ReturnType<typeof summaryLines>) =>
  lines.map((l) => l.map((i) => (i.type === 'text' ? i.text : '')).join(''));

describe('privacy: one view of every part Foyer keeps', () => {
  const byFeatureOrder = ['reportsFiled', 'profile', 'messages', 'outreach', 'onboardingSteps'].map((key) =>
    section(key),
  );

  it('lists who the member is, what they did, then what Foyer did towards them, in any order given', () => {
    expect(lineTexts(summaryLines(byFeatureOrder))).toEqual([
      'profile line',
      'onboardingSteps line',
      'messages line',
      'reportsFiled line',
      'outreach line',
    ]);
  });

  it('puts parts it does not know after the known ones, in the order they came', () => {
    const lines = summaryLines([section('pollVotes'), section('outreach'), section('digest'), section('profile')]);
    expect(lineTexts(lines)).toEqual(['profile line', 'outreach line', 'pollVotes line', 'digest line']);
  });

  it('keeps every line of a part together, in the part’s own order', () => {
    const lines = [[text('contacts: 2')], [text('first')], [text('second')]];
    const outreach: MemberDataSection = { key: 'outreach', data: [], lines };
    expect(lineTexts(summaryLines([outreach, section('profile')]))).toEqual([
      'profile line',
      'contacts: 2',
      'first',
      'second',
    ]);
  });

  it('exports the header first, then each part’s data under its key in the export’s long-standing order', () => {
    const header = { community: 'garden', member: 'console:ana', exportedAt: new Date(0) };
    const document = exportDocument(header, [...byFeatureOrder, section('pollVotes', [1])]);
    expect(Object.keys(document)).toEqual([
      'community',
      'member',
      'exportedAt',
      'profile',
      'reportsFiled',
      'onboardingSteps',
      'messages',
      'outreach',
      'pollVotes',
    ]);
    expect(document).toMatchObject({ community: 'garden', member: 'console:ana', profile: 'profile', pollVotes: [1] });
  });
});
