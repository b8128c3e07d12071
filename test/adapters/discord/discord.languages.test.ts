import { afterEach, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

interface Described {
  name: string;
  description?: string;
  description_localizations?: Record<string, string>;
  options?: Described[];
}

/** Every command, subcommand and option with a description, as Discord received them. */
const everything = (items: readonly Described[], path = ''): { path: string; item: Described }[] =>
  items.flatMap((item) => [
    ...(item.description ? [{ path: `${path}${item.name}`, item }] : []),
    ...everything(item.options ?? [], `${path}${item.name} `),
  ]);

describe('slash commands in both languages (what Discord receives)', () => {
  it('an English community registers English descriptions with French localizations for every command and option', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const described = everything(discord.commands('guild') as unknown as Described[]);
    expect(described.length).toBeGreaterThan(20);
    const missing = described.filter(({ item }) => !item.description_localizations?.['fr']).map(({ path }) => path);
    expect(missing).toEqual([]);
    // A description that reads the same in both languages was left as literal text, not a message.
    const untranslated = described
      .filter(({ item }) => item.description === item.description_localizations?.['fr'])
      .map(({ path, item }) => `${path}: ${item.description}`);
    expect(untranslated).toEqual([]);
    const help = described.find(({ path }) => path === 'help')!.item;
    expect(help.description).toBe('List the commands you can use');
    expect(help.description_localizations).toMatchObject({ fr: 'Lister les commandes que vous pouvez utiliser' });
  });

  it('a French community registers French descriptions, with English ones for English clients', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { community: { locale: 'fr' } });
    const help = everything(discord.commands('guild') as unknown as Described[]).find(
      ({ path }) => path === 'help',
    )!.item;
    expect(help.description).toBe('Lister les commandes que vous pouvez utiliser');
    expect(help.description_localizations).toEqual({
      'en-US': 'List the commands you can use',
      'en-GB': 'List the commands you can use',
    });
  });
});
