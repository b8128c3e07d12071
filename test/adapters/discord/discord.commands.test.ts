import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildSlashCommands,
  commandsFingerprint,
  invocationFromInteraction,
} from '../../../src/adapters/discord/discord.commands.ts';
import { defineCommand, type CommandDef, type CommandTexts } from '../../../src/core/commands.ts';
import { BUILT_IN } from '../../../src/features/catalogue.ts';

const def = (name: string, args: z.ZodObject = z.object({}), role: CommandDef['role'] = 'member') =>
  defineCommand({ name, description: `${name} description`, args, role, run: async () => {} });

describe('slash commands from command definitions', () => {
  const defs = [
    def('onboarding'),
    def('onboarding stats', z.object({ days: z.coerce.number().default(30).describe('how many days') }), 'moderator'),
    def('language', z.object({ locale: z.enum(['en', 'fr']) })),
    def('interests', z.object({ interests: z.array(z.string()).optional().describe('interests') })),
    def('note', z.object({ tag: z.string().optional(), text: z.string().describe('the note') })),
  ];

  it('maps argument types to option types, with choices and required flags', () => {
    const commands = buildSlashCommands(defs);
    const language = commands.find((c) => c.name === 'language')!;
    expect(language.options).toEqual([
      {
        type: 3,
        name: 'locale',
        description: 'locale',
        required: true,
        choices: [
          { name: 'en', value: 'en' },
          { name: 'fr', value: 'fr' },
        ],
      },
    ]);
    const interests = commands.find((c) => c.name === 'interests')!;
    expect(interests.options![0]).toMatchObject({
      type: 3,
      required: false,
      description: 'interests (comma-separated)',
    });
    // Required options come first, as Discord demands.
    expect(commands.find((c) => c.name === 'note')!.options!.map((o) => o.name)).toEqual(['text', 'tag']);
  });

  it('groups "a b" commands as subcommands, and the bare command becomes "show"', () => {
    const onboarding = buildSlashCommands(defs).find((c) => c.name === 'onboarding')!;
    expect(onboarding.options!.map((o) => [o.type, o.name])).toEqual([
      [1, 'show'],
      [1, 'stats'],
    ]);
    expect(onboarding.options![1]!.options).toEqual([
      { type: 10, name: 'days', description: 'how many days', required: false },
    ]);
  });

  it('reads an interaction back to the Foyer command and its options', () => {
    expect(
      invocationFromInteraction({ name: 'onboarding', options: [{ name: 'show', type: 1, options: [] }] }),
    ).toEqual({ name: 'onboarding', options: {} });
    expect(
      invocationFromInteraction({
        name: 'onboarding',
        options: [{ name: 'stats', type: 1, options: [{ name: 'days', value: 7 }] }],
      }),
    ).toEqual({ name: 'onboarding stats', options: { days: 7 } });
    expect(
      invocationFromInteraction({ name: 'language', options: [{ name: 'locale', type: 3, value: 'fr' }] }),
    ).toEqual({ name: 'language', options: { locale: 'fr' } });
  });

  it('fingerprints change only when the commands change', () => {
    const a = commandsFingerprint(buildSlashCommands(defs));
    expect(commandsFingerprint(buildSlashCommands([...defs]))).toBe(a);
    expect(commandsFingerprint(buildSlashCommands(defs.slice(1)))).not.toBe(a);
  });
});

describe('slash command descriptions in every language', () => {
  const texts = (primary: 'en' | 'fr'): CommandTexts => ({
    primary,
    locales: ['en', 'fr'],
    describe: (description, locale) => (BUILT_IN[locale] as Record<string, string>)[description] ?? description,
  });
  const help = defineCommand({
    name: 'help',
    description: 'command.help.description',
    args: z.object({}),
    role: 'member',
    run: async () => {},
  });
  const tags = defineCommand({
    name: 'tags',
    description: 'command.help.description',
    args: z.object({ tags: z.array(z.string()).describe('command.help.title') }),
    role: 'member',
    run: async () => {},
  });

  it('carries French descriptions for French clients in an English community', () => {
    const [command] = buildSlashCommands([help], texts('en'));
    expect(command).toMatchObject({
      description: 'List the commands you can use',
      description_localizations: { fr: 'Lister les commandes que vous pouvez utiliser' },
    });
  });

  it('describes in French by default in a French community, English for English clients', () => {
    const [command] = buildSlashCommands([tags], texts('fr'));
    expect(command!.description).toBe('Lister les commandes que vous pouvez utiliser');
    expect(command!.description_localizations).toEqual({
      'en-US': 'List the commands you can use',
      'en-GB': 'List the commands you can use',
    });
    expect(command!.options![0]).toMatchObject({
      description: 'Commandes : (séparés par des virgules)',
      description_localizations: { 'en-US': 'Commands: (comma-separated)' },
    });
  });
});
