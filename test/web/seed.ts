import type { WebBot } from './web-harness.ts';

/**
 * A small community over sixteen days, its figures worked out by hand for the day the
 * test reads them (Tuesday 17 March 2026, day 15, an hour later, Europe/Paris):
 *
 * - day 0 (Mon 2 Mar): alice, bruno, chloe, david and emma join; alice, bruno and chloe post;
 * - day 8 (Tue 10 Mar): alice and bruno post; emma reports harassment (a high report);
 * - day 15 (Tue 17 Mar): alice posts, david leaves, emma reports spam (a medium report).
 *
 * So on day 15: 4 members; active that day alice and emma (a command is activity): DAU 2;
 * over the 7 days to it the same two: WAU 2; over 28 days alice, bruno, chloe, emma: MAU 4.
 * Two open reports: a high one 7 days old, a medium one an hour old. Mia, the moderator
 * who asks for the link, is staff and counted apart.
 */
export async function seedCommunity(bot: WebBot): Promise<void> {
  const { h } = bot;
  for (const name of ['alice', 'bruno', 'chloe', 'david', 'emma']) await h.join(name, { photo: true });
  for (const name of ['alice', 'bruno', 'chloe']) await h.post(name, 'general', `hello from ${name}`);
  await h.advance('8d');
  await h.post('alice', 'general', 'back again');
  await h.post('bruno', 'general', 'me too');
  await h.command('emma', '/report harassment in the general channel');
  await h.advance('7d');
  await h.post('alice', 'general', 'a week later');
  await h.leave('david');
  await h.command('emma', '/report spam links everywhere');
  // Figures count what happened before the moment they are read.
  await h.advance('1h');
  h.roles.set('mia', 'moderator');
}

export const SEEDED = { members: '4', dau: '2', wau: '2', mau: '4', openReports: 2 };
